"""Flags are shown wherever the person appears: in the
patient list as well as on the record, at a fixed number of queries."""

import pytest
from django.urls import reverse

from gateway.patients.models import PatientFlag
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def flag(patient, kind):
    return PatientFlag.objects.create(patient=patient, kind=kind)


def test_patient_list_shows_attend_sas_practice_only_beside_the_name(staff_client):
    client, _, organisation = staff_client()
    flagged = PatientFactory(created_by_organisation=organisation, family_name="Ashby")
    PatientFactory(created_by_organisation=organisation, family_name="Brook")
    flag(flagged, PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY)
    ended = PatientFactory(created_by_organisation=organisation, family_name="Carter")
    old = flag(ended, PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY)
    PatientFlag.objects.filter(pk=old.pk).update(ended_at="2026-01-01T00:00:00Z")

    page = client.get(reverse("patients:search")).content.decode()

    rows = page.split('<tr class="nhsuk-table__row">')[2:]
    by_name = {row.split("</a>")[0].rsplit(">", 1)[-1].split(",")[0]: row for row in rows}
    assert "Attend SAS practice only" in by_name["Ashby"]
    assert "Attend SAS practice only" not in by_name["Brook"]
    assert "Attend SAS practice only" not in by_name["Carter"]  # ended flags are not shown


def test_flags_in_the_list_cost_the_same_queries_however_many_patients(
    staff_client, django_assert_max_num_queries
):
    client, _, organisation = staff_client()
    for patient in PatientFactory.create_batch(25, created_by_organisation=organisation):
        flag(patient, PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY)
        flag(patient, PatientFlag.Kind.RISK_TO_STAFF)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("patients:search"))
    assert response.content.decode().count("Risk to staff") == 25


def test_a_person_who_has_died_shows_as_died_in_the_list_at_no_extra_query(
    staff_client, django_assert_max_num_queries
):
    """Once a death is recorded the person shows as died wherever they
    appear, so nobody plans a visit or a letter from a list."""
    import datetime

    from gateway.support.models import Death

    client, user, organisation = staff_client()
    died = PatientFactory(created_by_organisation=organisation, family_name="Ashby")
    PatientFactory(created_by_organisation=organisation, family_name="Brook")
    Death.objects.create(
        patient=died,
        died_on=datetime.date(2026, 10, 3),
        place=Death.Place.STREET,
        cause_category=Death.Cause.DRUG_POISONING,
        recorded_by=user,
        organisation=organisation,
    )
    with django_assert_max_num_queries(13):
        page = client.get(reverse("patients:search")).content.decode()
    rows = page.split('<tr class="nhsuk-table__row">')[2:]
    by_name = {row.split("</a>")[0].rsplit(">", 1)[-1].split(",")[0]: row for row in rows}
    assert "Died 3 October 2026" in by_name["Ashby"]
    assert "Died" not in by_name["Brook"]
