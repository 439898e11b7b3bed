"""Builders for portal tests: a person on the scheme (gateway/sas/tests/factories.py OnScheme)
with a usable mobile route, and a client signed in to their own page with a real code."""

from django.db import transaction
from django.urls import reverse

from gateway.patients.models import ContactRoute
from gateway.portal import services
from gateway.sas.tests.factories import OnScheme


def scheme_with_mobile():
    scheme = OnScheme.awaiting_first_review()
    ContactRoute.objects.create(
        patient=scheme.episode.patient, kind=ContactRoute.Kind.MOBILE, phone_number="07700900111"
    )
    return scheme


def issue(scheme, delivery="on_screen", route=None, user=None):
    user = user or scheme.sas_user
    with transaction.atomic():
        return services.issue_code(
            user,
            scheme.sas_practice,
            scheme.episode.patient,
            delivery,
            route=route,
        )


def sign_in_patient(client, scheme):
    issued = issue(scheme)
    response = client.post(reverse("portal:sign-in"), {"code": issued.shown})
    assert response.status_code == 302, response.content
    assert response["Location"] == reverse("portal:home")
    return client
