"""The registration lists stay fast without changing what anyone sees (ADR 0051): each page
of the referrer's list, the practice's inbox and the commissioner's worklist costs at most 15
queries, and a deep page costs exactly what page 1 costs (ADR 0069); the scope each list is
read through fails closed (another organisation's referrals, a person no longer related, a
record made in error, a practice now commissioned by someone else); the order is unchanged."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from gateway.accounts.models import Organisation, Role
from gateway.core.tests.list_helpers import first_column, sort_link
from gateway.patients.models import Patient, PatientRelationship
from gateway.registration import services
from gateway.registration.models import RegistrationAlert, RegistrationReferral
from tests.factories import CommissionerFactory, MembershipFactory, PartnerFactory

from .helpers import World, referral_data, sent_referral

pytestmark = pytest.mark.django_db
Kind = RegistrationAlert.Kind
BUDGET = 15

LISTS = [
    (Role.SUPPORT_WORKER, "probation", "registration:list"),
    (Role.PRACTICE_STAFF, "practice", "registration:inbox"),
    (Role.COMMISSIONER, "commissioner", "registration:worklist"),
]


def _escalated(world, referral):
    RegistrationAlert.objects.create(
        referral=referral,
        kind=Kind.ESCALATION,
        organisation=world.commissioner,
        raised_on=timezone.localdate(),
    )
    return referral


def _referrals(world, n, **kwargs):
    return [_escalated(world, sent_referral(world, **kwargs)) for _ in range(n)]


@pytest.mark.parametrize("role, part, name", LISTS)
def test_page_one_and_a_deep_page_cost_the_same_few_queries(
    staff_client, django_assert_max_num_queries, role, part, name
):
    world = World()
    _referrals(world, 2)
    client, _, _ = staff_client(role, getattr(world, part))
    url = reverse(name)
    with django_assert_max_num_queries(BUDGET) as few:
        assert client.get(url).status_code == 200
    _referrals(world, 30)  # more than a page
    for page in ("", "?page=2", "?page=100000"):
        # Page 100,000 of a list shorter than the count limit (1,000) is past its end: its
        # last page, read in the same one statement (ADR 0069, update).
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(url + page)
        assert response.status_code == 200
    # The deep page is the last page there is, not an error or an empty page.
    assert "showing 26 to 32." in response.content.decode()


@pytest.fixture
def world():
    """Our probation office's referral (Casey, to Albion) beside another office's referrals
    to the same practice and to a practice of another commissioner."""
    world = World()
    world.casey = _escalated(
        world, sent_referral(world, patient=world.person(given_name="Casey", family_name="Doe"))
    )
    world.outreach = PartnerFactory(
        partner_type=Organisation.PartnerType.PROBATION, name="Outreach Team"
    )
    outreach_worker = MembershipFactory(organisation=world.outreach, role=Role.SUPPORT_WORKER).user
    theirs = SimpleNamespace(probation=world.outreach, worker=outreach_worker)
    elsewhere = World()
    for practice, given in [(world.practice, "Robin"), (elsewhere.practice, "Sam")]:
        person = world.person(
            given_name=given, family_name="Other", created_by_organisation=world.outreach
        )
        _escalated(world, sent_referral(theirs, patient=person, practice=practice))
    return world


def _people(client, name):
    return first_column(client.get(reverse(name)))


def test_the_referrer_sees_only_its_own_referrals(world, staff_client):
    client, _, _ = staff_client(Role.SUPPORT_WORKER, world.probation)
    assert _people(client, "registration:list") == ["Casey Doe"]
    client, _, _ = staff_client(Role.SUPPORT_WORKER, world.outreach)
    assert _people(client, "registration:list") == ["Sam Other", "Robin Other"]


def test_the_practice_sees_only_referrals_sent_to_it(world, staff_client):
    client, _, _ = staff_client(Role.PRACTICE_STAFF, world.practice)
    assert sorted(_people(client, "registration:inbox")) == ["Casey Doe", "Robin Other"]


def test_the_worklist_holds_only_referrals_the_commissioner_is_involved_in(world, staff_client):
    client, _, _ = staff_client(Role.COMMISSIONER, world.commissioner)
    assert sorted(_people(client, "registration:worklist")) == ["Casey Doe", "Robin Other"]
    # Albion is now commissioned by someone else: the alerts still name our commissioner,
    # but the referrals are no longer theirs to see.
    Organisation.objects.filter(pk=world.practice.pk).update(commissioner=CommissionerFactory())
    assert _people(client, "registration:worklist") == []


@pytest.mark.parametrize("role, part, name", LISTS)
def test_a_person_no_longer_related_or_made_in_error_leaves_every_list(
    world, staff_client, role, part, name
):
    client, _, organisation = staff_client(role, getattr(world, part))
    assert "Casey Doe" in _people(client, name)
    PatientRelationship.objects.filter(
        patient=world.casey.patient, organisation=organisation
    ).update(is_active=False)
    assert "Casey Doe" not in _people(client, name)
    PatientRelationship.objects.filter(
        patient=world.casey.patient, organisation=organisation
    ).update(is_active=True)
    assert "Casey Doe" in _people(client, name)
    Patient.objects.filter(pk=world.casey.patient_id).update(made_in_error_at=timezone.now())
    assert "Casey Doe" not in _people(client, name)


def test_newest_first_with_the_latest_made_first_on_the_same_day_and_sorting_both_ways(
    staff_client,
):
    world = World()
    today = timezone.localdate()
    made = {}
    for given, days_ago in [("Ann", 2), ("Bea", 0), ("Cal", 2), ("Dee", 1)]:
        made[given] = sent_referral(world, patient=world.person(given_name=given))
        RegistrationReferral.objects.filter(pk=made[given].pk).update(
            referred_on=today - datetime.timedelta(days=days_ago)
        )
    client, _, _ = staff_client(Role.SUPPORT_WORKER, world.probation)
    first = client.get(reverse("registration:list"))
    given_names = [name.split()[0] for name in first_column(first)]
    assert given_names == ["Bea", "Dee", "Cal", "Ann"]
    oldest_first = client.get(sort_link(first, "Referred"))
    assert [name.split()[0] for name in first_column(oldest_first)] == [
        "Ann",
        "Cal",
        "Dee",
        "Bea",
    ]


def test_a_referral_with_no_practice_yet_sorts_last_both_ways(staff_client):
    """Sorting keeps empty values last for a column that can be empty (the practice), while a
    never-empty column is ordered plainly so its index serves it."""
    world = World()
    sent_referral(world, patient=world.person(given_name="Ann"), practice=world.practice)
    sent_referral(world, patient=world.person(given_name="Zoe"), practice=world.other_practice)
    services.refer(world.worker, world.probation, world.person(given_name="Nia"), referral_data())
    client, _, _ = staff_client(Role.SUPPORT_WORKER, world.probation)
    by_practice = client.get(sort_link(client.get(reverse("registration:list")), "Practice"))
    assert [name.split()[0] for name in first_column(by_practice)] == ["Ann", "Zoe", "Nia"]
    reversed_ = client.get(sort_link(by_practice, "Practice"))
    assert [name.split()[0] for name in first_column(reversed_)] == ["Zoe", "Ann", "Nia"]


def test_the_worklist_lists_an_alert_by_each_part_the_commissioner_plays_and_no_other(
    world, staff_client
):
    """The worklist asks "the practice's commissioner" of the practice's own row (ADR 0043,
    update 2026-12-07): a referral with no practice yet is the commissioner's only if it
    referred; one whose practice it commissions, or that it referred, is listed, oldest first."""
    no_practice = services.refer(
        world.worker,
        world.probation,
        world.person(given_name="Nia", family_name="Blank"),
        referral_data(),
    )
    PatientRelationship.objects.get_or_create(
        patient=no_practice.patient,
        organisation=world.commissioner,
        kind=PatientRelationship.Kind.COMMISSIONER,
    )
    _escalated(world, no_practice)
    RegistrationAlert.objects.filter(referral=world.casey).update(
        raised_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    client, _, _ = staff_client(Role.COMMISSIONER, world.commissioner)
    assert _people(client, "registration:worklist") == ["Casey Doe", "Robin Other"]
    RegistrationReferral.objects.filter(pk=no_practice.pk).update(
        referring_organisation=world.commissioner
    )
    assert _people(client, "registration:worklist") == ["Casey Doe", "Robin Other", "Nia Blank"]


def test_the_alerts_organisation_and_kind_have_planner_statistics():
    """PostgreSQL only (registration migration 0012): without them the worklist's page sorted
    every referral in scope instead of walking its index (ADR 0043, update 2026-12-07)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT stxkeys::text, stxkind::text FROM pg_statistic_ext "
            "WHERE stxname = 'reg_alert_organisation_kind'"
        )
        found = cursor.fetchall()
    assert len(found) == 1 and "m" in found[0][1]
