"""The list pages, as they are opened, read their page and count by a statement compiled once
a process (gateway.core.list_reads, ADR 0069's session-13 update): the SAS episode list, the
registration lists (referrer, inbox, commissioner's worklist) and the outbox.

What a person meets must not change: each page (the first, a later one, one past the end,
another sort) shows the same rows in the same order with the same count in words as the
ORM's own read of the list. The statement must really be kept (one for the first page and
one for every later page of a sort: the page's first row is a parameter, not written in),
and a search, whose values are words, is read through the ORM as before."""

import re

import pytest
from django.db import transaction
from django.urls import reverse

from gateway.accounts.models import Role
from gateway.comms import services as comms
from gateway.comms.views import outbox as outbox_views
from gateway.core.tests.list_helpers import rows, search
from gateway.patients.models import Patient
from gateway.registration.tests.helpers import world_of
from gateway.registration.views import commissioner as commissioner_views
from gateway.registration.views import practice as practice_views
from gateway.registration.views import referrer as referrer_views
from gateway.sas.tests.test_episode_pages import add_deadline, days, make_episode
from gateway.sas.views import episodes as episode_views
from tests.factories import CommissionerFactory, PatientFactory, PracticeFactory

pytestmark = pytest.mark.django_db

ROWS = 30


def _episodes():
    icb = CommissionerFactory()
    for i in range(ROWS):
        episode = make_episode(icb)
        add_deadline(episode, days(i - 10))
        name = f"Person{i:02d}"
        Patient.objects.filter(pk=episode.patient_id).update(
            given_name=name, search_given_name=name.lower()
        )
    return Role.COMMISSIONER, icb


def _registration(part):
    def make():
        world = world_of(ROWS)
        role = {
            "probation": Role.SUPPORT_WORKER,
            "practice": Role.PRACTICE_STAFF,
            "commissioner": Role.COMMISSIONER,
        }[part]
        return role, getattr(world, part)

    return make


def _outbox():
    practice = PracticeFactory()
    for i in range(ROWS):
        patient = PatientFactory(given_name=f"Person{i:02d}", related_to=[practice])
        with transaction.atomic():
            comms.queue_text(
                None,
                practice,
                template="comms/plain",
                context={"text": "Your review is on 3 March.", "heading": "Review"},
                phone_number="07700900123",
                patient=patient,
            )
    return Role.PRACTICE_STAFF, practice


# (the list's URL name, its noun, the view module and its read's name, the people and rows)
LISTS = [
    ("sas:episode-list", "episode", episode_views, "EPISODE_LIST_READ", _episodes),
    ("registration:list", "referral", referrer_views, "REFERRALS_READ", _registration("probation")),
    ("registration:inbox", "referral", practice_views, "INBOX_READ", _registration("practice")),
    (
        "registration:worklist",
        "item",
        commissioner_views,
        "WORKLIST_READ",
        _registration("commissioner"),
    ),
    ("comms:outbox", "message", outbox_views, "OUTBOX_READ", _outbox),
]


def _summary(response):
    found = re.search(r"\d+ \w+, showing \d+ to \d+\.", response.content.decode())
    return found.group(0) if found else None


def _pages(read):
    """The page queries of a visit: the first page, a later one, one past the end, and a
    later page sorted another way (the spec's first sortable column, descending)."""
    other = "-" + next(key for key in read.spec.sorts if key != read.spec.default_sort)
    return ["", "?page=2", "?page=9", f"?sort={other}&page=2"], other


@pytest.fixture(autouse=True)
def nothing_kept_yet():
    for _, _, module, name, _ in LISTS:
        getattr(module, name).statement._kept.clear()


@pytest.mark.parametrize("url_name, noun, module, read_name, make", LISTS)
def test_a_list_read_by_its_kept_statement_shows_what_the_orm_read_shows(
    staff_client, monkeypatch, url_name, noun, module, read_name, make
):
    role, organisation = make()
    client, _, _ = staff_client(role, organisation)
    read = getattr(module, read_name)
    pages, other_sort = _pages(read)
    url = reverse(url_name)

    def visit():
        shown = []
        for query in pages:
            response = client.get(url + query)
            assert response.status_code == 200
            shown.append((_summary(response), rows(response)))
        return shown

    kept = visit()
    monkeypatch.setattr(module, read_name, None)  # the view reads through the ORM
    assert kept == visit()
    assert [summary for summary, _ in kept] == [
        f"{ROWS} {noun}s, showing 1 to 25.",
        f"{ROWS} {noun}s, showing 26 to {ROWS}.",
        f"{ROWS} {noun}s, showing 26 to {ROWS}.",  # past the end: the last page
        f"{ROWS} {noun}s, showing 26 to {ROWS}.",
    ]
    assert all(len(page_rows) == n for (_, page_rows), n in zip(kept, (25, 5, 5, 5)))
    # Kept, each proven to take its values as parameters: the first page, and one statement
    # for every later page of each sort, whatever the page.
    statements = read.statement._kept
    assert None not in statements.values()
    assert {(shape[0], shape[1]) for shape, _ in statements} == {
        (read.spec.default_sort or "", True),
        (read.spec.default_sort or "", False),
        (other_sort, False),
    }


@pytest.mark.parametrize("url_name, noun, module, read_name, make", LISTS)
def test_a_search_is_read_through_the_orm_not_the_kept_statement(
    staff_client, url_name, noun, module, read_name, make
):
    role, organisation = make()
    client, _, _ = staff_client(role, organisation)
    read = getattr(module, read_name)
    found = search(client, reverse(url_name), name="person07")
    assert f"1 {noun} matches, showing 1 to 1." in found.content.decode()
    assert len(rows(found)) == 1
    assert read.statement._kept == {}
