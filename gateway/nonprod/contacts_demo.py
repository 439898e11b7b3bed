"""The contact routes and consent demo, built through the real
services by the demo support worker (Sam Support, Sussex Outreach):

- Jordan Reeves (no fixed abode): texts first, then through Sam (he agreed to be contacted
  through Sam), then in person at the SAS practice.
- Gemma Price: the B&B is marked "never send here" (her ex-partner is staying there); email
  instead. Shows a safety mark and a route that cannot be used.
- Ben Hughes: consent to share with Sussex Outreach, ending in three months; a text route on a
  hostel phone marked shared.
- Connor Walsh is left with no route, so the patient page shows the "no usable way" warning.

They are on Sam's "Your clients" list. Idempotent: a person who already has contact routes is
left as they are."""

import datetime

from django.utils import timezone

from gateway.accounts.models import User
from gateway.patients.models import Consent, ContactRoute, Patient
from gateway.patients.services import consent as consent_services
from gateway.patients.services import contact as contact_services

from .demo_data import PARTNERS, PRACTICES, demo_email, demo_nhs_number

OUTREACH = PARTNERS[0][0]
SAS_PRACTICE = PRACTICES[0][0]
JORDAN, GEMMA, BEN = 1, 9, 12  # demo_data.PATIENTS serials
Kind = ContactRoute.Kind


def _consent(actor, outreach, patient, purpose, scope, started, **extra):
    return consent_services.record_consent(
        actor,
        outreach,
        patient,
        {
            "purpose": purpose,
            "organisation": outreach,
            "scope": scope,
            "starts_on": started,
            "method": Consent.Method.VERBAL,
            **extra,
        },
    )


def _route(actor, outreach, patient, **data):
    return contact_services.add_route(actor, outreach, patient, {"confirmed": True, **data})


def load_contacts_demo(orgs):
    """Called by load_demo inside its transaction. Returns how many people got a plan."""
    worker = User.objects.filter(username=demo_email("support-worker")).first()
    if worker is None:
        return 0
    outreach, practice = orgs[OUTREACH], orgs[SAS_PRACTICE]
    today = timezone.localdate()
    people = {
        serial: Patient.objects.filter(nhs_number=demo_nhs_number(serial)).first()
        for serial in (JORDAN, GEMMA, BEN)
    }
    added = 0
    jordan = people[JORDAN]
    if jordan is not None and not jordan.contact_routes.exists():
        _consent(
            worker,
            outreach,
            jordan,
            Consent.Purpose.CONTACT_THROUGH_WORKER,
            "Letters and messages about his GP and the scheme, handed to him by Sam",
            today - datetime.timedelta(days=60),
            worker=worker,
        )
        _route(worker, outreach, jordan, kind=Kind.MOBILE, phone_number="07700 900461")
        _route(
            worker,
            outreach,
            jordan,
            kind=Kind.VIA_WORKER,
            worker=worker,
            worker_organisation=outreach,
        )
        _route(worker, outreach, jordan, kind=Kind.IN_PERSON, in_person_organisation=practice)
        added += 1
    gemma = people[GEMMA]
    if gemma is not None and not gemma.contact_routes.exists():
        _consent(
            worker,
            outreach,
            gemma,
            Consent.Purpose.SHARE_INFORMATION,
            "Her housing and health needs, and appointments",
            today - datetime.timedelta(days=20),
        )
        _route(
            worker,
            outreach,
            gemma,
            kind=Kind.POSTAL,
            address=gemma.addresses.filter(is_current=True).first(),
            safety=ContactRoute.Safety.NEVER,
            safety_note="Her ex-partner is staying at this B&B: never send letters here",
        )
        _route(worker, outreach, gemma, kind=Kind.EMAIL, email_address="gemma.demo@example.org")
        added += 1
    ben = people[BEN]
    if ben is not None and not ben.contact_routes.exists():
        _consent(
            worker,
            outreach,
            ben,
            Consent.Purpose.SHARE_INFORMATION,
            "His support plan while he is at the foyer",
            today - datetime.timedelta(days=10),
            expires_on=today + datetime.timedelta(days=90),
        )
        _route(
            worker,
            outreach,
            ben,
            kind=Kind.MOBILE,
            phone_number="07700 900462",
            safety=ContactRoute.Safety.SHARED,
            safety_note="The foyer's shared phone: say only that there is a message for Ben",
        )
        added += 1
    return added
