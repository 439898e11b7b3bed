"""The GP registration demo: a probation worker (Pip Probation, Brighton Probation
Office) with the office's address usable as a proxy, and referrals that show each part of the
journey: one waiting for Preston Park Surgery's answer, one refused for "no proof of address"
(on the commissioner's worklist), and a prison leaver due for release in three weeks.

Written through the registration services, so consent, letters, history and audit are the
real ones. Idempotent: once the probation office has referrals, nothing more is added."""

import datetime

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from gateway.accounts.demo import DEMO_TOTP_SECRET_HEX
from gateway.accounts.models import Membership, Role, User
from gateway.patients.models import Consent
from gateway.registration import services
from gateway.registration.models import RefusalReason, RegistrationReferral

from .demo_data import DEMO_DEVICE_NAME, DEMO_PASSWORD, PARTNERS, demo_email

PROBATION = PARTNERS[1][0]
PRACTICE = "Preston Park Surgery (demo)"
WORKER = ("probation-worker", "Pip Probation")
# The people the demo refers, added through the referral service (first, last, birth year).
REGISTRATION_PEOPLE = [("Robin", "Hale", 1988), ("Dee", "Marsh", 1979), ("Lee", "Barton", 1995)]


def _worker(office):
    email = demo_email(WORKER[0])
    user, created = User.objects.get_or_create(
        username=email, defaults={"email": email, "full_name": WORKER[1]}
    )
    if created or not user.check_password(DEMO_PASSWORD) or user.locked_until:
        user.set_password(DEMO_PASSWORD)
        user.failed_sign_in_count, user.locked_until, user.is_active = 0, None, True
        user.save()
    Membership.objects.get_or_create(user=user, organisation=office, role=Role.SUPPORT_WORKER)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name=DEMO_DEVICE_NAME, defaults={"key": DEMO_TOTP_SECRET_HEX, "confirmed": True}
    )
    if device.bin_key.hex() != DEMO_TOTP_SECRET_HEX or not device.confirmed:
        device.key, device.confirmed = DEMO_TOTP_SECRET_HEX, True
        device.save()
    return user


def _data(**overrides):
    data = {
        "consent_given": True,
        "consent_method": Consent.Method.VERBAL,
        "address_basis": RegistrationReferral.AddressBasis.PROXY,
        "identity_confirmed": True,
        "identity_method": RegistrationReferral.IdentityMethod.KNOWN_TO_SERVICE,
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
    return {**data, **overrides}


def _person(given, family, year):
    return {
        "given_name": given,
        "family_name": family,
        "date_of_birth": datetime.date(year, 1, 1),
        "date_of_birth_is_estimated": True,
        "sex": "not_known",
        "nhs_number": "",
        "nhs_number_unknown_reason": "not_given",
        "confirmed_not_duplicate": True,
    }


def _sent(worker, office, practice, person, data):
    referral = services.refer_new_person(worker, office, person, data)
    services.choose_practice(worker, office, referral, practice, referral.version)
    return services.send(worker, office, referral, referral.version)


def load_registration_demo(orgs):
    """Called by load_demo inside its transaction. Returns the number of referrals added."""
    office, practice = orgs[PROBATION], orgs[PRACTICE]
    if not office.address:
        office.address = "Probation Office\n12 Edward Street\nBrighton"
        office.save(update_fields=["address", "updated_at"])
    worker = _worker(office)
    if RegistrationReferral.objects.filter(referring_organisation=office).exists():
        return 0
    practice_user = User.objects.filter(username=demo_email("practice-staff")).first()
    _sent(worker, office, practice, _person(*REGISTRATION_PEOPLE[0]), _data())
    refused = _sent(worker, office, practice, _person(*REGISTRATION_PEOPLE[1]), _data())
    if practice_user is not None:
        services.refuse(
            practice_user,
            practice,
            refused,
            reason=RefusalReason.objects.get(code="no_proof_of_address"),
            detail="Asked for a utility bill",
            expected_version=refused.version,
        )
    release = timezone.localdate() + datetime.timedelta(days=21)
    _sent(
        worker,
        office,
        practice,
        _person(*REGISTRATION_PEOPLE[2]),
        _data(
            is_prison_leaver=True,
            release_date=release,
            releasing_establishment="HMP Lewes",
            medication_on_release="Sertraline 50mg once a day",
            medication_days=28,
            opioid_substitution=True,
            opioid_substitution_days=14,
        ),
    )
    services.run_daily()
    return 3
