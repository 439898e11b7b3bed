"""Safety flags: risk to staff, risk from others and do-not-send-letters are
set and ended by hand with who and when, audited, and shown as the banner on every page about
the person (the new support pages too); "attend SAS practice only" follows the SAS episode and
cannot be set by hand; the flags page costs the same queries at two sizes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.patients.models import PatientFlag
from gateway.support.services import flags as flag_services
from tests.factories import MembershipFactory

from .helpers import Person

pytestmark = pytest.mark.django_db
Kind = PatientFlag.Kind


@pytest.fixture
def person():
    return Person()


@pytest.fixture
def signed_in(staff_client, person):
    client, user, _ = staff_client(Role.SUPPORT_WORKER, person.refuge)
    person.support_worker = user
    return client


def set_risk(person, kind=Kind.RISK_TO_STAFF, detail="Threatened staff with a knife in May"):
    return flag_services.set_flag(
        person.support_worker, person.refuge, person.patient, kind=kind, detail=detail
    )


def test_flags_are_audited_with_who_set_and_ended_them(person):
    flag = set_risk(person)
    assert (flag.set_by, flag.set_by_organisation) == (person.support_worker, person.refuge)
    created = AuditEvent.objects.get(object_type="patients.PatientFlag", action="create")
    assert created.patient_id == person.patient.pk
    assert created.detail == {"kind": "risk_to_staff"}
    flag_services.end_flag(
        person.housing_worker,
        person.housing,
        person.patient,
        kind=Kind.RISK_TO_STAFF,
        reason="Reviewed with the team: no incidents for a year",
    )
    flag.refresh_from_db()
    assert flag.ended_at is not None and flag.ended_by == person.housing_worker
    assert AuditEvent.objects.filter(
        object_type="patients.PatientFlag", action="state_change", patient_id=person.patient.pk
    ).exists()


def test_attend_sas_practice_only_cannot_be_set_or_ended_by_hand(person):
    """It follows the SAS episode (set on allocation, ended by the episode's changes)."""
    with pytest.raises(ValidationError) as refused:
        set_risk(person, kind=Kind.ATTEND_SAS_PRACTICE_ONLY)
    assert "follows the person's SAS episode" in str(refused.value)
    PatientFlag.objects.create(patient=person.patient, kind=Kind.ATTEND_SAS_PRACTICE_ONLY)
    with pytest.raises(ValidationError):
        flag_services.end_flag(
            person.support_worker,
            person.refuge,
            person.patient,
            kind=Kind.ATTEND_SAS_PRACTICE_ONLY,
            reason="x",
        )


def test_a_flag_needs_details_and_only_one_of_a_kind_is_open(person):
    with pytest.raises(ValidationError) as refused:
        set_risk(person, detail=" ")
    assert "detail" in refused.value.error_dict
    set_risk(person)
    with pytest.raises(ValidationError) as refused:
        set_risk(person, detail="Again")
    assert "already has the flag" in str(refused.value)
    assert PatientFlag.objects.filter(patient=person.patient).count() == 1


def test_an_organisation_not_involved_cannot_set_a_flag(person):
    stranger = MembershipFactory(role=Role.SUPPORT_WORKER)
    with pytest.raises(PermissionDenied):
        flag_services.set_flag(
            stranger.user,
            stranger.organisation,
            person.patient,
            kind=Kind.RISK_FROM_OTHERS,
            detail="x",
        )


def test_flags_are_shown_as_the_banner_on_the_new_support_pages(person, signed_in):
    set_risk(person, kind=Kind.RISK_FROM_OTHERS, detail="Ex-partner waits outside the hostel")
    public_id = person.patient.public_id
    for name in ("support:flags", "support:referrals", "support:referral-new", "support:patient"):
        page = signed_in.get(reverse(name, kwargs={"public_id": public_id})).content.decode()
        assert "Flag on this person" in page, name
        assert "Ex-partner waits outside the hostel" in page, name
        assert "Set " in page and person.support_worker.display_name in page, name


def test_flags_set_and_end_through_the_pages(person, signed_in):
    public_id = person.patient.public_id
    response = signed_in.post(
        reverse("support:flag-new", kwargs={"public_id": public_id}),
        {"kind": "do_not_send_letters", "detail": "Post is read by her ex-partner"},
    )
    assert response.status_code == 302
    refused = signed_in.post(
        reverse("support:flag-new", kwargs={"public_id": public_id}),
        {"kind": "attend_sas_only", "detail": "x"},
    ).content.decode()
    assert "Choose the flag from the list" in refused
    end_url = reverse(
        "support:flag-end", kwargs={"public_id": public_id, "kind": "do_not_send_letters"}
    )
    assert "Say why the flag is no longer needed" in signed_in.post(end_url, {}).content.decode()
    assert signed_in.post(end_url, {"reason": "She moved"}).status_code == 302
    assert signed_in.get(end_url).status_code == 404
    assert not PatientFlag.objects.filter(ended_at__isnull=True).exists()


def test_the_flags_page_costs_the_same_queries_at_two_sizes(person, signed_in):
    url = reverse("support:flags", kwargs={"public_id": person.patient.public_id})

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert signed_in.get(url).status_code == 200
        return len(queries)

    set_risk(person)
    small = count()
    for n in range(30):
        flag_services.end_flag(
            person.support_worker,
            person.refuge,
            person.patient,
            kind=Kind.RISK_TO_STAFF,
            reason="Reviewed",
        )
        set_risk(person, detail=f"Incident {n}")
    assert count() == small <= 30
