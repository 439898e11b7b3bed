"""Building a person's contact plan for the routing tests: routes and consents as staff
record them (the contact-plan pages build them through their own services)."""

import datetime

from gateway.comms.models import Message
from gateway.patients.models import Address, Consent, ContactRoute

Kind = ContactRoute.Kind
ROUTED_CONTEXT = {
    "greeting": "Alex",
    "heading": "Your review",
    "paragraphs": ["Your review is on 3 March."],
    "sender_name": "The practice team",
    "text": "Your review is on 3 March.",
}


def route(patient, kind, preference, **fields):
    return ContactRoute.objects.create(patient=patient, kind=kind, preference=preference, **fields)


def address(patient, **fields):
    values = {
        "kind": Address.Kind.HOME,
        "line_1": "4 Sea View",
        "town": "Hove",
        "postcode": "BN3 2PF",
    }
    values.update(fields)
    return Address.objects.create(patient=patient, **values)


def no_fixed_abode(patient):
    return address(patient, kind=Address.Kind.NO_FIXED_ABODE, line_1="", postcode="")


def worker_route(patient, preference, worker_org, worker, *, consent=True):
    if consent:
        Consent.objects.create(
            patient=patient,
            purpose=Consent.Purpose.CONTACT_THROUGH_WORKER,
            organisation=worker_org,
            worker=worker,
            starts_on=datetime.date(2020, 1, 1),
            method=Consent.Method.VERBAL,
            recorded_by_organisation=worker_org,
        )
    return route(
        patient, Kind.VIA_WORKER, preference, worker=worker, worker_organisation=worker_org
    )


def tries(message):
    return list(Message.objects.filter(parent=message).order_by("id"))
