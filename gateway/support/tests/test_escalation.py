"""DASH escalation (docs/domain/multiple-disadvantage.md#dash-risk-checklist [VARIES]): enough
domestic abuse incidents since the last MARAC referral (commonly 3 in 12 months, a figure of the
commissioner's support policy) call for a referral again, and the worker is told so on the person's
page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gateway.accounts.models import Role
from gateway.support import queries, services
from gateway.support.rules import dash
from gateway.support.services import incidents as incident_services
from gateway.support.services import reference as reference_services

from .helpers import Person, dash_answers

D = datetime.date
TODAY = D(2026, 6, 30)


def test_dash_escalation_three_incidents_since_the_last_marac_referral():
    incidents = [D(2026, 3, 5), D(2026, 4, 1), D(2026, 6, 1)]
    found = dash.escalation(incidents, D(2026, 3, 4), TODAY)
    assert found.count == 3
    assert found.summary() == "Refer to MARAC again: 3 incidents since 4 March 2026"
    assert dash.escalation(incidents[:2], D(2026, 3, 4), TODAY) is None


def test_dash_escalation_an_incident_on_the_day_of_the_marac_referral_is_not_a_repeat():
    incidents = [D(2026, 3, 4), D(2026, 4, 1), D(2026, 6, 1)]
    assert dash.escalation(incidents, D(2026, 3, 4), TODAY) is None
    assert not dash.is_repeat(D(2026, 3, 4), D(2026, 3, 4))
    assert dash.is_repeat(D(2026, 3, 4), D(2026, 3, 5))


def test_dash_escalation_counts_only_incidents_within_the_policy_months():
    incidents = [D(2025, 6, 30), D(2026, 1, 1), D(2026, 6, 1)]  # the first is 12 months back
    assert dash.escalation(incidents, None, TODAY) is None
    found = dash.escalation([D(2025, 7, 1), *incidents[1:]], None, TODAY)
    assert found.summary() == (
        "Refer to MARAC: 3 incidents in the last 12 months, the first on 1 July 2025"
    )


def test_dash_escalation_number_of_incidents_is_a_policy_figure():
    incidents = [D(2026, 4, 1), D(2026, 5, 1), D(2026, 6, 1)]
    four = dash.EscalationPolicy(version=2, incidents=4, months=12)
    assert dash.escalation(incidents, None, TODAY, four) is None
    assert dash.escalation([*incidents, D(2026, 6, 2)], None, TODAY, four).count == 4


@pytest.fixture
def person(db):
    return Person()


def _incident(person, day):
    return incident_services.record_incident(
        person.support_worker, person.refuge, person.patient, occurred_on=day
    )


def _refer_from_dash(person, day):
    checklist = services.record_dash(
        person.support_worker, person.refuge, person.patient, dash_answers(15), assessed_on=day
    )
    return services.refer_to_marac(person.support_worker, person.refuge, checklist, referred_on=day)


def test_dash_escalation_uses_the_commissioners_support_policy_version_in_force(person):
    today = datetime.date.today()
    referral_day = today - datetime.timedelta(days=60)
    _refer_from_dash(person, referral_day)
    for days in (50, 40, 30):
        _incident(person, today - datetime.timedelta(days=days))
    assert queries.dash_escalation(person.patient, person.refuge).count == 3

    reference_services.new_support_policy_version(
        None, person.commissioner, today - datetime.timedelta(days=1), dash_escalation_incidents=4
    )

    assert queries.dash_escalation(person.patient, person.refuge) is None


def test_dash_escalation_is_shown_to_the_worker_and_a_referral_on_escalation_resets_it(
    person, staff_client
):
    client, user, _ = staff_client(Role.SUPPORT_WORKER, person.refuge)
    today = datetime.date.today()
    referral_day = today - datetime.timedelta(days=60)
    _refer_from_dash(person, referral_day)
    _incident(person, referral_day)  # the day of the referral: not a repeat
    url = reverse("support:incident-new", kwargs={"public_id": person.patient.public_id})
    for days in (50, 40, 30):
        day = today - datetime.timedelta(days=days)
        response = client.post(
            url,
            {
                "occurred_on_day": day.day,
                "occurred_on_month": day.month,
                "occurred_on_year": day.year,
            },
        )
        assert response.status_code == 302

    page = client.get(reverse("support:patient", kwargs={"public_id": person.patient.public_id}))
    body = page.content.decode()
    since = f"{referral_day.day} {referral_day:%B %Y}"
    assert f"Refer to MARAC again: 3 incidents since {since}" in body

    response = client.post(
        reverse("support:marac-escalation", kwargs={"public_id": person.patient.public_id}),
        {
            "referred_on_day": today.day,
            "referred_on_month": today.month,
            "referred_on_year": today.year,
        },
    )
    assert response.status_code == 302
    referral = queries.last_marac_referral(person.patient, today)
    assert referral.reason == "escalation" and referral.is_repeat
    assert referral.reasons_text == f"Refer to MARAC again: 3 incidents since {since}"
    body = client.get(
        reverse("support:patient", kwargs={"public_id": person.patient.public_id})
    ).content.decode()
    assert "Refer to MARAC again" not in body


def test_the_support_page_counts_the_incidents_in_the_policys_window_as_the_rule_does(
    person, staff_client
):
    """The page counts in the database what dash.escalation counts from every date: under the
    policy version in force, an incident exactly its months ago is outside the window."""
    client, _, _ = staff_client(Role.SUPPORT_WORKER, person.refuge)
    url = reverse("support:patient", kwargs={"public_id": person.patient.public_id})
    today = datetime.date.today()
    yesterday = today - datetime.timedelta(days=1)
    reference_services.new_support_policy_version(
        None, person.commissioner, yesterday, dash_escalation_months=6
    )
    for months in (6, 5, 3, 1):
        _incident(person, dash.add_months(today, -months))
    first = dash.add_months(today, -5)

    body = client.get(url).content.decode()

    expected = queries.dash_escalation(person.patient, person.refuge)
    assert expected.count == 3
    assert f"{expected.summary()}." in body
    assert body.count("Refer to MARAC: 3 incidents in the last 6 months, the first on ") == 1
    assert f"the first on {first.day} {first:%B %Y}." in body

    reference_services.new_support_policy_version(
        None, person.commissioner, yesterday, dash_escalation_incidents=4
    )
    assert 'id="marac-escalation"' not in client.get(url).content.decode()


def test_dash_escalation_referral_is_refused_when_the_incidents_do_not_reach_the_number(person):
    with pytest.raises(ValidationError, match="not been enough incidents"):
        incident_services.refer_to_marac_on_escalation(
            person.support_worker, person.refuge, person.patient, referred_on=datetime.date.today()
        )


def test_domestic_abuse_incidents_are_only_for_those_who_may_see_dash_details(person):
    with pytest.raises(PermissionDenied):
        incident_services.record_incident(
            person.housing_worker, person.housing, person.patient, occurred_on=TODAY
        )
