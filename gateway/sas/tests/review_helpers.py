"""Helpers for review and discharge tests: the patient is on the scheme since 1 June 2025
(OnScheme.awaiting_first_review in gateway/sas/tests/factories.py) and the first review falls
due on TODAY."""

import datetime

from gateway.sas.models import Review

TODAY = datetime.date(2026, 6, 1)  # the first review is due: 12 months on


def plan_data(scheme, **overrides):
    return {
        "target_practice": scheme.mainstream,
        "target_practice_note": "",
        "medication_cover": "Repeat prescriptions from the SAS practice until registered",
        "referrals_to_hand_over": "Dermatology referral waiting for an appointment",
        "stay_in_touch_months": 6,
        **overrides,
    }


def remain_data(**overrides):
    return {
        "patient_took_part": Review.HowTookPart.THROUGH_WORKER,
        "held_on": TODAY,
        "decision": Review.Decision.REMAIN,
        "reasons": "Two missed appointments and one incident in March",
        "what_would_change_it": "Six months with no incidents and appointments kept",
        **overrides,
    }


def discharge_data(scheme, **overrides):
    return {
        "patient_took_part": Review.HowTookPart.IN_PERSON,
        "held_on": TODAY,
        "decision": Review.Decision.DISCHARGE,
        "reasons": "A settled year with no incidents",
        **plan_data(scheme),
        **overrides,
    }
