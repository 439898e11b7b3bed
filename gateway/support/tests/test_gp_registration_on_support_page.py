"""The person's support page leads to their GP registration: each referral the organisation may
see, with its status and practice, linked to the referral; and, for those who refer, a link to
refer the person."""

import pytest
from django.core.management import call_command

from conftest import sign_in
from gateway.accounts.models import User
from gateway.nonprod.demo_data import demo_email
from gateway.patients.models import Patient
from gateway.registration.models import RegistrationReferral

pytestmark = pytest.mark.django_db


def _page(client, who, patient):
    sign_in(client, User.objects.get(email=demo_email(who)))
    response = client.get(f"/support/patients/{patient.public_id}")
    assert response.status_code == 200
    return response.content.decode()


def test_support_page_lists_the_persons_gp_registration_referrals_linked(client):
    call_command("load_demo", verbosity=0)
    dee = Patient.objects.get(given_name="Dee", family_name="Marsh")
    referral = RegistrationReferral.objects.get(patient=dee)
    html = _page(client, "commissioner", dee)
    assert f'href="/registration/referrals/{referral.public_id}"' in html
    assert "Refused, Preston Park Surgery (demo)" in html
    assert "Refer Dee Marsh to a GP practice" not in html  # the commissioner does not refer


def test_support_page_offers_a_referrer_to_refer_the_person_to_a_gp_practice(client):
    call_command("load_demo", verbosity=0)
    jordan = Patient.objects.get(given_name="Jordan", family_name="Reeves")
    html = _page(client, "support-worker", jordan)
    assert "No GP registration referrals for Jordan Reeves that you can see." in html
    assert f'href="/registration/patients/{jordan.public_id}/new"' in html
