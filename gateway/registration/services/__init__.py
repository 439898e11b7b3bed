"""Every write to registration referrals: permission check, write, history, audit and outbox
in one transaction (DESIGN.md). Views, the API and the daily job call these."""

from .answers import accept, record_refusal_letter, refuse
from .daily import fp69_alerts, run_daily
from .evidence import keep_evidence
from .followup import (
    record_address_confirmed,
    record_first_appointment,
    record_returned_post,
    returned_post,
)
from .referrals import (
    check_referral,
    estimated_date_of_birth,
    refer,
    refer_new_person,
    withdraw,
    withdraw_on_death,
)
from .refusals import (
    assignable_practices,
    can_challenge,
    challenge_refusal,
    choose_another_practice,
    commissioner_may_decide,
    next_steps_open,
    record_practice_contacted,
    record_refusal_outcome,
    stop_after_refusal,
)
from .sending import choose_practice, practice_choice, send

__all__ = [
    "accept",
    "assignable_practices",
    "can_challenge",
    "challenge_refusal",
    "choose_another_practice",
    "commissioner_may_decide",
    "next_steps_open",
    "record_practice_contacted",
    "record_refusal_outcome",
    "stop_after_refusal",
    "check_referral",
    "choose_practice",
    "estimated_date_of_birth",
    "fp69_alerts",
    "keep_evidence",
    "practice_choice",
    "record_address_confirmed",
    "record_first_appointment",
    "record_refusal_letter",
    "record_returned_post",
    "refer",
    "refer_new_person",
    "refuse",
    "returned_post",
    "run_daily",
    "send",
    "withdraw",
    "withdraw_on_death",
]
