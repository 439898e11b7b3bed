"""The shared kernel every app's pages and services use: the form page shape (form_page and
layout-form.jinja), the versioned update (save_if_unchanged), the permission check (require
and permission_required), paging (page_of) and fields that carry their own display options.
Each is tested through what a person meets: the page text, what was stored, the refusal."""

import re

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.core import forms as fields
from gateway.core.models import save_if_unchanged
from gateway.core.pagination import page_of
from gateway.core.permissions import require
from gateway.patients.models import Patient, PatientFlag
from gateway.support.tests.helpers import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return Person()


@pytest.fixture
def signed_in(staff_client, person):
    client, user, _ = staff_client(Role.SUPPORT_WORKER, person.refuge)
    person.support_worker = user
    return client


def title(page):
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()


def flag_url(person):
    return reverse("support:flag-new", kwargs={"public_id": person.patient.public_id})


# --- form_page and layout-form.jinja ----------------------------------------------------


def test_a_form_page_audits_the_look_on_get_and_shows_the_empty_form(person, signed_in):
    before = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).count()
    page = signed_in.get(flag_url(person)).content.decode()
    assert title(page).startswith("Set a safety flag")
    assert '<h1 class="nhsuk-heading-l">Set a safety flag</h1>' in page
    assert "There is a problem" not in page
    assert f'action="{flag_url(person)}"' in page
    assert "Set the flag" in page
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).count() == before + 1


def test_a_form_with_mistakes_keeps_what_was_typed_and_says_error_in_the_title(person, signed_in):
    page = signed_in.post(flag_url(person), {"detail": "Shouts at reception"}).content.decode()
    assert title(page).startswith("Error: Set a safety flag")
    assert "There is a problem" in page and "Choose the flag" in page
    assert "Shouts at reception" in page
    assert not PatientFlag.objects.exists()


def test_a_refusal_from_the_service_is_shown_on_the_form_and_nothing_is_written(person, signed_in):
    data = {"kind": "risk_to_staff", "detail": "Threatened staff in May"}
    assert signed_in.post(flag_url(person), data).status_code == 302
    # A second open flag of the same kind is refused by the service, not the form.
    page = signed_in.post(flag_url(person), {**data, "detail": "Again in June"}).content.decode()
    assert title(page).startswith("Error: ")
    assert "Again in June" in page
    assert PatientFlag.objects.filter(ended_at__isnull=True).count() == 1


def test_a_saved_form_says_what_happened_and_moves_on(person, signed_in):
    response = signed_in.post(flag_url(person), {"kind": "risk_to_staff", "detail": "Knife"})
    assert response.status_code == 302
    assert response.url == reverse("support:flags", kwargs={"public_id": person.patient.public_id})
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts == ["The flag is set and shows wherever the person appears"]
    assert PatientFlag.objects.get().detail == "Knife"


# --- save_if_unchanged ------------------------------------------------------------------


def test_a_versioned_save_over_a_newer_version_is_refused_and_changes_nothing(person):
    patient = Patient.objects.get(pk=person.patient.pk)
    read_at = patient.version
    save_if_unchanged(patient, read_at, given_name="Alexandra")
    assert patient.version == read_at + 1
    other = Patient.objects.get(pk=patient.pk)
    assert other.given_name == "Alexandra" and other.version == read_at + 1
    with pytest.raises(ValidationError) as refused:
        save_if_unchanged(other, read_at, given_name="Sam")
    assert refused.value.code == "stale"
    assert "Someone else changed this" in refused.value.messages[0]
    assert Patient.objects.get(pk=patient.pk).given_name == "Alexandra"


def test_a_versioned_save_refuses_when_the_row_changed_underneath(person):
    stale = Patient.objects.get(pk=person.patient.pk)
    Patient.objects.filter(pk=stale.pk).update(version=stale.version + 5)
    with pytest.raises(ValidationError):
        save_if_unchanged(stale, None, given_name="Sam")
    assert Patient.objects.get(pk=stale.pk).given_name != "Sam"


def test_a_background_write_matches_the_version_read_and_leaves_it_for_the_people(person):
    """move_on=False (a caseload import's check findings, ADR 0046): written only while the
    version read is current, and the version stays, so a person's page read before it is
    still current."""
    read = Patient.objects.get(pk=person.patient.pk)
    save_if_unchanged(read, None, move_on=False, given_name="Alexandra")
    assert Patient.objects.get(pk=read.pk).given_name == "Alexandra"
    assert read.version == Patient.objects.get(pk=read.pk).version
    Patient.objects.filter(pk=read.pk).update(version=read.version + 1)
    with pytest.raises(ValidationError):
        save_if_unchanged(read, None, move_on=False, given_name="Sam")
    assert Patient.objects.get(pk=read.pk).given_name == "Alexandra"


# --- require ----------------------------------------------------------------------------


class _NoPermissions:
    def has_perm(self, perm, obj=None):
        return False


class _AllPermissions:
    def has_perm(self, perm, obj=None):
        return True


def test_require_passes_only_with_the_permission_in_an_organisation(person):
    require(_AllPermissions(), "support.record_support", person.refuge)
    with pytest.raises(PermissionDenied):
        require(_AllPermissions(), "support.record_support", None)
    with pytest.raises(PermissionDenied):
        require(_NoPermissions(), "support.record_support", person.refuge)


# --- page_of ----------------------------------------------------------------------------


def test_page_of_keeps_the_rest_of_the_query_and_gives_the_nearest_page():
    rows = list(range(60))
    request = RequestFactory().get("/list", {"sort": "-name", "page": "2"})
    page = page_of(request, rows, size=25)
    assert list(page.object_list) == list(range(25, 50))
    assert page.links["previous"]["href"] == "?sort=-name&page=1"
    assert page.links["next"]["href"] == "?sort=-name&page=3"
    assert [i.get("number") for i in page.links["items"]] == [1, 2, 3]
    beyond = page_of(RequestFactory().get("/list", {"page": "99"}), rows, size=25)
    assert beyond.number == 3
    assert page_of(RequestFactory().get("/list", {"page": "x"}), rows, size=25).number == 1
    assert page_of(RequestFactory().get("/list"), rows[:3], size=25).links is None


# --- fields carry their own display options ---------------------------------------------


class _ExampleForm(forms.Form):
    postcode = fields.CharField(
        label="Postcode", hint="For example, LS1 4AP", width=10, autocomplete="postal-code"
    )
    seen_on = fields.DateField(label="Date seen", legend_classes="nhsuk-fieldset__legend--m")


def test_a_field_carries_its_hint_and_display_options_to_the_component():
    form = _ExampleForm()
    component, params = fields.field_params(form["postcode"])
    assert component == "input"
    assert params["hint"] == {"text": "For example, LS1 4AP"}
    assert params["width"] == 10 and params["autocomplete"] == "postal-code"
    component, params = fields.field_params(form["seen_on"])
    assert component == "dateInput"
    assert params["fieldset"]["legend"]["classes"] == "nhsuk-fieldset__legend--m"
    # A template may still choose differently for one page; it wins.
    _, params = fields.field_params(form["postcode"], width=5)
    assert params["width"] == 5
