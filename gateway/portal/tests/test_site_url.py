"""Links sent by text are built from SITE_URL, never from the Host header of the request
that sent them (issue 16, item 9; hazard H51)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from gateway.accounts.models import Role
from gateway.comms.models import Message
from gateway.patients.models import ContactRoute

from .helpers import scheme_with_mobile

pytestmark = pytest.mark.django_db


@override_settings(SITE_URL="https://gateway.example.nhs.uk", ALLOWED_HOSTS=["*"])
def test_a_texted_code_links_to_site_url_even_when_the_host_header_is_forged(staff_client):
    scheme = scheme_with_mobile()
    patient = scheme.episode.patient
    route = ContactRoute.objects.get(patient=patient, kind=ContactRoute.Kind.MOBILE)
    client, _, _ = staff_client(Role.SAS_PRACTICE_STAFF, scheme.sas_practice)
    url = reverse("portal:issue-code", kwargs={"public_id": patient.public_id})

    page = client.get(url, HTTP_HOST="evil.example")
    assert "https://gateway.example.nhs.uk/my/sign-in" in page.content.decode()
    assert "evil.example" not in page.content.decode()

    client.post(url, {"delivery": f"route-{route.pk}"}, HTTP_HOST="evil.example")
    text = Message.objects.filter(kind=Message.Kind.TEXT, patient=patient).get()
    assert "Go to https://gateway.example.nhs.uk/my/sign-in to use it." in text.body_text
    assert "evil.example" not in text.body_text
