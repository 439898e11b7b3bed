"""The auditor's search of the audit trail: by person (found by NHS number or name, kept in
the session, never in the URL), by member of staff, organisation, action and range of days;
each row names its record in words; the results page and its CSV download (itself audited,
with formula cells neutralised)."""

import csv
import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gateway.accounts.models import Role
from gateway.audit import services as audit
from gateway.audit.models import AuditEvent
from tests.factories import (
    CommissionerFactory,
    MembershipFactory,
    PatientFactory,
    PracticeFactory,
)

pytestmark = pytest.mark.django_db

# Signing in, the session and the current organisation take 4 queries; the page: the form's
# staff and organisations, the count, a page of rows, the names of the people, staff and
# organisations those rows are about (each only when a row is), and the visit's audit row.
QUERY_LIMIT = 12


@pytest.fixture
def area(staff_client):
    """An auditor at a commissioner, a practice in its area and one outside it."""
    commissioner = CommissionerFactory(name="Downs ICB")
    client, auditor, _ = staff_client(Role.AUDITOR, organisation=commissioner)
    practice = PracticeFactory(name="Seaview Surgery", commissioner=commissioner)
    elsewhere = PracticeFactory(name="Faraway Surgery")
    return client, auditor, commissioner, practice, elsewhere


def staff(organisation, name):
    return MembershipFactory(organisation=organisation, user__full_name=name).user


def write(action, user, organisation, obj=None, patient=None, **kwargs):
    return audit.record(
        action, actor=user, organisation=organisation, obj=obj, patient=patient, **kwargs
    )


def search(client, **answers):
    """Post the search form as a person would, and follow to the results page."""
    data = {
        "nhs_number": "",
        "name": "",
        "user": "",
        "organisation": "",
        "action": "",
        **answers,
    }
    return client.post(reverse("audit:events"), data, follow=True)


def text(response):
    return response.content.decode()


def entries(response):
    """The table of entries, below the search form (whose lists name staff too)."""
    return text(response).split('id="entries"')[1]


def test_searching_by_nhs_number_finds_entries_about_that_person_only(area):
    client, _, commissioner, practice, _ = area
    jordan = PatientFactory(
        given_name="Jordan",
        family_name="Ashby",
        created_by_organisation=practice,
        related_to=[commissioner],
    )
    other = PatientFactory(created_by_organisation=practice, related_to=[commissioner])
    write("view", staff(practice, "Vera Viewer"), practice, jordan, jordan)
    write("view", staff(practice, "Olive Other"), practice, other, other)

    response = search(client, nhs_number=jordan.nhs_number)

    page = entries(response)
    assert "Vera Viewer" in page and "Olive Other" not in page
    assert "Patient record: Jordan Ashby" in page
    # The NHS number went in the body of a POST; the URL carries only a token.
    final_url = response.redirect_chain[-1][0]
    assert jordan.nhs_number not in final_url and "Jordan" not in final_url
    assert final_url.startswith("/audit/search/")


def test_searching_by_name_finds_the_person_and_names_each_record_in_words(area):
    client, _, commissioner, practice, _ = area
    jordan = PatientFactory(
        given_name="Jordan",
        family_name="Ashby",
        created_by_organisation=practice,
        related_to=[commissioner],
    )
    worker = staff(practice, "Chen Changer")
    write("update", worker, practice, jordan, jordan, changed_fields=["family_name"])
    write("create", worker, practice, patient=jordan, object_type="sas.Episode", object_id="x")

    page = text(search(client, name="jordan ash"))

    assert "Patient record: Jordan Ashby" in page
    assert "SAS episode of Jordan Ashby" in page
    assert "Family name" in page
    assert reverse("audit:patient-access", args=[jordan.public_id]) in page


def test_a_person_the_organisation_does_not_work_with_cannot_be_found(area):
    client, _, _, practice, _ = area
    stranger = PatientFactory(created_by_organisation=practice)  # no link with the ICB
    write("view", staff(practice, "Vera Viewer"), practice, stranger, stranger)

    response = search(client, nhs_number=stranger.nhs_number, name="Someone")

    page = text(response)
    assert response.status_code == 200
    assert "No one your organisation works with has this NHS number" in page
    assert f'value="{stranger.nhs_number}"' in page  # what was typed is kept
    assert response.redirect_chain == []  # no search was kept


def test_searching_by_member_of_staff(area):
    client, _, _, practice, _ = area
    sam, sol = staff(practice, "Sam Signin"), staff(practice, "Sol Signout")
    write("sign_in", sam, practice)
    write("sign_in", sol, practice)

    page = entries(search(client, user=str(sam.pk)))

    assert "Sam Signin" in page
    assert "Sol Signout" not in page


def test_searching_by_organisation_covers_the_commissioners_area_and_nothing_outside_it(area):
    client, _, commissioner, practice, elsewhere = area
    write("sign_in", staff(practice, "Pia Practice"), practice)
    write("sign_in", staff(commissioner, "Ivan ICB"), commissioner)
    write("sign_in", staff(elsewhere, "Olu Outsider"), elsewhere)

    response = client.get(reverse("audit:events"))
    assert "Pia Practice" in entries(response) and "Ivan ICB" in entries(response)
    assert "Olu Outsider" not in text(response)
    assert "Faraway Surgery" not in text(response)  # not even offered as a choice

    page = entries(search(client, organisation=str(practice.public_id)))
    assert "Pia Practice" in page and "Ivan ICB" not in page

    refused = search(client, organisation=str(elsewhere.public_id))
    assert "Select an organisation from the list" in text(refused)


def test_searching_by_action(area):
    client, _, _, practice, _ = area
    write("sign_in", staff(practice, "Sam Signin"), practice)
    write("sign_out", staff(practice, "Sol Signout"), practice)

    page = entries(search(client, action="sign_out"))

    assert "Sol Signout" in page and "Sam Signin" not in page


def test_searching_by_a_range_of_days_includes_both_ends(area):
    client, _, _, practice, _ = area
    for day, name in ((1, "Before"), (2, "First"), (4, "Last"), (5, "After")):
        with time_machine.travel(datetime.datetime(2026, 3, day, 23, 30), tick=False):
            write("sign_in", staff(practice, f"{name} Day"), practice)

    page = entries(
        search(
            client,
            date_from_day="2",
            date_from_month="3",
            date_from_year="2026",
            date_to_day="4",
            date_to_month="3",
            date_to_year="2026",
        )
    )

    assert "First Day" in page and "Last Day" in page
    assert "Before Day" not in page and "After Day" not in page


def test_a_range_that_ends_before_it_starts_is_refused_in_plain_words(area):
    client, *_ = area
    response = search(
        client,
        date_from_day="5",
        date_from_month="3",
        date_from_year="2026",
        date_to_day="4",
        date_to_month="3",
        date_to_year="2026",
    )
    assert "The last day must be the same as or after the first day" in text(response)
    assert 'value="5"' in text(response)


def test_a_search_is_audited_by_which_questions_were_answered_not_the_answers(area):
    client, auditor, commissioner, practice, _ = area
    jordan = PatientFactory(created_by_organisation=practice, related_to=[commissioner])
    search(client, nhs_number=jordan.nhs_number, action="view")
    event = AuditEvent.objects.filter(action="search", actor=auditor).get()
    assert event.detail == {"by": ["action", "people"]}
    assert jordan.nhs_number not in str(event.detail)


def test_a_search_from_another_session_finds_nothing(area, client):
    search_client, _, _, practice, _ = area
    response = search(search_client, action="view")
    url = response.redirect_chain[-1][0]
    search_client.logout()
    from conftest import sign_in

    other = MembershipFactory(role=Role.AUDITOR).user
    sign_in(client, other, other.memberships.get().organisation)
    after = client.get(url, follow=True)
    assert "Your search has expired" in text(after)


def test_search_results_are_paginated_with_a_bounded_number_of_queries(
    area, django_assert_max_num_queries
):
    client, _, commissioner, practice, _ = area
    people = PatientFactory.create_batch(
        3, created_by_organisation=practice, related_to=[commissioner]
    )
    for n in range(60):
        user = staff(practice, f"Person {n:02d}")
        write("view", user, practice, people[n % 3], people[n % 3])
        write("update", user, practice, user, object_type="accounts.User")
    url = search(client, action="view", organisation=str(practice.public_id))
    url = url.redirect_chain[-1][0]

    with django_assert_max_num_queries(QUERY_LIMIT):
        response = client.get(url, {"page": 2})

    page = text(response)
    assert "Showing 26 to 50 of 60 entries" in page
    assert page.count('<tr class="nhsuk-table__row"') == 1 + 25


def test_the_export_holds_the_searched_rows_in_the_words_of_the_page(area):
    client, auditor, commissioner, practice, _ = area
    jordan = PatientFactory(
        given_name="Jordan",
        family_name="Ashby",
        created_by_organisation=practice,
        related_to=[commissioner],
    )
    write("view", staff(practice, "Vera Viewer"), practice, jordan, jordan)
    write("sign_in", staff(practice, "Sam Signin"), practice)
    url = search(client, name="Jordan").redirect_chain[-1][0]

    response = client.get(f"{url}/csv")

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert response["Content-Disposition"] == 'attachment; filename="audit-trail.csv"'
    assert rows[0] == ["When", "Who", "Organisation", "What they did", "Record", "Details changed"]
    assert [r[1:5] for r in rows[1:]] == [
        ["Vera Viewer", "Seaview Surgery", "Viewed", "Patient record: Jordan Ashby"]
    ]


def test_downloading_the_trail_is_itself_recorded(area):
    client, auditor, _, practice, _ = area
    write("sign_in", staff(practice, "Sam Signin"), practice)
    url = search(client, action="sign_in").redirect_chain[-1][0]

    response = client.get(f"{url}/csv")
    b"".join(response.streaming_content)

    event = AuditEvent.objects.filter(action="export").get()
    assert (event.actor, event.detail) == (
        auditor,
        {"format": "csv", "rows": 1, "by": ["action"]},
    )
    assert audit.verify_chain() is None
    # The next search shows the download in words.
    assert "Exported" in entries(search(client, action="export"))


def test_a_name_typed_as_a_formula_is_neutralised_in_the_export(area):
    client, _, _, practice, _ = area
    write("sign_in", staff(practice, '=HYPERLINK("http://evil.example","Click")'), practice)
    write("sign_in", staff(practice, "@SUM(1+1)"), practice)
    url = search(client, action="sign_in").redirect_chain[-1][0]

    exported = b"".join(client.get(f"{url}/csv").streaming_content).decode()

    names = [row[1] for row in csv.reader(io.StringIO(exported))][1:]
    assert names == ["'@SUM(1+1)", '\'=HYPERLINK("http://evil.example","Click")']


def test_people_who_are_not_auditors_cannot_search_or_download(staff_client):
    client, _, _ = staff_client(Role.ORGANISATION_ADMIN)
    assert client.post(reverse("audit:events"), {"action": "view"}).status_code == 403
    assert client.get(reverse("audit:export", args=["anything"])).status_code == 403


def test_a_page_naming_people_staff_and_organisations_costs_the_queries_of_one_row(area):
    """The trail reads only what its rows show (ADR 0065): however many rows name a person,
    a member of staff or an organisation, the page asks the same queries, and names them."""
    client, _, commissioner, practice, _ = area
    person = PatientFactory(
        given_name="Jordan",
        family_name="Ashby",
        created_by_organisation=practice,
        related_to=[commissioner],
    )
    manager = staff(practice, "Mo Manager")

    def one_of_each(n):
        user = staff(practice, f"Person {n:02d}")
        write("view", user, practice, person, person)
        write("update", manager, practice, user, object_type="accounts.User")
        write("update", manager, commissioner, practice, object_type="accounts.Organisation")

    one_of_each(0)
    with CaptureQueriesContext(connection) as one:
        response = client.get(reverse("audit:events"))
    assert "Staff account: Person 00" in entries(response)
    for n in range(1, 20):
        one_of_each(n)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("audit:events"))

    page = entries(response)  # newest first: 8 of each kind and a ninth organisation row
    assert len(many) == len(one) <= QUERY_LIMIT
    assert page.count("Patient record: Jordan Ashby") == 8
    assert "Staff account: Person 19" in page
    assert page.count("Organisation: Seaview Surgery") == 9
    assert page.count(f'href="{reverse("audit:patient-access", args=[person.public_id])}"') == 8
