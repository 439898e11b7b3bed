"""A small world for registration tests: a commissioner, two practices covering the
probation office's district (BN2), a probation office with a worker, and a practice user."""

import datetime
import uuid

from django.utils import timezone

from gateway.accounts.models import Organisation, Role
from gateway.patients.models import Consent
from gateway.registration import services
from gateway.registration.models import RegistrationAlert, RegistrationReferral
from tests.factories import (
    CommissionerFactory,
    MembershipFactory,
    PartnerFactory,
    PatientFactory,
    PracticeFactory,
)


class World:
    def __init__(self):
        self.commissioner = CommissionerFactory()
        self.practice = PracticeFactory(
            commissioner=self.commissioner, catchment_districts=["BN2"], name="Albion Surgery"
        )
        self.other_practice = PracticeFactory(
            commissioner=self.commissioner, catchment_districts=["BN2", "BN3"], name="Zed Surgery"
        )
        self.far_practice = PracticeFactory(
            commissioner=self.commissioner, catchment_districts=["TN1"], name="Far Surgery"
        )
        self.probation = PartnerFactory(
            partner_type=Organisation.PartnerType.PROBATION,
            address="Probation Office\n1 Edward Street\nBrighton",
            postcode="BN2 0JS",
        )
        self.worker = MembershipFactory(organisation=self.probation, role=Role.SUPPORT_WORKER).user
        self.practice_user = MembershipFactory(
            organisation=self.practice, role=Role.PRACTICE_STAFF
        ).user
        self.commissioner_user = MembershipFactory(
            organisation=self.commissioner, role=Role.COMMISSIONER
        ).user

    def person(self, **kwargs):
        kwargs.setdefault("created_by_organisation", self.probation)
        return PatientFactory(**kwargs)


def referral_data(**overrides):
    data = {
        "consent_given": True,
        "consent_method": Consent.Method.VERBAL,
        "address_basis": "proxy",
        "identity_confirmed": True,
        "identity_method": "known_to_service",
        "identity_note": "",
        "adjustments": "",
        "is_prison_leaver": False,
        "release_date": None,
        "releasing_establishment": "",
        "medication_on_release": "",
        "medication_days": None,
        "opioid_substitution": False,
        "opioid_substitution_days": None,
    }
    data.update(overrides)
    return data


def prison_data(release_date, **overrides):
    values = {
        "is_prison_leaver": True,
        "release_date": release_date,
        "releasing_establishment": "HMP Lewes",
        "medication_on_release": "Sertraline 50mg",
        "medication_days": 28,
        "opioid_substitution": True,
        "opioid_substitution_days": 14,
    }
    return referral_data(**{**values, **overrides})


def sent_referral(world, patient=None, practice=None, data=None):
    patient = patient or world.person()
    referral = services.refer(world.worker, world.probation, patient, data or referral_data())
    services.choose_practice(
        world.worker, world.probation, referral, practice or world.practice, referral.version
    )
    services.send(world.worker, world.probation, referral, referral.version)
    return referral


def today():
    return timezone.localdate()


def date(*parts):
    return datetime.date(*parts)


def referral_copies(template, rows):
    """Referrals made in bulk as copies of ``template``, each with its own public id and the
    values of one of ``rows`` (dicts of field names): many referrals without the services."""
    fields = {
        f.attname: getattr(template, f.attname)
        for f in RegistrationReferral._meta.concrete_fields
        if not f.primary_key
    }
    RegistrationReferral.objects.bulk_create(
        RegistrationReferral(**{**fields, "public_id": uuid.uuid4(), **row}) for row in rows
    )


def world_of(n):
    """A world with n people (Person00 Doe, ...) referred to its practice, each referral with
    an escalation alert for the commissioner raised today: every registration list has n
    rows."""
    world = World()
    for i in range(n):
        patient = world.person(given_name=f"Person{i:02d}", family_name="Doe")
        referral = sent_referral(world, patient=patient)
        RegistrationAlert.objects.create(
            referral=referral,
            kind=RegistrationAlert.Kind.ESCALATION,
            organisation=world.commissioner,
            raised_on=timezone.localdate(),
        )
    return world
