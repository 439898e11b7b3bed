"""The outbox as a list people can work with: find the messages about a person by name or
NHS number, filter by status, type and when they were created, sort by a column, download
as CSV (audited, safe in a spreadsheet), with no name or NHS number in any URL."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.comms.models import Message
from gateway.core.tests.list_helpers import csv_link, csv_rows, every_url, rows, search, sort_link
from tests import factories

pytestmark = pytest.mark.django_db
OUTBOX = "/outbox/"


@pytest.fixture
def outbox(staff_client, practice, queue):
    client, user, organisation = staff_client(Role.PRACTICE_STAFF, practice)
    people = {}
    for given, family in [("Casey", "Doe"), ("Ari", "Zeller")]:
        people[given] = factories.PatientFactory(
            given_name=given,
            family_name=family,
            search_given_name=given.lower(),
            search_family_name=family.lower(),
            related_to=[practice],
        )
    letter = queue("letter", practice, patient=people["Casey"], run=False)
    text = queue("text", practice, patient=people["Ari"], phone_number="07700900123", run=False)
    week_ago = timezone.now() - datetime.timedelta(days=7)
    Message.objects.filter(pk=letter.pk).update(created_at=week_ago)
    return client, user, organisation, people, {"letter": letter, "text": text}


def recipients(response):
    return [row[2] for row in rows(response)]


def test_search_by_name_or_nhs_number_shows_that_persons_messages(outbox):
    client, _, _, people, _ = outbox
    assert recipients(search(client, OUTBOX, name="casey")) == ["Casey Doe"]
    nhs = people["Ari"].nhs_number
    assert recipients(search(client, OUTBOX, nhs_number=nhs)) == ["Ari Zeller"]


def test_filters_by_type_and_by_when_it_was_created(outbox):
    client, _, _, _, _ = outbox
    assert recipients(search(client, OUTBOX, kind="text")) == ["Ari Zeller"]
    today = timezone.localdate()
    recent = search(client, OUTBOX, created_from=today - datetime.timedelta(days=1))
    assert recipients(recent) == ["Ari Zeller"]
    older = search(client, OUTBOX, created_to=today - datetime.timedelta(days=3))
    assert recipients(older) == ["Casey Doe"]


def test_newest_first_and_the_created_heading_sorts_oldest_first(outbox):
    client, _, _, _, _ = outbox
    first = client.get(OUTBOX)
    assert recipients(first) == ["Ari Zeller", "Casey Doe"]
    assert 'aria-sort="descending"' in first.content.decode()
    assert recipients(client.get(sort_link(first, "Created"))) == ["Casey Doe", "Ari Zeller"]
    by_type = client.get(sort_link(first, "Type"))
    assert [row[1] for row in rows(by_type)] == ["Letter", "Text message"]


def test_no_name_or_nhs_number_in_any_url(outbox):
    client, _, _, people, _ = outbox
    nhs = people["Casey"].nhs_number
    response = search(client, OUTBOX, name="Casey Doe", nhs_number=nhs)
    assert recipients(response) == ["Casey Doe"]
    for url in every_url(client.get(sort_link(response, "Status"))):
        assert "casey" not in url.lower() and "doe" not in url.lower(), url
        assert nhs not in url, url


def test_the_csv_is_the_filtered_list_and_its_download_is_audited(outbox):
    client, user, organisation, _, messages = outbox
    searched = search(client, OUTBOX, name="Casey")
    response = client.get(csv_link(searched))
    assert response["Content-Disposition"].startswith('attachment; filename="outbox-')
    table = csv_rows(response)
    assert table[0] == ["Created", "Type", "To", "About", "Status"]
    letter = messages["letter"]
    assert [row[1:] for row in table[1:]] == [
        ["Letter", "Casey Doe", letter.subject or letter.template, letter.get_status_display()]
    ]
    event = AuditEvent.objects.filter(detail__export="csv").latest("id")
    assert (event.actor, event.organisation, event.object_type) == (
        user,
        organisation,
        "comms.Message",
    )
    assert event.detail == {
        "export": "csv",
        "list": "outbox",
        "by": ["name"],
        "sort": "-created",
        "rows": 1,
    }


def test_an_organisation_admin_can_neither_list_nor_download_letters(staff_client, practice):
    client, _, _ = staff_client(Role.ORGANISATION_ADMIN, practice)
    assert client.get(reverse("comms:outbox-csv")).status_code == 403


def test_the_outbox_reads_its_page_keys_first_newest_first(outbox):
    """A list page reads its page's keys in order, then those rows with their joins by key
    (ADR 0043, update 2026-12-07), the keys a subquery of the statement that reads the rows
    and the bounded count (ADR 0069): the same rows in the same order, within the page
    budget."""
    client, _, _, _, _ = outbox
    with CaptureQueriesContext(connection) as queries:
        response = client.get(OUTBOX)
    assert recipients(response) == ["Ari Zeller", "Casey Doe"]  # newest first
    (page,) = [q["sql"] for q in queries if 'FROM "comms_message"' in q["sql"]]
    assert 'ORDER BY "comms_message"."created_at" DESC' in page and "LIMIT 25" in page
    assert "SELECT COUNT(*) FROM (SELECT" in page
    assert len(queries) <= 15
