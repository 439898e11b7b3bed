"""Every read Gateway compiles once a process (ADR 0068) really is kept for the roles that read
their organisation's whole scope, rather than quietly built through the ORM on every request
because its proof failed (a value worked out inside the build, a value written into the SQL).
A statement that is not kept is still right, only slower: this is what would notice."""

import pytest
from django.urls import reverse
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.comms import queries as comms_reads
from gateway.patients.queries import (
    caseload,
    get_patient_record,
    get_visible_patient,
    link_requests,
)
from gateway.patients.queries import duplicates as duplicate_reads
from gateway.patients.queries import patients as patient_reads
from gateway.patients.queries.duplicates import linked_records
from gateway.patients.queries.patients import consents_for, contact_routes_for
from gateway.patients.tests.test_caseload import client_of
from gateway.patients.tests.test_link_requests import Area
from gateway.registration import home as registration_home
from gateway.sas.queries import appeals, episode_page
from gateway.sas.queries import episodes as episode_reads
from gateway.sas.queries import home as sas_home
from gateway.sas.queries.worklist import WINDOWS, worklist_horizon, worklist_windows
from gateway.sas.tests.test_episode_pages import add_deadline, days, make_episode
from gateway.support.queries import assessments as support_assessments
from gateway.support.queries import home as support_home
from gateway.support.queries import support_page
from gateway.support.tests.helpers import Person
from tests.factories import CommissionerFactory, MembershipFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def assert_kept(*statements):
    """Each statement has been run and kept as prepared (never None: not preparable)."""
    for statement in statements:
        kept = list(statement._kept.values())
        assert kept and None not in kept, statement.build.__qualname__


# The reads of a person's pages and a support worker's home page (one support worker's).
PERSON_PAGES = (
    patient_reads.PERSON,
    patient_reads.RECORD,
    support_page.PERSON,
    support_home.HOME,
    caseload.SUMMARY,
    patient_reads.ROUTES,
    patient_reads.CONSENTS,
    duplicate_reads.LINKS,
    support_page.PANEL_ACTIONS,
    support_page.PANEL_MEETINGS,
    support_assessments.LATEST,
    support_assessments.MARAC_SHOWN,
)

# The home page's sections other than the SAS and support figures.
HOME_SECTIONS = (
    appeals.COUNTS,
    link_requests.OPEN_COUNT,
    link_requests.ANSWERED,
    comms_reads.HOME,
    registration_home.HOME,
)


@pytest.fixture(autouse=True)
def nothing_kept_yet():
    for statement in (
        *PERSON_PAGES,
        sas_home.HOME,
        episode_reads.VISIBLE_EPISODE,
        episode_page.SCOPED,
        episode_page.PARTS,
        WINDOWS,
        *HOME_SECTIONS,
    ):
        statement._kept.clear()


def test_the_reads_of_a_persons_pages_are_kept():
    person = Person()
    worker, refuge, public_id = person.support_worker, person.refuge, person.patient.public_id
    assert get_visible_patient(worker, refuge, public_id) == person.patient
    assert get_patient_record(worker, refuge, public_id).whole_record
    on_the_page = support_page.get_patient_for_support_page(worker, refuge, public_id)
    panel = support_page.team_panel(on_the_page)
    assert (panel["actions"], panel["meetings"]) == ([], [])
    assert support_assessments.latest_assessments(person.patient) == {}
    assert support_assessments.marac_referrals_shown(person.patient, 25) == []
    support_home.home_figures(worker, refuge)
    # Related to the refuge, but with no consent or team there: not one of its clients.
    assert caseload.summary(worker, refuge)["count"] == 0
    routes, consents = person.patient.contact_routes, person.patient.consents
    assert {r.pk for r in contact_routes_for(person.patient)} == set(
        routes.values_list("pk", flat=True)
    )
    assert {c.pk for c in consents_for(person.patient)} == set(
        consents.values_list("pk", flat=True)
    )
    assert linked_records(worker, refuge, person.patient).links == []
    assert_kept(*PERSON_PAGES)


def test_the_sas_reads_are_kept_for_a_commissioner():
    icb = CommissionerFactory()
    user = MembershipFactory(organisation=icb, role=Role.COMMISSIONER).user
    episode = make_episode(icb)
    add_deadline(episode, days(-1))
    assert episode_reads.get_visible_episode(user, icb, episode.public_id) == episode
    assert episode_page.get_episode_for_page(user, icb, episode.public_id) == episode
    figures = sas_home.home_figures(user, icb, {Role.COMMISSIONER}, timezone.localdate())
    assert figures["work_counts"]["overdue"] == 1
    shown, later = worklist_windows(
        user,
        icb,
        {Role.COMMISSIONER},
        horizon=worklist_horizon(),
        count_limits=(1001, 101),
    )
    assert (shown.count_up_to(1001), later.count_up_to(101)) == (1, 0)
    assert_kept(
        episode_reads.VISIBLE_EPISODE,
        episode_page.SCOPED,
        episode_page.PARTS,
        sas_home.HOME,
        WINDOWS,
    )


def test_the_home_pages_sections_are_kept():
    area = Area()  # a practice asked its commissioner to see a person
    commissioner = area.commissioner_client()
    before = commissioner.get(reverse("core:home")).content.decode()
    assert "1 request to see a person's record</a>" in before
    assert "Appeals for the panel" in before
    commissioner.post(
        reverse("patients:link-request", args=[area.request.public_id]), {"decision": "link"}
    )
    after = area.practice_client().get(reverse("core:home")).content.decode()
    assert f"{area.person.full_name}</a> is now on your records" in after
    assert_kept(*HOME_SECTIONS)


def test_your_clients_is_counted_and_paged_through_kept_statements(staff_client):
    client, user, organisation = staff_client(Role.SUPPORT_WORKER, PartnerFactory())
    for _ in range(27):
        client_of(user, organisation)
    html = client.get(reverse("patients:caseload") + "?page=2").content.decode()
    assert "27 people, showing 26 to 27" in html
    assert_kept(*caseload.clients_listed(user, organisation).statements)
