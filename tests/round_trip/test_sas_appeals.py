"""The appeal pages round-trip: the appeal as recorded, each dated step on the appeal page
(acknowledgement, the two forms back, papers sent), the panel date, the panel's decision (through
its check-answers page, with the reason to decide out of order) and a withdrawal are each on the
stored appeal as typed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.sas import services
from gateway.sas.forms.appeals import (
    AppealForm,
    DecisionForm,
    PanelForm,
    StepDateForm,
    WithdrawForm,
)
from gateway.sas.models import Appeal
from gateway.sas.tests.appeal_helpers import appeal_data
from gateway.sas.tests.factories import OnScheme

from .harness import RoundTrip, check, date_parts, page_errors, scenario, submit

pytestmark = pytest.mark.django_db


def _days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def _lodged(scheme):
    """An appeal received in time (10 March 2026, against the allocation of 2 March)."""
    return services.lodge_appeal(
        scheme.commissioner_user, scheme.commissioner, scheme.episode, appeal_data()
    )


def _detail_url(appeal):
    return reverse("sas:appeal-detail", kwargs={"public_id": appeal.public_id})


def _post_step(client, appeal, action, data):
    """Post one step form of the appeal page. Its fields are prefixed with the step's name
    on the page ("acknowledge-on_day"); the trip's data is the form's own field names."""
    sent = submit(client, _detail_url(appeal), {f"{action}-{k}": v for k, v in data.items()})
    assert sent.status_code == 302, page_errors(sent)
    return Appeal.objects.get(pk=appeal.pk)


@scenario(AppealForm)
def late_appeal_by_a_representative(client):
    """A representative's appeal by letter, received long after the deadline (30 March
    2026), with why it is accepted late: every answer is kept, the late reason too."""
    scheme = OnScheme()
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    data = {
        "against": "placement",
        "lodged_by": "representative",
        "representative_name": "Pat Jones",
        "representative_relationship": "Support worker",
        "means": "letter",
        **date_parts("received_on", _days_ago(3)),
        "grounds": "The incident did not happen. I was at the hospital that day.",
        "late_reason": "The patient was in hospital and could not write sooner.",
    }
    sent = submit(
        client, reverse("sas:appeal-new", kwargs={"public_id": scheme.episode.public_id}), data
    )
    assert sent.status_code == 302, page_errors(sent)
    appeal = Appeal.objects.get(episode=scheme.episode)
    stored = {
        "against": appeal.against,
        "lodged_by": appeal.lodged_by,
        "representative_name": appeal.representative_name,
        "representative_relationship": appeal.representative_relationship,
        "means": appeal.means,
        "received_on": appeal.received_on,
        "grounds": appeal.grounds,
        "late_reason": appeal.late_reason,
    }
    return RoundTrip(AppealForm, data, stored)


def _step_date(client, action, field, before=None):
    """One dated step on the appeal page, posted by the commissioner: the date is kept in
    the appeal's field for that step."""
    scheme = OnScheme()
    appeal = _lodged(scheme)
    if before is not None:
        appeal = before(scheme, appeal)
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    data = date_parts("on", _days_ago(2))
    appeal = _post_step(client, appeal, action, data)
    return RoundTrip(StepDateForm, data, {"on": getattr(appeal, field)})


@scenario(StepDateForm)
def acknowledgement_sent(client):
    return _step_date(client, "acknowledge", "acknowledged_on")


def _panel_arranged(scheme, appeal):
    return services.schedule_panel(
        scheme.commissioner_user, scheme.commissioner, appeal, appeal.version, _days_ago(-10)
    )


@scenario(PanelForm)
def late_panel(client):
    """Both forms came back two months ago, so the panel was due a month ago: the date set
    now is late, and the reason why is kept with the appeal."""
    scheme = OnScheme()
    appeal = _lodged(scheme)
    who = (scheme.commissioner_user, scheme.commissioner)
    appeal = services.record_patient_form(*who, appeal, appeal.version, _days_ago(62))
    appeal = services.record_practice_form(*who, appeal, appeal.version, _days_ago(60))
    sign_in(client, *who)
    data = {
        **date_parts("panel_on", _days_ago(-14)),
        "reason": "Two panel members were on leave; the lay member is back on the 20th.",
    }
    appeal = _post_step(client, appeal, "panel", data)
    stored = {"panel_on": appeal.panel_on, "reason": appeal.panel_late_reason}
    return RoundTrip(PanelForm, data, stored)


def _decision(client, outcome):
    """The panel decides the day after the appeal arrived, before it was acknowledged or
    the panel arranged: the reason to go out of order is asked for and kept. The answers
    go through the check-answers page before they are saved."""
    scheme = OnScheme()
    appeal = _lodged(scheme)
    sign_in(client, scheme.panel_user, scheme.commissioner)
    data = {
        "outcome": outcome,
        "reasons": "The practice's account and the police record agree on what happened.",
        **date_parts("decided_on", _days_ago(1)),
        "out_of_order_reason": "The patient asked for an urgent panel; both sides attended.",
    }
    sent = submit(
        client, reverse("sas:appeal-decide", kwargs={"public_id": appeal.public_id}), data
    )
    assert sent.status_code == 302, page_errors(sent)
    saved = submit(client, sent["Location"], {})
    assert saved.status_code == 302, page_errors(saved)
    appeal.refresh_from_db()
    stored = {
        "outcome": appeal.status,
        "reasons": appeal.decision_reasons,
        "decided_on": appeal.decided_on,
        "out_of_order_reason": appeal.decided_out_of_order_reason,
    }
    return RoundTrip(DecisionForm, data, stored)


@scenario(DecisionForm)
def appeal_dismissed(client):
    return _decision(client, Appeal.Status.DISMISSED)


@scenario(WithdrawForm)
def appeal_withdrawn(client):
    scheme = OnScheme()
    appeal = _lodged(scheme)
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    data = {"reason": "The patient phoned to say they no longer want to appeal."}
    appeal = _post_step(client, appeal, "withdraw", data)
    assert appeal.status == Appeal.Status.WITHDRAWN
    return RoundTrip(WithdrawForm, data, {"reason": appeal.decision_reasons})


def test_an_appeal_accepted_late_keeps_every_answer_and_why_it_was_accepted(client):
    check(late_appeal_by_a_representative(client))


def test_the_acknowledgement_date_is_kept_on_the_appeal(client):
    check(acknowledgement_sent(client))


def test_the_date_the_patients_appeal_form_came_back_is_kept(client):
    check(_step_date(client, "patient_form", "patient_form_received_on"))


def test_the_date_the_practices_incident_form_came_back_is_kept(client):
    check(_step_date(client, "practice_form", "practice_form_received_on"))


def test_the_date_the_papers_went_to_the_panel_is_kept(client):
    check(_step_date(client, "papers", "papers_sent_on", before=_panel_arranged))


def test_a_late_panel_keeps_its_date_and_why_it_cannot_meet_sooner(client):
    trip = late_panel(client)
    check(trip)
    page = client.get(_detail_url(Appeal.objects.get())).content.decode()
    assert "Panel later than due because" in page
    assert trip.data["reason"] in page


def test_a_dismissed_appeal_keeps_the_outcome_reasons_and_date(client):
    check(appeal_dismissed(client))


def test_an_upheld_appeal_keeps_the_outcome_reasons_and_date(client):
    check(_decision(client, Appeal.Status.UPHELD))


def test_a_withdrawn_appeal_keeps_why_it_was_withdrawn(client):
    check(appeal_withdrawn(client))
