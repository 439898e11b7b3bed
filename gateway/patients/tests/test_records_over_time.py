"""The same person twice, linked never merged (docs/adr/0040), and a record made in error with
a second person's confirmation (docs/adr/0041)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.urls import reverse

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.comms.models import Message
from gateway.patients import queries
from gateway.patients.models import Patient, PatientLink, PatientRelationship
from gateway.patients.queries import duplicates as duplicate_queries
from gateway.patients.rules import duplicates as rules
from gateway.patients.services import links, made_in_error
from gateway.sas.models import Deadline
from gateway.sas.queries import visible_episodes
from gateway.sas.states import State
from gateway.sas.tests.factories import EpisodeFactory
from tests import factories

BORN = datetime.date(1980, 5, 1)


def person(key, given, family, born=BORN, postcode="", nhs=""):
    return rules.Person(key, given, family, born, postcode, nhs)


# --- the finder's pure rules -------------------------------------------------------------


def test_rule_same_nhs_number_is_a_pair():
    pair = rules.pair_of(person(1, "A", "B", nhs="1"), person(2, "C", "D", nhs="1"))
    assert pair.kind == rules.SAME_NHS_NUMBER


def test_rule_same_name_and_date_of_birth_is_a_pair():
    pair = rules.pair_of(person(1, "Sam", "Cole"), person(2, "sam", "COLE"))
    assert pair.reason == "same name and date of birth"


def test_rule_similar_names_same_birth_date_and_postcode_is_a_pair_with_likeness():
    pair = rules.pair_of(
        person(1, "Jonathon", "Smith", postcode="BN1 1AA"),
        person(2, "Jonathan", "Smith", postcode="bn11aa"),
    )
    assert pair.kind == rules.SIMILAR_NAME_SAME_BIRTH_DATE_AND_POSTCODE
    assert pair.reason.startswith("same date of birth and postcode, names ")
    assert pair.reason.endswith("% alike")


def test_rule_unrelated_people_are_not_a_pair():
    # Similar names but another postcode; the same name but another birth date.
    assert (
        rules.pair_of(
            person(1, "Jonathon", "Smith", postcode="BN1 1AA"),
            person(2, "Jonathan", "Smith", postcode="BN2 2BB"),
        )
        is None
    )
    assert (
        rules.pair_of(
            person(1, "Sam", "Cole"), person(2, "Sam", "Cole", born=datetime.date(1981, 5, 1))
        )
        is None
    )
    assert (
        rules.pair_of(
            person(1, "Sam", "Cole", postcode="BN1 1AA"),
            person(2, "Kim", "Ward", postcode="BN1 1AA"),
        )
        is None
    )


def test_rule_disagreeing_records_give_reasons():
    reasons = rules.disagreements(
        person(1, "A", "B", nhs="1"), person(2, "A", "B", born=datetime.date(1990, 1, 1), nhs="2")
    )
    assert reasons == [
        "The records have different NHS numbers.",
        "The records have different dates of birth.",
    ]


@pytest.mark.django_db
def test_the_database_refuses_two_records_with_one_nhs_number():
    """Constraint unique_nhs_number: the finder's "same NHS number" can never be met."""
    first = factories.PatientFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.PatientFactory(nhs_number=first.nhs_number)


# --- the commissioner's area -------------------------------------------------------------


@pytest.fixture
def area(staff_client):
    client, user, commissioner = staff_client(Role.COMMISSIONER, factories.CommissionerFactory())
    practice = factories.PracticeFactory(commissioner=commissioner)

    def make(given, family, born=BORN, postcode="BN1 1AA", **kwargs):
        patient = factories.PatientFactory(
            given_name=given,
            family_name=family,
            date_of_birth=born,
            created_by_organisation=practice,
            related_to=[commissioner],
            **kwargs,
        )
        factories.AddressFactory(patient=patient, postcode=postcode)
        return patient

    return client, user, commissioner, practice, make


@pytest.mark.django_db
def test_finder_lists_each_kind_of_pair_and_not_unrelated_people(
    area, django_assert_max_num_queries
):
    client, user, commissioner, practice, make = area
    make("Sam", "Cole")
    make("Sam", "Cole", nhs_number="", nhs_number_unknown_reason="not_given")
    make("Jonathon", "Smith", born=datetime.date(1970, 1, 2))
    make("Jonathan", "Smith", born=datetime.date(1970, 1, 2))
    make("Kim", "Ward", born=datetime.date(1990, 1, 1))
    make("Kim", "Ward", born=datetime.date(1991, 1, 1))
    make("Lee", "Park", born=datetime.date(1970, 1, 2), postcode="BN2 2BB")
    other_area = factories.PatientFactory(given_name="Sam", family_name="Cole", date_of_birth=BORN)
    assert other_area  # another commissioner's person is never compared
    with django_assert_max_num_queries(20):
        page = client.get(reverse("patients:duplicates"))
    text = page.content.decode()
    assert "2 likely pairs" in text
    assert "Same name and date of birth" in text
    assert "Same date of birth and postcode, names " in text
    assert "Kim" not in text and "Lee" not in text
    pairs = duplicate_queries.likely_duplicates(user, commissioner)
    assert {(p.first.given_name, p.second.given_name) for p in pairs} == {
        ("Sam", "Sam"),
        ("Jonathon", "Jonathan"),
    }
    assert all(p.first.created_by_organisation == practice for p in pairs)


def _snapshot(user, organisation, *patients):
    """Everything the pages of both records are made of."""
    return [
        (
            model_to_dict(Patient.objects.get(pk=p.pk)),
            sorted(
                PatientRelationship.objects.filter(patient=p).values_list(
                    "organisation_id", "kind", "is_active"
                )
            ),
            vars(duplicate_queries.linked_records(user, organisation, p)).get("links"),
            queries.history_of(user, organisation, [p]),
            visible_episodes(user, organisation).filter(patient=p).count(),
        )
        for p in patients
    ]


@pytest.mark.django_db
def test_linking_shows_both_histories_under_one_and_undo_restores_both_exactly(area):
    client, user, commissioner, practice, make = area
    kept, duplicate = (
        make("Sam", "Cole"),
        make("Sam", "Cole", nhs_number="", nhs_number_unknown_reason="not_given"),
    )
    EpisodeFactory(patient=duplicate, commissioner=commissioner, removing_practice=practice)
    Message.objects.create(
        kind=Message.Kind.LETTER, template="t", patient=kept, created_for=commissioner
    )
    before = _snapshot(user, commissioner, kept, duplicate)

    response = client.post(
        reverse("patients:link", kwargs={"public_id": kept.public_id})
        + f"?duplicate={duplicate.public_id}"
    )
    assert response.status_code == 302
    link = PatientLink.objects.get()
    assert (link.kept, link.duplicate, link.linked_by, link.linked_by_organisation) == (
        kept,
        duplicate,
        user,
        commissioner,
    )
    page = client.get(
        reverse("patients:detail", kwargs={"public_id": kept.public_id})
    ).content.decode()
    assert "History of both records" in page
    assert "SAS episode: Reported" in page
    assert "Sam Cole (linked)" in page and "This record" in page
    assert "Message: Letter" in page
    assert "Linked on " in page and "Undo" in page
    other = client.get(
        reverse("patients:detail", kwargs={"public_id": duplicate.public_id})
    ).content.decode()
    assert "which is the record to keep" in other
    assert AuditEvent.objects.filter(detail__linked="same person").count() == 2

    client.post(reverse("patients:link-undo", kwargs={"public_id": link.public_id}))
    link.refresh_from_db()
    assert link.undone_by == user and link.undone_at is not None
    assert _snapshot(user, commissioner, kept, duplicate) == before
    page = client.get(
        reverse("patients:detail", kwargs={"public_id": kept.public_id})
    ).content.decode()
    assert "History of both records" not in page


@pytest.mark.django_db
def test_disagreeing_records_are_refused_with_the_reason(area):
    client, user, commissioner, practice, make = area
    kept = make("Sam", "Cole")
    duplicate = make("Sam", "Cole", born=datetime.date(1981, 5, 1))
    url = (
        reverse("patients:link", kwargs={"public_id": kept.public_id})
        + f"?duplicate={duplicate.public_id}"
    )
    assert "The records have different NHS numbers." in client.get(url).content.decode()
    assert "different dates of birth" in client.get(url).content.decode()
    with pytest.raises(links.LinkRefused):
        links.link_records(user, commissioner, kept, duplicate)
    client.post(url)
    assert not PatientLink.objects.exists()


@pytest.mark.django_db
def test_an_open_sas_episode_on_each_record_is_refused(area):
    client, user, commissioner, practice, make = area
    kept = make("Sam", "Cole")
    duplicate = make("Sam", "Cole", nhs_number="", nhs_number_unknown_reason="not_given")
    for patient in (kept, duplicate):
        EpisodeFactory(patient=patient, commissioner=commissioner, removing_practice=practice)
    with pytest.raises(links.LinkRefused) as refused:
        links.link_records(user, commissioner, kept, duplicate)
    assert "Each record has an open SAS episode" in refused.value.reasons[0]


@pytest.mark.django_db
def test_linking_gives_no_organisation_a_record_it_could_not_see(area, client):
    _, user, commissioner, practice, make = area
    kept = make("Sam", "Cole")
    duplicate = make("Sam", "Cole", nhs_number="", nhs_number_unknown_reason="not_given")
    other_practice = factories.PracticeFactory(commissioner=commissioner)
    PatientRelationship.objects.filter(patient=duplicate, organisation=practice).delete()
    PatientRelationship.objects.create(
        patient=duplicate, organisation=other_practice, kind="created"
    )
    EpisodeFactory(patient=duplicate, commissioner=commissioner, removing_practice=other_practice)
    links.link_records(user, commissioner, kept, duplicate)
    member = factories.MembershipFactory(role=Role.PRACTICE_STAFF, organisation=practice)
    from conftest import sign_in

    sign_in(client, member.user, practice)
    page = client.get(
        reverse("patients:detail", kwargs={"public_id": kept.public_id})
    ).content.decode()
    assert "held by an organisation whose records you cannot see" in page
    assert "History of both records" not in page and "SAS episode: " not in page
    assert (
        client.get(
            reverse("patients:detail", kwargs={"public_id": duplicate.public_id})
        ).status_code
        == 404
    )


# --- made in error -----------------------------------------------------------------------


@pytest.mark.django_db
def test_made_in_error_needs_a_second_person_then_vanishes_from_every_list(area):
    client, user, commissioner, practice, make = area
    patient = make("Sam", "Cole")
    episode = EpisodeFactory(patient=patient, commissioner=commissioner, removing_practice=practice)
    queued = Message.objects.create(
        kind=Message.Kind.LETTER, template="t", patient=patient, created_for=commissioner
    )
    request = made_in_error.ask(user, commissioner, patient, "Added twice by mistake")
    with pytest.raises(ValidationError, match="A second person must confirm"):
        made_in_error.confirm(user, commissioner, request)
    assert queries.patient_list(user, commissioner).filter(pk=patient.pk).exists()

    second = factories.MembershipFactory(role=Role.COMMISSIONER, organisation=commissioner).user
    made_in_error.confirm(second, commissioner, request)

    assert not queries.patient_list(user, commissioner).filter(pk=patient.pk).exists()
    assert not queries.search_patients(user, commissioner, {"name": "sam cole"}).exists()
    assert not visible_episodes(user, commissioner).filter(patient=patient).exists()
    episode.refresh_from_db()
    assert episode.state == State.ENTERED_IN_ERROR
    assert not Deadline.objects.filter(
        episode=episode, cancelled_at__isnull=True, met_at__isnull=True
    ).exists()
    queued.refresh_from_db()
    assert queued.status == Message.Status.CANCELLED
    assert Patient.objects.filter(pk=patient.pk).exists()
    trail = AuditEvent.objects.filter(patient_id=patient.pk)
    assert trail.filter(detail__made_in_error="asked").exists()
    assert trail.filter(detail__made_in_error="confirmed").exists()
    assert (
        client.get(reverse("patients:detail", kwargs={"public_id": patient.public_id})).status_code
        == 404
    )


def _lists_naming(client, name, pages):
    """The lists (by their description) whose page names ``name``, each read one by one."""
    found = []
    for what, url, params in pages:
        response = client.get(url, params, follow=True)
        assert response.status_code == 200, what
        if name in response.content.decode():
            found.append(what)
    return found


@pytest.mark.django_db
def test_a_record_made_in_error_leaves_every_list_and_search_and_its_work_is_cancelled(
    client,
):
    """docs/adr/0041: one rule (patients/queries/scope.py) takes it out of every list."""
    from django.test import Client

    from conftest import sign_in
    from gateway.accounts.tests.leavers_world import Refuge
    from gateway.api.tests.conftest import make_token
    from gateway.api.tests.fhir_helpers import NHS_NUMBER_SYSTEM
    from gateway.insight.links import CUSTOM, FROM, PERIOD, TO
    from gateway.registration.models import RegistrationReferral
    from gateway.support.models import Action, ServiceReferral

    world = Refuge()
    patient = world.patient
    PatientRelationship.objects.create(
        patient=patient, organisation=world.commissioner, kind="linked"
    )
    episode = EpisodeFactory(
        patient=patient, commissioner=world.commissioner, removing_practice=world.practice
    )
    from gateway.sas.tests.test_episode_pages import add_deadline

    deadline = add_deadline(episode, datetime.date.today() + datetime.timedelta(days=20))
    team, action = world.team_place(), world.action()
    referral, service_referral = world.registration_referral(), world.service_referral()
    assert team
    commissioner_user = factories.MembershipFactory(
        role=Role.COMMISSIONER, organisation=world.commissioner
    ).user
    today = datetime.date.today()
    period = {PERIOD: CUSTOM}
    for key, day in ((FROM, today - datetime.timedelta(days=60)), (TO, today)):
        period.update({f"{key}_day": day.day, f"{key}_month": day.month, f"{key}_year": day.year})
    worker_pages = [
        ("patient list", reverse("patients:search"), {}),
        ("Your clients", reverse("patients:caseload"), {}),
        ("registration referrals made", reverse("registration:list"), {}),
    ]
    commissioner_pages = [
        ("commissioner's patient list", reverse("patients:search"), {}),
        ("SAS episode list", reverse("sas:episode-list"), {}),
        *(
            (f"insight {kind}", reverse("insight:people", kwargs={"kind": kind}), period)
            for kind in ("support-actions-overdue",)
        ),
    ]
    raw, _ = make_token(world.practice)
    fhir = Client(headers={"Authorization": f"Bearer {raw}"})

    def everywhere():
        sign_in(client, world.leaver, world.refuge)
        seen = _lists_naming(client, "Bloggs", worker_pages)
        searched = client.post(reverse("patients:search"), {"name": "Jo Bloggs"}, follow=True)
        if "Bloggs" in searched.content.decode():
            seen.append("patient search")
        sign_in(client, commissioner_user, world.commissioner)
        seen += _lists_naming(client, "Bloggs", commissioner_pages)
        bundle = fhir.get(
            "/fhir/Patient", {"identifier": f"{NHS_NUMBER_SYSTEM}|{patient.nhs_number}"}
        ).json()
        if bundle.get("total") or bundle.get("entry"):
            seen.append("FHIR Patient search")
        return seen

    every_list = [
        "patient list", "Your clients", "registration referrals made", "patient search",
        "commissioner's patient list", "SAS episode list",
        "insight support-actions-overdue", "FHIR Patient search",
    ]  # fmt: skip
    assert everywhere() == every_list

    request = made_in_error.ask(world.leaver, world.refuge, patient, "Added twice by mistake")
    made_in_error.confirm(world.sam, world.refuge, request)

    assert everywhere() == []
    referral.refresh_from_db()
    service_referral.refresh_from_db()
    action.refresh_from_db()
    episode.refresh_from_db()
    assert referral.status == RegistrationReferral.Status.WITHDRAWN
    assert service_referral.status == ServiceReferral.Status.WITHDRAWN
    assert action.status == Action.Status.CANCELLED
    assert episode.state == State.ENTERED_IN_ERROR
    deadline.refresh_from_db()
    assert deadline.cancelled_at is not None
    assert not Deadline.objects.filter(
        episode=episode, cancelled_at__isnull=True, met_at__isnull=True
    ).exists()
    assert AuditEvent.objects.filter(patient_id=patient.pk).count() > 0


@pytest.mark.django_db
def test_the_commissioners_home_page_leads_to_the_duplicate_finder(staff_client):
    """A commissioner finds the duplicate finder from their home page; a practice does not
    see the link (it may not link records: ADR 0040)."""
    client, _, _ = staff_client(Role.COMMISSIONER, factories.CommissionerFactory())
    home = client.get(reverse("core:home")).content.decode()
    assert "People entered twice" in home
    assert f'href="{reverse("patients:duplicates")}"' in home
    client, _, _ = staff_client(Role.PRACTICE_STAFF)
    assert "People entered twice" not in client.get(reverse("core:home")).content.decode()
