"""Helpers for the appeals and other-changes tests (the patient on the scheme is
gateway/sas/tests/factories.py OnScheme): an appeal's answers and the steps before the panel."""

import datetime

from gateway.sas import services


def appeal_data(**overrides):
    data = {
        "against": "placement",
        "lodged_by": "patient",
        "representative_name": "",
        "representative_relationship": "",
        "means": "phone",
        "received_on": datetime.date(2026, 3, 10),
        "grounds": "The incident did not happen.",
        "late_reason": "",
    }
    data.update(overrides)
    return data


def ready_for_panel(scheme, appeal):
    """The steps the panel's decision waits for (the panel order rule): the appeal
    acknowledged the day after it arrived and the panel arranged three weeks on."""
    who = (scheme.commissioner_user, scheme.commissioner)
    appeal = services.record_acknowledgement(
        *who, appeal, appeal.version, appeal.received_on + datetime.timedelta(days=1)
    )
    return services.schedule_panel(
        *who, appeal, appeal.version, appeal.received_on + datetime.timedelta(days=21)
    )
