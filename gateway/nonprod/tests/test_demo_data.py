import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.oath import totp

from gateway.accounts.demo import DEMO_TOTP_SECRET_BASE32, DEMO_TOTP_SECRET_HEX
from gateway.accounts.models import Membership, Organisation, Role, User
from gateway.accounts.validators import GP_PRACTICE_ODS
from gateway.audit.models import AuditEvent
from gateway.audit.services import verify_chain
from gateway.nonprod.demo_data import DEMO_PASSWORD, PATIENTS, demo_users
from gateway.nonprod.registration_demo import REGISTRATION_PEOPLE
from gateway.nonprod.sas_demo import SAS_PATIENTS
from gateway.patients.models import Address, Patient, PatientRelationship
from gateway.patients.queries import visible_patients
from gateway.patients.rules import is_valid_nhs_number

pytestmark = pytest.mark.django_db


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def counts():
    return [
        model.objects.count()
        for model in (Organisation, User, Membership, Patient, Address, PatientRelationship)
    ]


@pytest.mark.parametrize("command", ["load_demo", "demo_sign_ins", "demo_totp"])
def test_demo_commands_refuse_to_run_outside_demo_mode(settings, command):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="Demo mode is off"):
        run(command)
    assert not User.objects.exists()


def test_loading_the_demo_twice_creates_no_duplicates():
    run("load_demo")
    first = counts()
    run("load_demo")
    assert counts() == first
    assert Patient.objects.count() == len(PATIENTS) + len(SAS_PATIENTS) + len(REGISTRATION_PEOPLE)


def test_loading_again_keeps_changes_people_made_to_demo_records():
    run("load_demo")
    patient = Patient.objects.get(given_name="Jordan")
    patient.pronouns = "he/him"
    patient.save()
    run("load_demo")
    assert Patient.objects.get(pk=patient.pk).pronouns == "he/him"


def test_a_locked_out_demo_user_can_sign_in_again_after_reloading():
    run("load_demo")
    user = User.objects.get(username="commissioner@demo.gateway.nhs.uk")
    user.set_password("something else entirely")
    user.failed_sign_in_count = 5
    user.save()
    run("load_demo")
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)
    assert user.failed_sign_in_count == 0


def test_there_is_one_demo_user_per_role_with_the_published_mfa_secret():
    run("load_demo")
    users = demo_users()
    assert {role for _, role, _ in users} == set(Role.values)
    # Two organisation admins at one practice: resetting an authenticator app needs two.
    admins = [org for _, role, org in users if role == Role.ORGANISATION_ADMIN]
    assert len(admins) == 2 and admins[0] == admins[1]
    for user, _role, _org in users:
        assert user.check_password(DEMO_PASSWORD)
        device = user.totpdevice_set.get(confirmed=True)
        assert device.bin_key.hex() == DEMO_TOTP_SECRET_HEX  # stored encrypted (ADR 0046)
        assert DEMO_TOTP_SECRET_HEX not in device.key
        assert device.verify_token(totp(device.bin_key))


def test_demo_organisations_follow_the_rules():
    run("load_demo")
    practices = Organisation.objects.filter(kind=Organisation.Kind.GP_PRACTICE)
    assert all(GP_PRACTICE_ODS.match(p.ods_code) for p in practices)
    assert practices.filter(is_sas_practice=True).count() == 3
    partner_types = set(
        Organisation.objects.filter(kind=Organisation.Kind.PARTNER).values_list(
            "partner_type", flat=True
        )
    )
    assert partner_types == set(Organisation.PartnerType.values)
    assert Organisation.objects.get(name="NHS Sussex ICB (demo)").region == "South East"


def test_demo_letters_can_be_complete_the_commissioner_has_an_appeals_contact():
    run("load_demo")
    icb = Organisation.objects.get(name="NHS Sussex ICB (demo)")
    assert icb.appeal_contact_gaps() == []
    for practice in Organisation.objects.filter(kind=Organisation.Kind.GP_PRACTICE):
        lines = practice.postal_lines
        assert lines.count(practice.postcode) == 1 and len(lines) >= 3, lines


def test_demo_people_have_valid_test_nhs_numbers_or_a_reason():
    run("load_demo")
    for patient in Patient.objects.all():
        if patient.nhs_number:
            assert patient.nhs_number.startswith("999")
            assert is_valid_nhs_number(patient.nhs_number)
        else:
            assert patient.nhs_number_unknown_reason
    kinds = set(Address.objects.values_list("kind", flat=True))
    assert {Address.Kind.NO_FIXED_ABODE, Address.Kind.HOSTEL, Address.Kind.CARE_OF} <= kinds


def test_every_demo_user_who_works_with_patients_sees_some_and_not_all():
    run("load_demo")
    for user, role, _org in demo_users():
        organisation = user.memberships.get(role=role).organisation
        seen = visible_patients(user, organisation).count()
        if role in (Role.NATIONAL_ANALYST, Role.ORGANISATION_ADMIN):
            # No care role: neither reads a person (docs/access/caldicott-access-table.md).
            assert seen == 0, f"{role} sees no person"
            continue
        assert 0 < seen < Patient.objects.count(), (user.username, seen)


def test_demo_patients_are_audited_and_the_chain_is_intact():
    run("load_demo")
    run("load_demo")
    creates = AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_type="patients.Patient"
    )
    assert creates.count() == len(PATIENTS) + len(SAS_PATIENTS) + len(REGISTRATION_PEOPLE)
    assert verify_chain() is None


def test_sign_ins_show_users_password_secret_and_the_current_code():
    run("load_demo")
    text = run("demo_sign_ins", "--url", "http://127.0.0.1:8123")
    assert "http://127.0.0.1:8123" in text
    assert DEMO_PASSWORD in text
    assert DEMO_TOTP_SECRET_BASE32 in text
    assert "support-worker@demo.gateway.nhs.uk" in text
    code = run("demo_totp").strip()
    assert len(code) == 6 and code.isdigit()
    assert code in text or code == f"{totp(bytes.fromhex(DEMO_TOTP_SECRET_HEX)):06d}"
