"""The panel's part of an appeal: the panel order rule (the decision waits for the
acknowledgement and the panel date, or a reason to go out of order is given and kept), the
decision through check answers to a confirmation page, and the panel's queue with its counts
on the home page and in the menu."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.sas import rules, services
from gateway.sas.models import Appeal
from gateway.sas.states import State

from .appeal_helpers import appeal_data, ready_for_panel
from .factories import OnScheme

pytestmark = pytest.mark.django_db
MARCH_12 = datetime.datetime(2026, 3, 12, 12, 0)
REASON = "The patient asked for an urgent panel; both sides came."


def lodge(scheme, **overrides):
    return services.lodge_appeal(
        scheme.commissioner_user, scheme.commissioner, scheme.episode, appeal_data(**overrides)
    )


def decide(scheme, appeal, **kwargs):
    return services.decide_appeal(
        scheme.panel_user,
        scheme.commissioner,
        appeal,
        appeal.version,
        kwargs.pop("outcome", "dismissed"),
        "The incident qualifies.",
        datetime.date(2026, 3, 12),
        **kwargs,
    )


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def panel_client(staff_client, scheme):
    client, _, _ = staff_client(Role.PANEL_MEMBER, scheme.commissioner)
    return client


def decision_post(version, **overrides):
    return {
        "version": str(version),
        "outcome": "dismissed",
        "reasons": "The CCTV shows the assault.",
        "decided_on_day": "12",
        "decided_on_month": "3",
        "decided_on_year": "2026",
        **overrides,
    }


# --- The panel order rule -----------------------------------------------------------------


def test_panel_order_rule_names_each_missing_step_in_the_order_they_happen():
    day = datetime.date(2026, 3, 12)
    assert rules.steps_missing_before_decision(None, None) == [
        "the appeal has not been acknowledged",
        "the panel has not been arranged",
    ]
    assert rules.steps_missing_before_decision(day, None) == ["the panel has not been arranged"]
    assert rules.steps_missing_before_decision(day, day) == []
    assert rules.out_of_order_explanation(["the panel has not been arranged"]) == (
        "The panel has not been arranged."
    )


@time_machine.travel(MARCH_12, tick=False)
def test_panel_order_rule_the_panel_cannot_decide_before_the_appeal_is_acknowledged_and_the_panel_arranged():  # noqa: E501
    scheme = OnScheme()
    appeal = lodge(scheme)
    with pytest.raises(ValidationError) as refused:
        decide(scheme, appeal)
    assert refused.value.message_dict["out_of_order_reason"] == [
        "The appeal has not been acknowledged and the panel has not been arranged. Say why "
        "the panel is deciding now"
    ]
    who = (scheme.commissioner_user, scheme.commissioner)
    appeal = services.record_acknowledgement(*who, appeal, appeal.version, appeal.received_on)
    with pytest.raises(ValidationError, match="The panel has not been arranged"):
        decide(scheme, appeal)
    assert Appeal.objects.get().status == Appeal.Status.ACKNOWLEDGED  # nothing half-written

    appeal = services.schedule_panel(*who, appeal, appeal.version, datetime.date(2026, 3, 12))
    appeal = decide(scheme, appeal, out_of_order_reason="Not needed: kept out")
    assert (appeal.status, appeal.decided_out_of_order_reason) == ("dismissed", "")


@time_machine.travel(MARCH_12, tick=False)
def test_panel_order_rule_a_reason_to_go_out_of_order_is_kept_audited_and_shown_on_the_appeal_page(  # noqa: E501
    staff_client,
):
    scheme = OnScheme()
    appeal = decide(scheme, lodge(scheme), out_of_order_reason=f"  {REASON} ")
    assert appeal.decided_out_of_order_reason == REASON
    event = AuditEvent.objects.filter(object_type__icontains="appeal").order_by("-id").first()
    assert event.detail["decided_out_of_order_reason"] == REASON
    assert "decided_out_of_order_reason" in event.changed_fields

    client = panel_client(staff_client, scheme)
    page = text(client.get(reverse("sas:appeal-detail", args=[appeal.public_id])).content.decode())
    assert f"Decided before the earlier steps because {REASON}" in page


@time_machine.travel(MARCH_12, tick=False)
def test_panel_order_rule_on_the_decision_page_asks_why_and_keeps_what_was_typed(staff_client):
    scheme = OnScheme()
    appeal = lodge(scheme)
    client = panel_client(staff_client, scheme)
    url = reverse("sas:appeal-decide", args=[appeal.public_id])
    page = text(client.get(url).content.decode())
    assert "The appeal has not been acknowledged and the panel has not been arranged." in page
    response = client.post(url, decision_post(appeal.version))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Say why the panel is deciding now" in body
    assert "The CCTV shows the assault." in body  # what was typed is kept
    assert Appeal.objects.get().status == Appeal.Status.LODGED


# --- Check answers and the confirmation page -----------------------------------------------


@time_machine.travel(MARCH_12, tick=False)
def test_check_answers_change_link_keeps_what_was_typed_and_nothing_typed_is_in_the_url(
    staff_client,
):
    scheme = OnScheme()
    appeal = ready_for_panel(scheme, lodge(scheme))
    client = panel_client(staff_client, scheme)
    response = client.post(
        reverse("sas:appeal-decide", args=[appeal.public_id]), decision_post(appeal.version)
    )
    check_url = response["Location"]
    assert "CCTV" not in check_url and "dismissed" not in check_url
    check = client.get(check_url).content.decode()
    assert "Dismissed: the patient stays on the scheme" in text(check)
    assert "The CCTV shows the assault." in check
    change = re.search(r'href="([^"]*/decide\?draft=[^"#]*)#id_reasons"', check).group(1)
    form = client.get(change.replace("&amp;", "&")).content.decode()
    assert "The CCTV shows the assault." in form
    assert 'value="dismissed" checked' in form
    assert Appeal.objects.get().status == Appeal.Status.PANEL_SCHEDULED  # nothing saved yet


@time_machine.travel(MARCH_12, tick=False)
def test_a_check_page_whose_answers_are_gone_sends_the_person_back_to_the_form(staff_client):
    scheme = OnScheme()
    appeal = ready_for_panel(scheme, lodge(scheme))
    client = panel_client(staff_client, scheme)
    url = reverse("sas:appeal-decide-check", args=[appeal.public_id, "not-a-token"])
    response = client.post(url)
    assert response["Location"] == reverse("sas:appeal-decide", args=[appeal.public_id])
    assert Appeal.objects.get().status == Appeal.Status.PANEL_SCHEDULED


@time_machine.travel(MARCH_12, tick=False)
def test_confirmation_page_says_what_happens_next_and_by_when_after_a_dismissal(staff_client):
    scheme = OnScheme()
    appeal = ready_for_panel(scheme, lodge(scheme))
    client = panel_client(staff_client, scheme)
    sent = client.post(
        reverse("sas:appeal-decide", args=[appeal.public_id]), decision_post(appeal.version)
    )
    saved = client.post(sent["Location"])
    page = text(client.get(saved["Location"]).content.decode())
    assert "Appeal dismissed" in page
    assert f"{scheme.patient.display_name} stays on the scheme" in page
    assert "the decision and the panel's reasons was written on 12 March 2026" in page
    assert "Their next review is due by 2 March 2027" in page
    assert "Go back to the appeals for the panel" in page


@time_machine.travel(MARCH_12, tick=False)
def test_after_the_decision_the_appeal_page_no_longer_says_the_patient_stays_until_the_panel_decides(  # noqa: E501
    staff_client,
):
    scheme = OnScheme()
    appeal = ready_for_panel(scheme, lodge(scheme))
    client = panel_client(staff_client, scheme)
    url = reverse("sas:appeal-detail", args=[appeal.public_id])
    until = "The patient stays on the scheme until the panel decides."
    assert until in client.get(url).content.decode()
    decide(scheme, appeal)
    page = text(client.get(url).content.decode())
    assert until not in page
    assert "The panel dismissed the appeal on 12 March 2026. The patient stays on the scheme." in (
        page
    )


@time_machine.travel(MARCH_12, tick=False)
def test_confirmation_page_after_an_upheld_appeal_says_the_patient_may_register_anywhere(
    staff_client,
):
    scheme = OnScheme()
    appeal = decide(scheme, ready_for_panel(scheme, lodge(scheme)), outcome="upheld")
    assert scheme.refresh().state == State.OVERTURNED
    client = panel_client(staff_client, scheme)
    page = text(client.get(reverse("sas:appeal-decided", args=[appeal.public_id])).content.decode())
    assert "Appeal upheld" in page
    assert "They can register with any practice now." in page


# --- The panel's queue, home page and menu --------------------------------------------------


def _appeals_at_each_stage():
    """Four patients of one scheme: an appeal just lodged, one with the panel arranged, one
    with the papers sent too, and one decided (no longer waiting)."""
    first = OnScheme()
    lodge(first)
    arranged = ready_for_panel(first, lodge(OnScheme(alongside=first)))
    papers = ready_for_panel(first, lodge(OnScheme(alongside=first)))
    services.record_papers_sent(
        first.commissioner_user,
        first.commissioner,
        papers,
        papers.version,
        datetime.date(2026, 3, 12),
    )
    decide(first, ready_for_panel(first, lodge(OnScheme(alongside=first))))
    return first, arranged


@time_machine.travel(MARCH_12, tick=False)
def test_panel_queue_lists_the_appeals_waiting_with_papers_panel_date_and_decision_due(
    staff_client,
):
    scheme, arranged = _appeals_at_each_stage()
    client = panel_client(staff_client, scheme)
    page = client.get(reverse("sas:panel-queue"))
    body = text(page.content.decode())
    assert page.status_code == 200
    assert "3 appeals waiting" in body
    rows = re.findall(r"<tr class=\"nhsuk-table__row\">(.*?)</tr>", page.content.decode(), re.S)
    headings = r'<span class="nhsuk-table-responsive__heading"[^>]*>[^<]*</span>'
    cells = [text(re.sub(headings, "", row)) for row in rows[1:]]
    # Soonest decision first: the two with a panel on 31 March, then the one not arranged.
    assert "Ready for the panel. 12 March 2026 31 March 2026 31 March 2026" in cells[1]
    assert "Waiting for the papers to be sent. Not sent 31 March 2026 31 March 2026" in cells[0]
    assert (
        "Waiting to be acknowledged. Not sent Not arranged Set when both forms are back"
        in (cells[2])
    )
    assert reverse("sas:appeal-detail", args=[arranged.public_id]) in page.content.decode()


@time_machine.travel(MARCH_12, tick=False)
def test_panel_members_home_page_and_menu_count_the_appeals_waiting(staff_client):
    scheme, _ = _appeals_at_each_stage()
    client = panel_client(staff_client, scheme)
    home = text(client.get(reverse("core:home")).content.decode())
    assert (
        "Appeals for the panel : 3 waiting for a decision, 2 with a panel date, 1 with papers "
        "sent." in home
    )
    assert "Appeals for the panel (3)" in home  # the menu
    worklist = client.get(reverse("sas:worklist")).content.decode()
    assert reverse("sas:panel-queue") in worklist


def test_the_home_page_counts_the_panels_queue_once_for_its_section_and_the_menu(
    staff_client, django_assert_max_num_queries
):
    scheme, _ = _appeals_at_each_stage()
    client = panel_client(staff_client, scheme)
    client.get(reverse("core:home"))
    with django_assert_max_num_queries(15) as queries:
        home = text(client.get(reverse("core:home")).content.decode())
    assert "Appeals for the panel : 3 waiting for a decision" in home
    assert "Appeals for the panel (3)" in home  # the menu, from the section's count
    menu_count = 'SELECT COUNT(*) AS "__count" FROM "sas_appeal"'  # the menu's own count
    assert not [q for q in queries.captured_queries if q["sql"].startswith(menu_count)]


@time_machine.travel(MARCH_12, tick=False)
def test_the_panel_queue_counts_its_appeals_once_for_the_page_and_the_menu(staff_client):
    scheme, _ = _appeals_at_each_stage()
    client = panel_client(staff_client, scheme)
    with CaptureQueriesContext(connection) as queries:
        page = text(client.get(reverse("sas:panel-queue")).content.decode())
    assert "3 appeals waiting" in page
    assert "Appeals for the panel (3)" in page  # the menu says what the page counted
    counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert len([sql for sql in counts if 'FROM "sas_appeal"' in sql]) == 1


@time_machine.travel(MARCH_12, tick=False)
def test_panel_queue_is_paginated_with_a_bounded_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    first = OnScheme()
    lodge(first)
    for _ in range(26):
        lodge(OnScheme(alongside=first))
    client = panel_client(staff_client, first)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("sas:panel-queue")).content.decode()
    assert page.count("Waiting to be acknowledged") == 25
    assert 'href="?page=2" aria-label="Page 2"' in page
    second = client.get(reverse("sas:panel-queue") + "?page=2").content.decode()
    assert second.count("Waiting to be acknowledged") == 2


def test_only_panel_members_and_commissioners_have_the_panel_queue(staff_client):
    scheme = OnScheme()
    client, _, _ = staff_client(Role.SAS_PRACTICE_STAFF, scheme.sas_practice)
    assert client.get(reverse("sas:panel-queue")).status_code == 403
    assert "Appeals for the panel" not in client.get(reverse("core:home")).content.decode()
