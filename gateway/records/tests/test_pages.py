"""The subject access pages: the link on a person's record for those allowed, the page to
start an export (with the one-month deadline), its progress page and the list of one's own
exports (docs/domain/standards.md#right-of-access, ADR 0033)."""

import datetime

import pytest
from django.urls import reverse

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.records.models import SubjectAccessExport
from gateway.records.rules import respond_by
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
LINK = "Export everything held about this person (subject access request)"


def test_the_record_page_offers_the_export_only_to_those_allowed(client, everyone):
    record = reverse("patients:detail", kwargs={"public_id": everyone.patient.public_id})
    sign_in(client, everyone.staff, everyone.commissioner)
    assert LINK in client.get(record).content.decode()
    sign_in(client, everyone.worker, everyone.refuge)
    page = client.get(record)
    assert page.status_code == 200 and LINK not in page.content.decode()


def test_the_start_page_explains_the_deadline_and_refuses_a_future_date(client, everyone):
    sign_in(client, everyone.staff, everyone.commissioner)
    url = reverse("records:start", kwargs={"public_id": everyone.patient.public_id})
    page = client.get(url).content.decode()
    assert "one calendar month" in page and "once, within 7 days" in page
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = client.post(
        url,
        {
            "request_reference": "SAR-9",
            "received_on_day": tomorrow.day,
            "received_on_month": tomorrow.month,
            "received_on_year": tomorrow.year,
        },
    )
    assert "must be today or in the past" in response.content.decode()
    response = client.post(url, {"request_reference": ""})
    body = response.content.decode()
    assert "Enter your reference for this request" in body
    assert "Enter the date the request reached you" in body


def test_starting_an_export_makes_it_and_shows_when_to_answer(
    client, everyone, django_capture_on_commit_callbacks
):
    sign_in(client, everyone.staff, everyone.commissioner)
    url = reverse("records:start", kwargs={"public_id": everyone.patient.public_id})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "request_reference": "SAR-2025-031",
                "received_on_day": "31",
                "received_on_month": "1",
                "received_on_year": "2025",
            },
        )
    export = SubjectAccessExport.objects.get(request_reference="SAR-2025-031")
    assert response.status_code == 302
    assert response["Location"] == reverse("records:export", kwargs={"public_id": export.public_id})
    # Stored as typed, with the deadline worked out.
    assert export.received_on == datetime.date(2025, 1, 31)
    assert export.respond_by == datetime.date(2025, 2, 28)
    assert export.requested_by == everyone.staff and export.organisation == everyone.commissioner
    assert export.patient == everyone.patient
    assert export.state == "done" and export.content  # the task ran once the request committed
    page = client.get(response["Location"]).content.decode()
    assert "28 February 2025" in page
    assert "Ready to download" in page and "Download the file (once only)" in page
    assert "3 things were left out under the law" in page
    status = client.get(reverse("records:export-status", kwargs={"public_id": export.public_id}))
    assert status.json()["finished"] is True and status.json()["percent"] == 100


def test_a_waiting_export_shows_the_progress_bar(client, everyone):
    export = SubjectAccessExport.objects.create(
        patient=everyone.patient,
        requested_by=everyone.staff,
        organisation=everyone.commissioner,
        request_reference="SAR-5",
        received_on=datetime.date(2025, 3, 3),
        respond_by=datetime.date(2025, 4, 3),
    )
    sign_in(client, everyone.staff, everyone.commissioner)
    page = client.get(reverse("records:export", kwargs={"public_id": export.public_id}))
    body = page.content.decode()
    assert "Putting the record together" in body and "Waiting to start" in body
    assert "data-progress-url" in body and "Download the file" not in body


def test_the_list_shows_only_ones_own_exports_in_a_bounded_number_of_queries(
    client, everyone, made, django_assert_max_num_queries
):
    colleague = MembershipFactory(organisation=everyone.commissioner, role=Role.COMMISSIONER).user
    for number in range(30):
        SubjectAccessExport.objects.create(
            patient=everyone.patient,
            requested_by=everyone.staff,
            organisation=everyone.commissioner,
            request_reference=f"SAR-L{number}",
            received_on=datetime.date(2025, 3, 3),
            respond_by=datetime.date(2025, 4, 3),
        )
    SubjectAccessExport.objects.create(
        patient=everyone.patient,
        requested_by=colleague,
        organisation=everyone.commissioner,
        request_reference="SAR-COLLEAGUE",
        received_on=datetime.date(2025, 3, 3),
        respond_by=datetime.date(2025, 4, 3),
    )
    sign_in(client, everyone.staff, everyone.commissioner)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("records:exports")).content.decode()
    assert "Showing 1 to 25 of 31 exports" in page
    assert "SAR-COLLEAGUE" not in page and "Marigold Hart" in page
    assert "3 April 2025" in page and "Being made" in page


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (datetime.date(2025, 3, 3), datetime.date(2025, 4, 3)),  # the same date next month
        (datetime.date(2025, 1, 31), datetime.date(2025, 2, 28)),  # no 31st: the month's last
        (datetime.date(2024, 1, 31), datetime.date(2024, 2, 29)),  # a leap year
        (datetime.date(2025, 3, 5), datetime.date(2025, 4, 7)),  # 5 April is a Saturday
        (datetime.date(2025, 3, 18), datetime.date(2025, 4, 22)),  # Good Friday, Easter Monday
        (datetime.date(2025, 11, 25), datetime.date(2025, 12, 29)),  # Christmas, Boxing Day
    ],
)
def test_the_answer_is_due_one_calendar_month_on_moved_to_a_working_day(received, due):
    """docs/domain/standards.md#right-of-access"""
    assert respond_by(received) == due
