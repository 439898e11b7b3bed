"""The registration lists as lists people can work with: the worker's referrals, the
practice's inbox and the commissioner's worklist each find a person by name or NHS number,
filter, sort by a column and download as CSV (audited), with no name or NHS number in any
URL and a fixed number of queries whatever their length."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.core.tests.list_helpers import (
    csv_link,
    csv_rows,
    every_url,
    first_column,
    rows,
    search,
    select_choices,
    sort_link,
)
from gateway.patients.models import PatientRelationship
from gateway.registration.models import RegistrationAlert, RegistrationReferral
from tests.factories import CommissionerFactory, PartnerFactory, PracticeFactory

from .helpers import World, sent_referral

pytestmark = pytest.mark.django_db
Status = RegistrationReferral.Status
Kind = RegistrationAlert.Kind


def _person(world, given, family):
    return world.person(
        given_name=given,
        family_name=family,
        search_given_name=given.lower(),
        search_family_name=family.lower(),
    )


@pytest.fixture
def world():
    """Three referrals from the probation office: Casey Doe and Morgan Doe to Albion
    Surgery (Morgan registered), Ari Zeller to Zed Surgery; each with a worklist item."""
    world = World()
    today = timezone.localdate()
    world.referrals = {}
    for given, family, practice, days_ago in [
        ("Casey", "Doe", world.practice, 10),
        ("Morgan", "Doe", world.practice, 3),
        ("Ari", "Zeller", world.other_practice, 1),
    ]:
        referral = sent_referral(world, patient=_person(world, given, family), practice=practice)
        when = today - datetime.timedelta(days=days_ago)
        RegistrationReferral.objects.filter(pk=referral.pk).update(
            referred_on=when, sent_on=when, chase_on=when + datetime.timedelta(days=7)
        )
        RegistrationAlert.objects.create(
            referral=referral,
            kind=Kind.NOT_REASONABLE_REFUSAL if given == "Ari" else Kind.ESCALATION,
            organisation=world.commissioner,
            raised_on=when,
        )
        world.referrals[given] = referral
    RegistrationReferral.objects.filter(pk=world.referrals["Morgan"].pk).update(
        status=Status.REGISTERED
    )
    return world


def practice_choices(page):
    """(value, text) of each option of the page's practice filter, in order."""
    start = page.index('name="practice"')
    select = page[start : page.index("</select>", start)]
    return re.findall(r'<option value="([^"]*)"[^>]*>\s*([^<]*?)\s*</option>', select)


def people(response):
    return first_column(response)


class TestTheWorkersReferrals:
    URL = "/registration/"

    def test_search_by_name_and_by_nhs_number(self, world, staff_client):
        client, _, _ = staff_client(Role.SUPPORT_WORKER, world.probation)
        assert people(search(client, self.URL, name="doe")) == ["Morgan Doe", "Casey Doe"]
        nhs = world.referrals["Ari"].patient.nhs_number
        assert people(search(client, self.URL, nhs_number=nhs)) == ["Ari Zeller"]

    def test_filters_by_status_practice_and_when_referred(self, world, staff_client):
        client, _, _ = staff_client(Role.SUPPORT_WORKER, world.probation)
        assert people(search(client, self.URL, status=Status.REGISTERED)) == ["Morgan Doe"]
        zed = str(world.other_practice.public_id)
        assert people(search(client, self.URL, practice=zed)) == ["Ari Zeller"]
        today = timezone.localdate()
        older = search(client, self.URL, referred_to=today - datetime.timedelta(days=5))
        assert people(older) == ["Casey Doe"]

    def test_the_practice_filter_offers_exactly_the_practices_it_has_referred_to(
        self, world, staff_client, django_assert_max_num_queries
    ):
        # Far Surgery: only another organisation has referred anyone there.
        outreach = PartnerFactory(name="Outreach Team")
        sent_referral(world, patient=_person(world, "Lee", "Park"))
        RegistrationReferral.objects.filter(patient__given_name="Lee").update(
            referring_organisation=outreach, practice=world.far_practice
        )
        client, _, _ = staff_client(Role.SUPPORT_WORKER, world.probation)
        with django_assert_max_num_queries(15):
            offered = practice_choices(client.get(self.URL).content.decode())
        assert offered == [
            ("", "Any practice"),
            (str(world.practice.public_id), "Albion Surgery"),
            (str(world.other_practice.public_id), "Zed Surgery"),
        ]
        # The choices are the practices it has referred to, read off an index, not the
        # people it may see (ADR 0051): Zed stays a choice after its only person leaves the
        # worker's scope (a practice's name says nothing about them), but choosing it lists
        # nobody: the rows fail closed.
        PatientRelationship.objects.filter(
            patient=world.referrals["Ari"].patient, organisation=world.probation
        ).update(is_active=False)
        assert practice_choices(client.get(self.URL).content.decode()) == offered
        zed = str(world.other_practice.public_id)
        assert people(search(client, self.URL, practice=zed)) == []

    def test_newest_first_and_sorting_by_person_and_practice(self, world, staff_client):
        client, _, _ = staff_client(Role.SUPPORT_WORKER, world.probation)
        first = client.get(self.URL)
        assert people(first) == ["Ari Zeller", "Morgan Doe", "Casey Doe"]
        by_person = client.get(sort_link(first, "Person"))
        assert people(by_person) == ["Casey Doe", "Morgan Doe", "Ari Zeller"]
        by_practice = client.get(sort_link(first, "Practice"))
        assert [row[2] for row in rows(by_practice)] == [
            "Albion Surgery",
            "Albion Surgery",
            "Zed Surgery",
        ]

    def test_the_csv_holds_the_filtered_list_and_is_audited(self, world, staff_client):
        client, user, organisation = staff_client(Role.SUPPORT_WORKER, world.probation)
        searched = search(client, self.URL, name="doe", status=Status.SENT)
        table = csv_rows(client.get(csv_link(searched)))
        casey = world.referrals["Casey"]
        casey.refresh_from_db()
        assert table == [
            ["Person", "Referred", "Practice", "Status", "Sent", "Answer due"],
            [
                "Casey Doe",
                casey.referred_on.isoformat(),
                "Albion Surgery",
                "Sent to the practice",
                casey.sent_on.isoformat(),
                casey.chase_on.isoformat(),
            ],
        ]
        event = AuditEvent.objects.filter(detail__export="csv").latest("id")
        assert (event.actor, event.organisation) == (user, organisation)
        assert event.detail["list"] == "registration-referrals"
        assert event.detail["by"] == ["name", "status"] and event.detail["rows"] == 1

    def test_no_name_or_nhs_number_in_any_url(self, world, staff_client):
        client, _, _ = staff_client(Role.SUPPORT_WORKER, world.probation)
        nhs = world.referrals["Casey"].patient.nhs_number
        response = search(client, self.URL, name="Casey", nhs_number=nhs)
        assert people(response) == ["Casey Doe"]
        for url in every_url(client.get(sort_link(response, "Status"))):
            assert "casey" not in url.lower() and nhs not in url, url


class TestThePracticeInbox:
    URL = "/registration/inbox"

    def test_waiting_first_then_search_filter_and_sort(self, world, staff_client):
        client, _, _ = staff_client(Role.PRACTICE_STAFF, world.practice)
        first = client.get(self.URL)
        assert people(first) == ["Casey Doe", "Morgan Doe"]
        assert people(search(client, self.URL, name="morgan")) == ["Morgan Doe"]
        assert people(search(client, self.URL, status=Status.SENT)) == ["Casey Doe"]
        today = timezone.localdate()
        due_later = search(client, self.URL, answer_due_from=today)
        assert people(due_later) == ["Morgan Doe"]
        by_sent = client.get(sort_link(first, "Sent"))
        assert people(by_sent) == ["Casey Doe", "Morgan Doe"]
        assert people(client.get(sort_link(by_sent, "Sent"))) == ["Morgan Doe", "Casey Doe"]

    def test_the_from_filter_offers_exactly_the_organisations_that_referred_to_it(
        self, world, staff_client, django_assert_max_num_queries
    ):
        outreach = PartnerFactory(name="Outreach Team")
        lee = sent_referral(world, patient=_person(world, "Lee", "Park"))
        RegistrationReferral.objects.filter(pk=lee.pk).update(referring_organisation=outreach)
        # Beacon Housing has referred only to another practice: never offered here.
        beacon = PartnerFactory(name="Beacon Housing")
        jo = sent_referral(world, patient=_person(world, "Jo", "March"))
        RegistrationReferral.objects.filter(pk=jo.pk).update(
            referring_organisation=beacon, practice=world.other_practice
        )
        _more(world, 30)
        client, _, _ = staff_client(Role.PRACTICE_STAFF, world.practice)
        with django_assert_max_num_queries(15):
            page = client.get(self.URL)
        offered = select_choices(page, "referring_organisation")
        assert offered == [
            ("", "Any organisation"),
            (str(outreach.public_id), "Outreach Team"),
            (str(world.probation.public_id), world.probation.name),
        ]
        # Read off an index of who has referred to the practice, not the people it may see
        # (ADR 0051 section 7): Outreach Team stays a choice after its only person leaves the
        # practice's scope, but choosing it lists nobody: the rows fail closed.
        PatientRelationship.objects.filter(patient=lee.patient, organisation=world.practice).update(
            is_active=False
        )
        assert select_choices(client.get(self.URL), "referring_organisation") == offered
        chosen = search(client, self.URL, referring_organisation=str(outreach.public_id))
        assert people(chosen) == []

    def test_the_csv_and_its_audit_row(self, world, staff_client):
        client, user, organisation = staff_client(Role.PRACTICE_STAFF, world.practice)
        table = csv_rows(client.get(reverse("registration:inbox-csv")))
        assert table[0] == ["Person", "From", "Sent", "Status", "Answer due", "Leaving prison on"]
        assert [row[0] for row in table[1:]] == ["Casey Doe", "Morgan Doe"]
        assert table[1][1] == world.probation.name
        event = AuditEvent.objects.filter(detail__export="csv").latest("id")
        assert (event.actor, event.organisation) == (user, organisation)
        assert event.detail == {
            "export": "csv",
            "list": "registration-inbox",
            "by": [],
            "sort": "",
            "rows": 2,
        }


class TestTheCommissionersWorklist:
    URL = "/registration/worklist"

    def test_oldest_first_then_search_filter_and_sort(self, world, staff_client):
        client, _, _ = staff_client(Role.COMMISSIONER, world.commissioner)
        first = client.get(self.URL)
        assert people(first) == ["Casey Doe", "Morgan Doe", "Ari Zeller"]
        assert people(search(client, self.URL, name="zeller")) == ["Ari Zeller"]
        nhs = world.referrals["Morgan"].patient.nhs_number
        assert people(search(client, self.URL, nhs_number=nhs)) == ["Morgan Doe"]
        refusals = search(client, self.URL, kind=Kind.NOT_REASONABLE_REFUSAL)
        assert people(refusals) == ["Ari Zeller"]
        albion = str(world.practice.public_id)
        assert people(search(client, self.URL, practice=albion)) == ["Casey Doe", "Morgan Doe"]
        today = timezone.localdate()
        recent = search(client, self.URL, since_from=today - datetime.timedelta(days=5))
        assert people(recent) == ["Morgan Doe", "Ari Zeller"]
        by_person = client.get(sort_link(first, "Person"))
        assert people(by_person) == ["Casey Doe", "Morgan Doe", "Ari Zeller"]
        newest = client.get(sort_link(first, "Since"))
        assert people(newest) == ["Ari Zeller", "Morgan Doe", "Casey Doe"]

    def test_the_practice_filter_offers_exactly_the_practices_it_looks_after(
        self, world, staff_client, django_assert_max_num_queries
    ):
        # Another commissioner's practice with an item of its own: never offered here.
        elsewhere = CommissionerFactory()
        abbey = PracticeFactory(commissioner=elsewhere, name="Abbey Surgery")
        jo = sent_referral(world, patient=_person(world, "Jo", "March"))
        RegistrationReferral.objects.filter(pk=jo.pk).update(practice=abbey)
        RegistrationAlert.objects.create(
            referral=jo, kind=Kind.ESCALATION, organisation=elsewhere, raised_on=jo.referred_on
        )
        _more(world, 30)
        client, _, _ = staff_client(Role.COMMISSIONER, world.commissioner)
        with django_assert_max_num_queries(15):
            page = client.get(self.URL)
        assert select_choices(page, "practice") == [
            ("", "Any practice"),
            (str(world.practice.public_id), "Albion Surgery"),
            (str(world.far_practice.public_id), "Far Surgery"),
            (str(world.other_practice.public_id), "Zed Surgery"),
        ]
        # The practices it looks after (ADR 0051 section 7), not those its open items name:
        # Far Surgery has nothing open, and choosing it lists nothing.
        far = str(world.far_practice.public_id)
        assert people(search(client, self.URL, practice=far)) == []

    def test_the_csv_and_its_audit_row(self, world, staff_client):
        client, user, organisation = staff_client(Role.COMMISSIONER, world.commissioner)
        searched = search(client, self.URL, kind=Kind.NOT_REASONABLE_REFUSAL)
        table = csv_rows(client.get(csv_link(searched)))
        assert table[0] == [
            "Person",
            "Practice",
            "What happened",
            "Since",
            "Detail",
            "Referred by",
        ]
        assert table[1][:3] == [
            "Ari Zeller",
            "Zed Surgery",
            "Refused on grounds that are not reasonable",
        ]
        assert table[1][5] == world.probation.name
        event = AuditEvent.objects.filter(detail__export="csv").latest("id")
        assert (event.actor, event.organisation) == (user, organisation)
        assert event.object_type == "registration.RegistrationAlert"
        assert event.detail["by"] == ["kind"] and event.detail["rows"] == 1

    def test_no_name_or_nhs_number_in_any_url(self, world, staff_client):
        client, _, _ = staff_client(Role.COMMISSIONER, world.commissioner)
        nhs = world.referrals["Ari"].patient.nhs_number
        response = search(client, self.URL, name="Ari Zeller", nhs_number=nhs)
        assert people(response) == ["Ari Zeller"]
        for url in every_url(client.get(sort_link(response, "Practice"))):
            assert "zeller" not in url.lower() and nhs not in url, url


def _more(world, n):
    for _ in range(n):
        referral = sent_referral(world)
        RegistrationAlert.objects.create(
            referral=referral,
            kind=Kind.ESCALATION,
            organisation=world.commissioner,
            raised_on=timezone.localdate(),
        )


@pytest.mark.parametrize(
    "role, part, name",
    [
        (Role.SUPPORT_WORKER, "probation", "registration:list"),
        (Role.PRACTICE_STAFF, "practice", "registration:inbox"),
        (Role.COMMISSIONER, "commissioner", "registration:worklist"),
    ],
)
def test_searched_sorted_pages_and_downloads_take_a_fixed_number_of_queries(
    world, staff_client, django_assert_max_num_queries, role, part, name
):
    client, _, _ = staff_client(role, getattr(world, part))
    url = reverse(name)
    searched = search(client, url, status=Status.SENT) if name != "registration:worklist" else None
    searched = searched or search(client, url, kind=Kind.ESCALATION)
    listed = searched.wsgi_request.get_full_path() + "&sort=-person"
    with django_assert_max_num_queries(20) as few:
        assert client.get(listed).status_code == 200
    with django_assert_max_num_queries(20) as few_csv:
        assert client.get(csv_link(searched)).status_code == 200
    _more(world, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(listed + "&page=2")
    assert "showing 26 to" in page.content.decode()
    with django_assert_max_num_queries(len(few_csv.captured_queries)):
        assert len(csv_rows(client.get(csv_link(searched)))) > 30
