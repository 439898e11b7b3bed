"""Every read Gateway compiles once a process (ADR 0068) really is kept for the roles that read
their organisation's whole scope, rather than quietly built through the ORM on every request
because its proof failed (a value worked out inside the build, a value written into the SQL).
A statement that is not kept is still right, only slower: this is what would notice."""

import pytest
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.patients.queries import get_patient_record, get_visible_patient
from gateway.patients.queries import patients as patient_reads
from gateway.sas.queries import episode_page
from gateway.sas.queries import episodes as episode_reads
from gateway.sas.queries import home as sas_home
from gateway.sas.tests.test_episode_pages import add_deadline, days, make_episode
from gateway.support.queries import home as support_home
from gateway.support.queries import support_page
from gateway.support.tests.helpers import Person
from tests.factories import CommissionerFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def assert_kept(*statements):
    """Each statement has been run and kept as prepared (never None: not preparable)."""
    for statement in statements:
        kept = list(statement._kept.values())
        assert kept and None not in kept, statement.build.__qualname__


@pytest.fixture(autouse=True)
def nothing_kept_yet():
    for statement in (
        patient_reads.PERSON,
        patient_reads.RECORD,
        support_page.PERSON,
        support_home.HOME,
        sas_home.HOME,
        episode_reads.VISIBLE_EPISODE,
        episode_page.SCOPED,
        episode_page.PARTS,
    ):
        statement._kept.clear()


def test_the_reads_of_a_persons_pages_are_kept():
    person = Person()
    worker, refuge, public_id = person.support_worker, person.refuge, person.patient.public_id
    assert get_visible_patient(worker, refuge, public_id) == person.patient
    assert get_patient_record(worker, refuge, public_id).whole_record
    assert support_page.get_patient_for_support_page(worker, refuge, public_id)
    support_home.home_figures(worker, refuge)
    assert_kept(patient_reads.PERSON, patient_reads.RECORD, support_page.PERSON, support_home.HOME)


def test_the_sas_reads_are_kept_for_a_commissioner():
    icb = CommissionerFactory()
    user = MembershipFactory(organisation=icb, role=Role.COMMISSIONER).user
    episode = make_episode(icb)
    add_deadline(episode, days(-1))
    assert episode_reads.get_visible_episode(user, icb, episode.public_id) == episode
    assert episode_page.get_episode_for_page(user, icb, episode.public_id) == episode
    figures = sas_home.home_figures(user, icb, {Role.COMMISSIONER}, timezone.localdate())
    assert figures["work_counts"]["overdue"] == 1
    assert_kept(
        episode_reads.VISIBLE_EPISODE, episode_page.SCOPED, episode_page.PARTS, sas_home.HOME
    )
