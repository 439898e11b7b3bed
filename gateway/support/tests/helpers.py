"""A person known to a GP practice in NHS Sussex's area and to a refuge, with the Sussex
multiple-disadvantage rule (3 of 4, version 2) in force."""

import datetime

from gateway.accounts.models import Organisation, Role
from gateway.support.models import MCNRule
from gateway.support.rules import dash
from tests.factories import (
    CommissionerFactory,
    MembershipFactory,
    PartnerFactory,
    PatientFactory,
    PracticeFactory,
)

TODAY = datetime.date(2026, 3, 16)


class Person:
    def __init__(self):
        self.commissioner = CommissionerFactory(name="NHS Sussex")
        self.practice = PracticeFactory(commissioner=self.commissioner)
        self.refuge = PartnerFactory(
            name="Safe Haven Refuge", partner_type=Organisation.PartnerType.REFUGE
        )
        self.housing = PartnerFactory(
            name="Council Housing", partner_type=Organisation.PartnerType.LA_HOUSING
        )
        self.patient = PatientFactory(
            created_by_organisation=self.practice, related_to=[self.refuge, self.housing]
        )
        self.rule = MCNRule.objects.create(
            commissioner=self.commissioner,
            version=2,
            effective_from=datetime.date(2024, 1, 1),
            threshold=3,
            name="NHS Sussex",
        )
        self.support_worker = MembershipFactory(
            organisation=self.refuge, role=Role.SUPPORT_WORKER
        ).user
        self.practice_user = MembershipFactory(
            organisation=self.practice, role=Role.PRACTICE_STAFF
        ).user
        self.housing_worker = MembershipFactory(
            organisation=self.housing, role=Role.SUPPORT_WORKER
        ).user


def dash_answers(yes):
    return {n: dash.YES if n <= yes else dash.NO for n in range(1, 25)}


def edmonton_answers(**overrides):
    answers = {
        "clock": "no_errors",
        "admissions": 0,
        "self_rated_health": "good",
        "activities_needing_help": 0,
        "social_support": "always",
        "five_or_more_medicines": False,
        "forgets_medicines": False,
        "weight_loss": False,
        "low_mood": False,
        "incontinence": False,
        "get_up_and_go_seconds": 9,
        "get_up_and_go_unable": False,
    }
    answers.update(overrides)
    return answers
