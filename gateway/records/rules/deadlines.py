"""When the answer to a subject access request is due
(docs/domain/standards.md#right-of-access): one calendar month from the day the request
arrived, to the same date next month or that month's last day, moved on to the next working
day when it falls on a weekend or bank holiday."""

import datetime

from gateway.sas.rules import add_months, is_working_day


def respond_by(received_on):
    """The last day to answer a request received on ``received_on``."""
    day = add_months(received_on, 1)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day
