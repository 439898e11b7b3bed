"""Dates a registration referral runs on (docs/domain/gp-registration.md#national-rules,
docs/domain/gp-registration.md#registration-before-release-from-prison). Pure: working days skip
weekends and England bank holidays through the SAS helper (gateway/sas/rules/days), so both schemes
count the same way."""

from dataclasses import dataclass

from gateway.sas.rules.days import add_days, add_months, add_working_days, previous_working_day

# docs/domain/gp-registration.md#registration-before-release-from-prison: on release, up to 28 days
# of medicines and up to 14 days of opioid substitution.
MAX_MEDICATION_DAYS = 28
MAX_OPIOID_SUBSTITUTION_DAYS = 14
# docs/domain/gp-registration.md#national-rules (national): returned post raises an FP69 flag; if
# the address is not confirmed within 6 months the person is removed from the practice list.
FP69_REMOVAL_MONTHS = 6
# National rules, not a scheme's choice.
# docs/domain/gp-registration.md#registration-before-release-from-prison (GMS contract 2017/18): a
# practice may register a person up to one month before release.
# docs/domain/gp-registration.md#national-rules: a practice that refuses writes to the person within
# 14 days.
PRE_RELEASE_REGISTRATION_MONTHS = 1
REFUSAL_LETTER_DAYS = 14


@dataclass(frozen=True)
class ChaseDates:
    chase_on: object
    escalate_on: object


def chase_dates(sent_on, policy):
    """No answer within N working days of sending → reminder on the Nth working day; still
    none N more working days later → escalation to the commissioner."""
    chase_on = add_working_days(sent_on, policy.chase_after_working_days)
    return ChaseDates(
        chase_on=chase_on,
        escalate_on=add_working_days(chase_on, policy.escalate_after_working_days),
    )


def earliest_registration(release_date):
    """docs/domain/gp-registration.md#registration-before-release-from-prison: the first day a
    practice may register a prison leaver, one month before release (31 March release: from 28
    February)."""
    return add_months(release_date, -PRE_RELEASE_REGISTRATION_MONTHS)


def too_early_to_register(release_date, on_date):
    """True when on_date is more than one month before release: a practice cannot register
    the person yet, so a referral or a registration then is refused."""
    return release_date is not None and on_date < earliest_registration(release_date)


def pre_release_alert_from(release_date):
    """Alerts start when registration becomes possible, one month before release."""
    return earliest_registration(release_date)


def registration_due_by(release_date):
    """Registration should be complete by the release date: the last working day on or
    before it (the practice is not open on a Sunday release)."""
    return previous_working_day(release_date)


def pre_release_alert_due(release_date, today, *, registered):
    """True when a prison leaver not yet registered is inside the alert window (from
    N months before release, until and after the release date)."""
    if registered or release_date is None:
        return False
    return today >= pre_release_alert_from(release_date)


def registered_before_release(release_date, registered_on):
    return release_date is not None and registered_on is not None and registered_on <= release_date


def refusal_letter_due(refused_on):
    """docs/domain/gp-registration.md#national-rules: the practice writes to the person within 14
    days of refusing."""
    return add_days(refused_on, REFUSAL_LETTER_DAYS)


@dataclass(frozen=True)
class Fp69Dates:
    removal_on: object  # the person may be removed from the list from this day
    warn_from: object  # the worker and the practice are warned from this day
    escalate_from: object  # the commissioner is told from this day


def fp69_dates(returned_on, policy):
    """Six months on from the returned-post notice the person may be removed unless the
    address is confirmed; the worker and the practice are warned policy.fp69_warning_days
    before, the commissioner policy.fp69_escalation_days before."""
    removal_on = add_months(returned_on, FP69_REMOVAL_MONTHS)
    return Fp69Dates(
        removal_on=removal_on,
        warn_from=max(returned_on, add_days(removal_on, -policy.fp69_warning_days)),
        escalate_from=max(returned_on, add_days(removal_on, -policy.fp69_escalation_days)),
    )


def first_appointment_due(registered_on, policy):
    """When to ask the worker whether the person went to a first appointment."""
    return add_days(registered_on, policy.first_appointment_reminder_days)
