"""Test data builders. NHS numbers come from the 999 range: valid checksums, never issued."""

import datetime
import itertools

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from gateway.accounts.models import Membership, Organisation, Role, User
from gateway.patients.models import Address, Patient, PatientRelationship
from gateway.patients.rules import nhs_number_check_digit

_nhs_counter = itertools.count(1)


def test_nhs_number():
    """The next valid 999-range NHS number."""
    while True:
        n = next(_nhs_counter)
        first_nine = f"999{n:06d}"
        check = nhs_number_check_digit(first_nine)
        if check is not None:
            return f"{first_nine}{check}"


test_nhs_number.__test__ = False  # a builder, not a test, wherever it is imported


class CommissionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test ICB {n}")
    kind = Organisation.Kind.COMMISSIONER
    ods_code = factory.Sequence(lambda n: f"Q{n:04d}")
    region = "South East"
    # Where people appeal: letters to them print it (and are refused without it).
    appeals_address = "Primary Care Team\n2 Test Square\nBrighton"
    appeals_postcode = "BN1 9ZZ"
    appeals_phone = "0300 555 0100"
    appeals_email = factory.Sequence(lambda n: f"appeals{n}@icb.example.nhs.uk")


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test Surgery {n}")
    kind = Organisation.Kind.GP_PRACTICE
    ods_code = factory.Sequence(lambda n: f"A{n:05d}")
    commissioner = factory.SubFactory(CommissionerFactory)
    catchment_districts = ["BN1", "BN2"]
    postcode = "BN1 1AA"


class SasPracticeFactory(PracticeFactory):
    is_sas_practice = True
    list_capacity = 50


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test Probation Office {n}")
    kind = Organisation.Kind.PARTNER
    partner_type = Organisation.PartnerType.PROBATION
    postcode = "BN2 3CD"


class NationalFactory(factory.django.DjangoModelFactory):
    """NHS England's national team (the NHS England analyst's organisation)."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"NHS England national team {n}")
    kind = Organisation.Kind.NATIONAL
    ods_code = factory.Sequence(lambda n: f"X{n:04d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.nhs.uk")
    email = factory.SelfAttribute("username")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def save_after(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(PracticeFactory)
    role = Role.PRACTICE_STAFF


class TotpDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient
        skip_postgeneration_save = True  # related_to writes other rows, not the patient

    nhs_number = factory.LazyFunction(test_nhs_number)
    given_name = factory.Sequence(lambda n: f"Alex{n}")
    family_name = factory.Sequence(lambda n: f"Taylor{n}")
    date_of_birth = datetime.date(1985, 3, 14)
    sex = Patient.Sex.NOT_KNOWN
    created_by_organisation = factory.SubFactory(PracticeFactory)
    search_given_name = factory.LazyAttribute(lambda p: p.given_name.lower())
    search_family_name = factory.LazyAttribute(lambda p: p.family_name.lower())

    @factory.post_generation
    def related_to(obj, create, extracted, **kwargs):
        """PatientFactory(related_to=[org, ...]) links organisations; the creator always is."""
        if not create:
            return
        organisations = [obj.created_by_organisation, *(extracted or [])]
        for organisation in organisations:
            PatientRelationship.objects.get_or_create(
                patient=obj,
                organisation=organisation,
                kind=PatientRelationship.Kind.CREATED
                if organisation == obj.created_by_organisation
                else PatientRelationship.Kind.RESPONSIBLE,
                is_active=True,
            )


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    patient = factory.SubFactory(PatientFactory)
    kind = Address.Kind.HOME
    line_1 = "1 Test Street"
    town = "Brighton"
    postcode = "BN1 1AA"
