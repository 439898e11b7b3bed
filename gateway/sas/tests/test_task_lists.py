"""The appeal's and the review's task lists (the NHS.UK task list pattern): each step in the
order it happens, in words, with its status and its due date, at two stages of each."""

import datetime
import html
import re

import pytest
import time_machine
from django.urls import reverse

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.sas import services
from gateway.sas.services import reviews as review_service

from .appeal_helpers import appeal_data
from .factories import OnScheme

pytestmark = pytest.mark.django_db


def task_list(page):
    """Each task list row as one line of words: name, hint, status."""
    items = re.findall(r'<li class="nhsuk-task-list__item.*?</li>', page, re.S)
    return [
        html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip()) for item in items
    ]


@time_machine.travel(datetime.datetime(2026, 3, 10, 12), tick=False)
def test_appeal_task_list_shows_each_step_with_its_status_and_due_date_when_just_lodged(
    staff_client,
):
    scheme = OnScheme()
    appeal = services.lodge_appeal(
        scheme.commissioner_user, scheme.commissioner, scheme.episode, appeal_data()
    )
    client, _, _ = staff_client(Role.COMMISSIONER, scheme.commissioner)
    page = client.get(reverse("sas:appeal-detail", args=[appeal.public_id])).content.decode()
    assert task_list(page) == [
        "Acknowledge the appeal and send the appeal form Due by 19 March 2026 Not started",
        "Get both forms back Patient's form: due by 24 March 2026. "
        "Removing practice's form: due by 24 March 2026 Not started",
        "Arrange the panel The date the panel must meet by is set when both forms are back "
        "Not started",
        "Send the papers to the panel Arrange the panel first Cannot start yet",
        "Panel decision The appeal must be acknowledged and the panel arranged first "
        "Cannot start yet",
    ]
    # The commissioner can act on each step from its row.
    assert 'href="#step-acknowledge"' in page


@time_machine.travel(datetime.datetime(2026, 4, 2, 12), tick=False)
def test_appeal_task_list_shows_each_step_completed_or_due_when_ready_for_the_panel(
    staff_client,
):
    scheme = OnScheme()
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12), tick=False):
        appeal = services.lodge_appeal(
            scheme.commissioner_user, scheme.commissioner, scheme.episode, appeal_data()
        )
    who = (scheme.commissioner_user, scheme.commissioner)
    appeal = services.record_acknowledgement(
        *who, appeal, appeal.version, datetime.date(2026, 3, 12)
    )
    appeal = services.record_patient_form(*who, appeal, appeal.version, datetime.date(2026, 3, 20))
    appeal = services.record_practice_form(*who, appeal, appeal.version, datetime.date(2026, 3, 21))
    appeal = services.schedule_panel(*who, appeal, appeal.version, datetime.date(2026, 4, 14))
    client, _, _ = staff_client(Role.PANEL_MEMBER, scheme.commissioner)
    page = client.get(reverse("sas:appeal-detail", args=[appeal.public_id])).content.decode()
    assert task_list(page) == [
        "Acknowledge the appeal and send the appeal form Sent 12 March 2026 Completed",
        "Get both forms back Patient's form: back 20 March 2026. "
        "Removing practice's form: back 21 March 2026 Completed",
        "Arrange the panel Panel on 14 April 2026 Completed",
        "Send the papers to the panel Due by 9 April 2026 Not started",
        "Panel decision Due on the panel date, 14 April 2026 Not started",
    ]
    # The panel member decides from the last row; the commissioner's steps are not links.
    assert reverse("sas:appeal-decide", args=[appeal.public_id]) in page
    assert 'href="#step-papers"' not in page


DAY = datetime.datetime(2026, 6, 1, 12, 0)


@time_machine.travel(DAY, tick=False)
def test_review_task_list_shows_each_input_and_the_decision_before_anything_is_gathered(client):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    sign_in(client, scheme.sas_user, scheme.sas_practice)
    page = client.get(reverse("sas:review-detail", args=[review.public_id])).content.decode()
    assert task_list(page) == [
        "The SAS practice's report for the review Due by 1 June 2026 Not started",
        "The patient's own view for the review Due by 1 June 2026 Not started",
        "The support worker's input for the review Due by 1 June 2026 Not started",
        "Decide: remain on the scheme or discharge Due by 1 June 2026 Not started",
    ]
    assert reverse("sas:review-input", args=[review.public_id, "practice-report"]) in page


@time_machine.travel(DAY, tick=False)
def test_review_task_list_shows_inputs_received_and_the_decision_completed(client):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    review_service.record_review_input(
        scheme.sas_user,
        scheme.sas_practice,
        review,
        "practice-report",
        review.version,
        "Kept every appointment.",
    )
    review.refresh_from_db()
    review_service.record_review_input(
        scheme.sas_user,
        scheme.sas_practice,
        review,
        "patient-view",
        review.version,
        "I want a GP near my hostel.",
        "in_person",
    )
    review.refresh_from_db()
    review_service.decide_review(
        scheme.commissioner_user,
        scheme.commissioner,
        review,
        scheme.episode.version,
        {
            "patient_took_part": "in_person",
            "held_on": DAY.date(),
            "decision": "remain",
            "reasons": "One incident in March",
            "what_would_change_it": "Six months with appointments kept",
        },
    )
    sign_in(client, scheme.sas_user, scheme.sas_practice)
    page = client.get(reverse("sas:review-detail", args=[review.public_id])).content.decode()
    assert task_list(page) == [
        "The SAS practice's report for the review Received 1 June 2026 Completed",
        "The patient's own view for the review Received 1 June 2026 Completed",
        "The support worker's input for the review Not given",
        "Decide: remain on the scheme or discharge Remain on the scheme, decided at the "
        "review held 1 June 2026 Completed",
    ]
