"""The support worker's own view, "Your clients" (docs/domain/who-uses-gateway.md#support-worker
support workers act with the person's consent, docs/domain/sas-appeals.md#appeals,
docs/domain/sas-reviews-and-discharge.md appeal, review and discharge dates)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.patients.models import Consent
from gateway.patients.services import consent as consent_services
from gateway.patients.services import contact as contact_services
from gateway.sas.models import Deadline, SchemePolicy
from gateway.sas.states import State
from gateway.sas.tests.factories import EpisodeFactory, SchemePolicyFactory
from tests.factories import PartnerFactory, PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(staff_client):
    return staff_client(Role.SUPPORT_WORKER, PartnerFactory())


def consent(user, organisation, patient, **data):
    values = {
        "purpose": Consent.Purpose.SHARE_INFORMATION,
        "organisation": organisation,
        "scope": "Needs and appointments",
        "starts_on": timezone.localdate(),
        "method": "verbal",
    }
    values.update(data)
    return consent_services.record_consent(user, organisation, patient, values)


def client_of(user, organisation, **data):
    patient = PatientFactory(created_by_organisation=organisation)
    consent(user, organisation, patient, **data)
    return patient


def deadline(patient, kind, label, days):
    episode = patient.sas_episodes.first() or EpisodeFactory(patient=patient, state=State.ALLOCATED)
    today = timezone.localdate()
    return Deadline.objects.create(
        episode=episode,
        kind=kind,
        label=label,
        starts_on=today,
        due_on=today + datetime.timedelta(days=days),
        rule="test",
        explanation="test",
        policy=SchemePolicy.objects.filter(commissioner=episode.commissioner).first()
        or SchemePolicyFactory(commissioner=episode.commissioner),
    )


def page(client, number=1):
    return client.get(reverse("patients:caseload"), {"page": number}).content.decode()


def test_clients_are_people_who_consented_to_the_organisation_DOMAIN_3_2(worker):
    client, user, organisation = worker
    consented = client_of(user, organisation)
    PatientFactory(created_by_organisation=organisation, family_name="Noconsent")
    html = page(client)
    assert consented.family_name in html
    assert "Noconsent" not in html
    assert "They consented to your organisation" in html


def test_a_client_whose_consent_is_withdrawn_leaves_the_list(worker):
    client, user, organisation = worker
    patient = PatientFactory(created_by_organisation=organisation)
    given = consent(user, organisation, patient)
    consent_services.withdraw_consent(
        user, organisation, given, withdrawn_on=timezone.localdate(), note=""
    )
    assert patient.family_name not in page(client)


def test_the_named_worker_sees_the_person_through_their_route(worker):
    client, user, organisation = worker
    patient = PatientFactory(created_by_organisation=organisation, related_to=[])
    given = consent(
        user, organisation, patient, purpose=Consent.Purpose.CONTACT_THROUGH_WORKER, worker=user
    )
    contact_services.add_route(
        user,
        organisation,
        patient,
        {"kind": "via_worker", "worker": user, "worker_organisation": organisation},
    )
    Consent.objects.filter(pk=given.pk).update(withdrawn_at=timezone.now())
    html = page(client)
    assert patient.family_name in html and "You are their named worker" in html


def test_coming_up_dates_soonest_first_with_overdue_marked_DOMAIN_2_6(worker):
    client, user, organisation = worker
    later = client_of(user, organisation, scope="later")
    sooner = client_of(user, organisation, scope="sooner")
    undated = client_of(user, organisation, scope="undated")
    deadline(later, "review", "Review", 60)
    deadline(sooner, "discharge", "Discharge", 10)
    deadline(sooner, "patient_appeal_form", "Patient's appeal form", -2)
    deadline(later, "allocation", "Allocation", 1)  # not one the worker helps with
    html = page(client)
    assert html.index(sooner.family_name) < html.index(later.family_name)
    assert html.index(later.family_name) < html.index(undated.family_name)
    assert "Overdue" in html and "Patient&#39;s appeal form" in html
    assert "Review: " in html and "Allocation" not in html


def test_registration_referral_status_is_shown(worker):
    from gateway.registration import services as registration
    from gateway.registration.tests.helpers import referral_data

    client, user, organisation = worker
    patient = PatientFactory(created_by_organisation=organisation)
    registration.refer(user, organisation, patient, referral_data())
    html = page(client)
    assert patient.family_name in html  # the referral's consent puts them on the list
    assert "No referral" not in html


def test_the_list_is_paginated_and_costs_the_same_queries_at_two_sizes(
    worker, django_assert_max_num_queries
):
    client, user, organisation = worker
    for n in range(3):
        deadline(client_of(user, organisation), "review", "Review", n)
    with django_assert_max_num_queries(20) as small:
        page(client)
    for n in range(40):
        deadline(client_of(user, organisation), "review", "Review", n)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = page(client, 2)
    assert "43 people, showing 26 to 43" in html


def test_flags_and_deaths_show_on_the_list_at_no_query_a_row(worker, django_assert_max_num_queries):
    """The page reads only what it shows of each person (ADR 0065): their open flags and a
    recorded death still show on every row, and a full page costs what a short one does
    (a field the page did not read would cost a query a row)."""
    from gateway.patients.models import PatientFlag
    from gateway.support.models import Death

    client, user, organisation = worker
    client_of(user, organisation)
    with django_assert_max_num_queries(20) as plain:
        page(client)
    people = [client_of(user, organisation) for _ in range(24)]  # a full page with the first
    for person in people:
        PatientFlag.objects.create(patient=person, kind=PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY)
        PatientFlag.objects.create(patient=person, kind=PatientFlag.Kind.RISK_TO_STAFF)
        Death.objects.create(
            patient=person,
            died_on=datetime.date(2026, 10, 3),
            place=Death.Place.STREET,
            cause_category=Death.Cause.DRUG_POISONING,
            recorded_by=user,
            organisation=organisation,
        )
    ended = PatientFlag.objects.create(patient=people[0], kind=PatientFlag.Kind.DO_NOT_SEND_LETTERS)
    PatientFlag.objects.filter(pk=ended.pk).update(ended_at=timezone.now())
    with django_assert_max_num_queries(len(plain.captured_queries)):
        html = page(client)
    assert html.count("Attend SAS practice only") == 24
    assert html.count("Risk to staff") == 24
    assert html.count("Died 3 October 2026") == 24
    assert 'nhsuk-tag--red">Attend SAS practice only' in html
    assert PatientFlag.Kind.DO_NOT_SEND_LETTERS.label not in html  # an ended flag is not shown


def test_only_support_workers_have_the_list_and_viewing_it_is_audited(worker, staff_client):
    client, user, organisation = worker
    patient = client_of(user, organisation)
    page(client)
    event = AuditEvent.objects.filter(object_type="patients.Caseload").get()
    assert event.detail["people"] == [str(patient.public_id)]
    practice_client, _, _ = staff_client(Role.PRACTICE_STAFF)
    assert practice_client.get(reverse("patients:caseload")).status_code == 403


def test_home_page_has_a_your_clients_section_for_support_workers(worker):
    client, user, organisation = worker
    deadline(client_of(user, organisation), "review", "Review", 5)
    home = client.get(reverse("core:home")).content.decode()
    assert "Your clients" in home and "1 person, 1 with a review" in home


def test_the_list_links_to_messages_to_hand_over(worker):
    client, _, _ = worker
    assert reverse("comms:handovers") in page(client)


def test_the_last_day_to_appeal_shows_while_the_window_is_open_DOMAIN_2_5(worker):
    client, user, organisation = worker
    open_window = client_of(user, organisation)
    closed_window = client_of(user, organisation)
    deadline(open_window, "appeal_against_placement", "Appeal", 5)
    deadline(closed_window, "appeal_against_placement", "Appeal", -3)
    html = page(client)
    assert html.count("Last day to appeal") == 1
    assert html.index(open_window.family_name) < html.index(closed_window.family_name)


def test_the_home_page_counts_clients_once_and_only_to_25(worker):
    """docs/adr/0043-lists-that-stay-fast.md: the home page never counts the whole caseload."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, user, organisation = worker
    for n in range(3):
        deadline(client_of(user, organisation), "review", "Review", n)
    client_of(user, organisation)  # nothing dated
    html = client.get("/").content.decode()
    assert "4 people, 3 with a review, appeal or discharge date in the next 4 weeks" in html
    for n in range(24):
        deadline(client_of(user, organisation), "review", "Review", 60 + n)
    with CaptureQueriesContext(connection) as seen:
        html = client.get("/").content.decode()
    assert "25 or more people, 3 with a review, appeal or discharge date" in html
    caseload_counts = [q["sql"] for q in seen.captured_queries if "patients_consent" in q["sql"]]
    assert len(caseload_counts) == 1
    assert "LIMIT 26" in caseload_counts[0]


def test_the_home_page_counts_clients_with_a_date_soon_only_to_25_too(worker):
    client, user, organisation = worker
    for n in range(26):
        deadline(client_of(user, organisation), "review", "Review", n % 20)
    deadline(client_of(user, organisation), "review", "Review", 40)  # not in the 4 weeks
    html = client.get("/").content.decode()
    assert "25 or more people, 25 or more with a review, appeal or discharge date" in html
