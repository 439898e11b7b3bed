"""Services for needs, assessments and MARAC referrals:
docs/domain/multiple-disadvantage.md#dash-risk-checklist rules applied and stored, permission
checked, audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gateway.audit.models import AuditEvent
from gateway.support import queries, services
from gateway.support.models import Assessment, FrailtyBandTable, MCNRule, Need
from gateway.support.rules import dash, edmonton, ndta
from gateway.support.rules.permissions import can_view_dash_details
from gateway.support.services import reference as reference_services
from tests.factories import CommissionerFactory, MembershipFactory, PracticeFactory

from .helpers import Person, dash_answers, edmonton_answers

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 1, 5)


@pytest.fixture
def person():
    return Person()


def add(person, domain, status=Need.Status.CURRENT):
    return services.add_need(
        person.support_worker,
        person.refuge,
        person.patient,
        domain=domain,
        status=status,
        evidence="Said so at the first meeting",
        noted_on=DAY,
    )


def test_three_current_core_needs_meet_the_sussex_definition_naming_rule_version_2(person):
    for domain in ("homelessness", "offending", "mental_ill_health"):
        add(person, domain)
    add(person, "substance_misuse", Need.Status.PAST)  # past needs never count
    status, commissioner = queries.mcn_status(person.patient, person.refuge)
    assert commissioner == person.commissioner
    assert status.summary() == (
        "Meets the multiple-disadvantage definition (3 of 4 core needs — NHS Sussex rule version 2)"
    )


def test_two_core_needs_meet_the_national_definition_but_not_sussex_once_worked_out_again(
    person,
):
    add(person, "homelessness")
    add(person, "substance_misuse")
    assert not queries.mcn_status(person.patient, person.refuge)[0].meets
    MCNRule.objects.create(
        commissioner=person.commissioner,
        version=3,
        effective_from=datetime.date(2025, 1, 1),
        threshold=2,
        name="National programme",
    )
    # A new version relabels nobody by itself: the stored status keeps version 2.
    assert queries.mcn_status(person.patient, person.refuge)[0].rule_version == 2
    services.work_out_mcn_status_again(person.support_worker, person.refuge, person.patient)
    status = queries.mcn_status(person.patient, person.refuge)[0]
    assert status.meets and status.rule_version == 3


def test_ending_a_need_keeps_it_as_past_and_it_stops_counting(person):
    needs = [add(person, d) for d in ("homelessness", "offending", "mental_ill_health")]
    services.end_need(person.support_worker, person.refuge, needs[0], ended_on=DAY, reason="Housed")
    needs[0].refresh_from_db()
    assert needs[0].status == Need.Status.PAST and needs[0].ended_by == person.support_worker
    assert not queries.mcn_status(person.patient, person.refuge)[0].meets
    assert AuditEvent.objects.filter(object_id=str(needs[0].public_id)).count() == 2


def test_two_people_ending_one_need_at_once_the_second_is_refused_and_nothing_overwritten(
    person,
):
    """Optimistic concurrency on Need (ADR 0046): both read the need while it was current."""
    need = add(person, "homelessness")
    first_look = Need.objects.get(pk=need.pk)
    second_look = Need.objects.get(pk=need.pk)
    services.end_need(
        person.support_worker, person.refuge, first_look, ended_on=DAY, reason="Housed"
    )
    with pytest.raises(ValidationError) as refused:
        services.end_need(
            person.support_worker,
            person.refuge,
            second_look,
            ended_on=DAY + datetime.timedelta(days=1),
            reason="Moved away",
        )
    assert "Someone else ended this need" in refused.value.messages[0]
    need.refresh_from_db()
    assert (need.status, need.ended_on, need.end_reason) == (Need.Status.PAST, DAY, "Housed")
    assert AuditEvent.objects.filter(object_id=str(need.public_id)).count() == 2


def test_an_organisation_not_involved_cannot_add_a_need(person):
    stranger = MembershipFactory(organisation=PracticeFactory()).user
    with pytest.raises(PermissionDenied):
        services.add_need(
            stranger,
            stranger.memberships.get().organisation,
            person.patient,
            domain="offending",
            status="current",
            evidence="x",
            noted_on=DAY,
        )


def test_edmonton_is_stored_with_its_answers_points_total_and_band_from_the_seeded_table(
    person,
):
    assessment = services.record_edmonton(
        person.support_worker,
        person.refuge,
        person.patient,
        edmonton_answers(admissions=3, activities_needing_help=5, low_mood=True),
        assessed_on=DAY,
    )
    assert assessment.total == 5
    assert assessment.item_scores["admissions"] == 2
    assert assessment.answers["admissions"] == 3
    assert (assessment.band, str(assessment.band_table)) == (
        "Not frail",
        "UK Frailty Toolkit version 1",
    )
    assert assessment.assessed_by == person.support_worker


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (5, "Not frail"),
        (6, "Vulnerable"),
        (7, "Vulnerable"),
        (8, "Mild frailty"),
        (9, "Mild frailty"),
        (10, "Moderate frailty"),
        (11, "Moderate frailty"),
        (12, "Severe frailty"),
    ],
)
def test_seeded_uk_frailty_toolkit_bands_at_each_boundary(total, band):
    table = FrailtyBandTable.objects.get(name="UK Frailty Toolkit", version=1)
    assert edmonton.check_bands(table.rows()) == []
    assert edmonton.band_for(total, table.rows()) == band


def test_a_commissioners_own_band_table_is_used_for_its_people(person):
    table = reference_services.new_band_table_version(
        None,
        name="Sussex frailty bands",
        effective_from=DAY,
        commissioner=person.commissioner,
        bands=[(0, 3, "Fit"), (4, None, "Frail")],
    )
    other = CommissionerFactory()
    assert queries.band_table_for(person.commissioner, DAY) == table
    assert queries.band_table_for(other, DAY).name == "UK Frailty Toolkit"


def test_ndta_stores_the_ratings_typed_and_doubles_risk_in_the_contributions(person):
    ratings = dict.fromkeys(ndta.KEYS, 0) | {"risk_to_others": 4, "housing": 2}
    assessment = services.record_ndta(
        person.support_worker, person.refuge, person.patient, ratings, assessed_on=DAY
    )
    assert assessment.answers["risk_to_others"] == 4
    assert assessment.item_scores["risk_to_others"] == 8
    assert assessment.total == 10


def record_dash(person, yes, on=DAY, **kwargs):
    return services.record_dash(
        person.support_worker,
        person.refuge,
        person.patient,
        dash_answers(yes),
        assessed_on=on,
        **kwargs,
    )


def test_dash_14_yes_is_recorded_high_risk_and_13_is_not(person):
    assert record_dash(person, 14).risk_level == dash.HIGH
    assert record_dash(person, 13).risk_level == dash.STANDARD


def test_dash_14_or_more_can_never_be_downgraded_by_judgement(person):
    with pytest.raises(ValidationError) as refused:
        record_dash(person, 16, judged=dash.MEDIUM, reasons="Feels lower")
    assert "cannot lower" in str(refused.value)
    assert not Assessment.objects.exists()


def test_professional_judgement_of_high_risk_below_14_needs_reasons(person):
    with pytest.raises(ValidationError, match="reasons"):
        record_dash(person, 9, judged=dash.HIGH)
    assessment = record_dash(person, 9, judged=dash.HIGH, reasons="Threats to kill last week")
    assert assessment.risk_level == dash.HIGH and assessment.judged_by_professional


def test_repeat_detected_within_12_months_of_the_last_marac_referral_not_at_13(person):
    first = record_dash(person, 15, on=datetime.date(2025, 1, 10))
    referral = services.refer_to_marac(
        person.support_worker, person.refuge, first, referred_on=datetime.date(2025, 1, 12)
    )
    assert referral.reason == "visible_high_risk" and not referral.is_repeat
    assert record_dash(person, 4, on=datetime.date(2026, 1, 12)).is_repeat
    assert not record_dash(person, 4, on=datetime.date(2026, 2, 12)).is_repeat


def test_a_second_marac_referral_within_12_months_is_marked_repeat(person):
    first = record_dash(person, 15, on=datetime.date(2025, 3, 1))
    services.refer_to_marac(
        person.support_worker, person.refuge, first, referred_on=datetime.date(2025, 3, 2)
    )
    second = record_dash(person, 15, on=datetime.date(2025, 9, 1))
    referral = services.refer_to_marac(
        person.support_worker, person.refuge, second, referred_on=datetime.date(2025, 9, 1)
    )
    assert referral.is_repeat


def test_marac_referral_on_professional_judgement_needs_reasons(person):
    assessment = record_dash(person, 10)
    with pytest.raises(ValidationError, match="reasons"):
        services.refer_to_marac(person.support_worker, person.refuge, assessment, referred_on=DAY)
    referral = services.refer_to_marac(
        person.support_worker, person.refuge, assessment, referred_on=DAY, reasons="Escalating"
    )
    assert referral.reason == "professional_judgement"


def test_dash_details_are_for_refuge_support_workers_and_the_recording_organisation(person):
    recorded = services.record_dash(
        person.practice_user,
        person.practice,
        person.patient,
        dash_answers(3),
        assessed_on=DAY,
    )
    assert can_view_dash_details(person.support_worker, person.refuge, recorded)
    assert can_view_dash_details(person.practice_user, person.practice, recorded)
    assert not can_view_dash_details(person.housing_worker, person.housing, recorded)
    other_dash = record_dash(person, 3)
    assert not can_view_dash_details(person.practice_user, person.practice, other_dash)


def test_the_audit_trail_of_a_dash_holds_no_answers_or_score(person):
    assessment = record_dash(person, 14)
    event = AuditEvent.objects.get(object_id=str(assessment.public_id))
    assert event.detail == {"kind": "dash"}
