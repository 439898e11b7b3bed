"""Screening of removal reports:
docs/domain/sas-removal-and-allocation.md#police-reference-and-approval (the police condition) and
docs/domain/sas-removal-and-allocation.md#what-does-not-qualify (what does not qualify). Gateway
warns and routes; it never silently rejects."""

import datetime
from dataclasses import fields

import pytest

from gateway.sas import rules
from gateway.sas.rules import APPROVAL_NEEDED, DOUBTFUL, QUALIFIES
from gateway.sas.rules.screening import WHAT_QUALIFIES

INCIDENT = datetime.datetime(2026, 3, 2, 14, 0, tzinfo=datetime.UTC)


def screen(**answers):
    report = {
        "setting": "practice_premises",
        "police_reported": True,
        "police_reported_at": INCIDENT + datetime.timedelta(hours=1),
        "incident_at": INCIDENT,
        "behaviours": ["violence"],
        "health_condition_could_explain": False,
        "learning_disability_considered": True,
        "alternatives_tried": True,
        "previously_non_aggressive_in_anguish": False,
    }
    report.update(answers)
    return rules.screen_report(**report)


def test_violence_at_the_practice_reported_to_police_the_same_day_qualifies_without_warnings():
    result = screen()
    assert result.route == QUALIFIES
    assert result.route_label == "Qualifies"
    assert result.warnings == ()


def test_violence_on_a_home_visit_qualifies():
    assert screen(setting="home_visit").route == QUALIFIES


@pytest.mark.parametrize("setting", ["hospital", "community"])
def test_hospital_and_community_incidents_are_flagged_as_not_qualifying(setting):
    # docs/domain/sas-removal-and-allocation.md#what-does-not-qualify: practice premises or home
    # visits only.
    result = screen(setting=setting)
    assert result.route == DOUBTFUL
    assert result.route_label == "Doubtful — commissioner to decide"
    (warning,) = result.warnings
    assert warning.code == "setting_does_not_qualify"
    assert warning.rule == WHAT_QUALIFIES
    assert "hospital" in warning.message and "commissioner will decide" in warning.message


def test_police_told_8_days_after_the_incident_routes_to_commissioner_approval():
    # docs/domain/sas-removal-and-allocation.md#police-reference-and-approval: told more than 7 days
    # after the incident.
    result = screen(police_reported_at=INCIDENT + datetime.timedelta(days=8))
    assert result.route == APPROVAL_NEEDED
    assert result.route_label == "Commissioner approval needed"
    assert result.codes == {"police_told_late"}
    assert "more than 7 days" in result.warnings[0].message


def test_police_told_7_days_after_the_incident_does_not_need_approval():
    # Seven whole days later, even late in the evening, is not "more than 7 days".
    result = screen(police_reported_at=INCIDENT + datetime.timedelta(days=7, hours=8))
    assert result.route == QUALIFIES


def test_late_police_report_is_the_national_7_days_not_a_scheme_setting():
    # docs/domain/sas-removal-and-allocation.md#police-reference-and-approval: national, so a
    # constant in the rules; the policy has no field for it.
    assert rules.LATE_POLICE_REPORT_DAYS == 7
    assert "late_police_report_days" not in {f.name for f in fields(rules.PolicyValues)}
    assert screen(police_reported_at=INCIDENT + datetime.timedelta(days=4)).route == QUALIFIES


def test_police_not_told_routes_to_commissioner_approval():
    result = screen(police_reported=False, police_reported_at=None)
    assert result.route == APPROVAL_NEEDED
    assert result.codes == {"police_not_told"}


def test_police_told_but_date_missing_routes_to_approval_and_asks_for_the_date():
    result = screen(police_reported_at=None)
    assert result.route == APPROVAL_NEEDED
    assert "Enter the date and time the police were told" in result.warnings[0].message


def test_police_date_before_the_incident_asks_the_reporter_to_check_the_dates():
    result = screen(police_reported_at=INCIDENT - datetime.timedelta(days=1))
    assert result.codes == {"police_before_incident"}


def test_police_told_before_the_incident_routes_as_doubtful_because_condition_b_is_not_shown():
    # docs/domain/sas-removal-and-allocation.md#condition-b-reported-to-the-police: dates that
    # cannot both be right do not show the police were told of this incident. The form refuses them;
    # the rule must not pass them either.
    result = screen(police_reported_at=INCIDENT - datetime.timedelta(days=1))
    assert result.route == DOUBTFUL
    assert result.doubtful
    assert "commissioner will decide" in result.warnings[0].message


def test_swearing_and_shouting_alone_are_doubtful():
    # docs/domain/sas-removal-and-allocation.md#what-does-not-qualify: normally not swearing,
    # shouting, invading personal space, banging a desk.
    result = screen(behaviours=["swearing", "shouting", "banging_desk"])
    assert result.route == DOUBTFUL
    assert result.codes == {"minor_behaviour_only"}


@pytest.mark.parametrize("behaviours", [["other"], ["swearing", "other"], ["shouting", "other"]])
def test_something_else_without_violence_or_fear_for_safety_is_doubtful_condition_a(behaviours):
    # docs/domain/sas-removal-and-allocation.md#condition-a-violence-or-fear-for-safety: violence,
    # or making someone fear for their safety. "Something else" does not establish it, alone or with
    # swearing or shouting.
    result = screen(behaviours=behaviours)
    assert result.route == DOUBTFUL
    assert result.codes == {"no_violence_or_fear"}
    assert "violent or made someone fear for their safety" in result.warnings[0].message


def test_something_else_with_violence_qualifies():
    assert screen(behaviours=["other", "violence"]).route == QUALIFIES


def test_shouting_with_a_threat_of_violence_qualifies():
    assert screen(behaviours=["shouting", "threat"]).route == QUALIFIES


def test_no_behaviour_described_is_doubtful_and_asks_what_happened():
    result = screen(behaviours=[])
    assert result.route == DOUBTFUL
    assert result.codes == {"no_behaviour"}


def test_behaviour_a_health_condition_could_explain_is_doubtful():
    result = screen(health_condition_could_explain=True)
    assert result.route == DOUBTFUL
    assert result.codes == {"health_condition_could_explain"}


def test_previously_non_aggressive_patient_in_anguish_is_doubtful():
    assert screen(previously_non_aggressive_in_anguish=True).route == DOUBTFUL


def test_unanswered_health_question_is_a_warning_not_a_silent_pass():
    result = screen(health_condition_could_explain=None)
    assert result.codes == {"health_condition_unanswered"}


def test_learning_disability_not_considered_warns_but_does_not_change_the_route():
    # docs/domain/sas-removal-and-allocation.md#what-does-not-qualify: since 2025 practices must
    # consider learning disability first.
    result = screen(learning_disability_considered=False, alternatives_tried=False)
    assert result.route == QUALIFIES
    assert result.codes == {"learning_disability_not_considered", "alternatives_not_tried"}


def test_a_doubtful_report_with_police_not_told_goes_to_approval_and_keeps_every_warning():
    result = screen(setting="hospital", police_reported=False, police_reported_at=None)
    assert result.route == APPROVAL_NEEDED
    assert result.doubtful and result.approval_needed
    assert result.codes == {"police_not_told", "setting_does_not_qualify"}


def test_every_warning_names_where_its_rule_comes_from_in_words():
    result = screen(
        setting="community",
        police_reported=False,
        behaviours=["swearing"],
        health_condition_could_explain=True,
        learning_disability_considered=False,
        alternatives_tried=False,
        previously_non_aggressive_in_anguish=True,
    )
    assert len(result.warnings) == 7
    assert {w.rule for w in result.warnings} == {
        "NHS (General Medical Services Contracts) Regulations 2015, Schedule 3, paragraph 25",
        "NHS England primary medical care policy manual: what does not qualify",
    }


DISCHARGED = datetime.date(2026, 1, 15)


def test_protected_after_discharge_asks_whether_this_is_a_new_incident_and_routes_to_commissioner():
    # SI 2020/911: a patient properly discharged from the scheme must not be removed because of
    # the old incident. Screening asks; the commissioner decides.
    result = screen(protected_since=DISCHARGED)
    assert result.route == DOUBTFUL
    assert result.codes == {"protected_after_discharge"}
    assert result.warnings[0].message == (
        "This patient was discharged from the scheme on 15 January 2026 and is protected from "
        "removal because of the old incident. Is this a new incident since 15 January 2026? "
        "Say so in your explanation. The commissioner will decide."
    )


def test_protected_after_discharge_with_an_incident_before_the_discharge_says_it_is_old():
    result = screen(
        protected_since=DISCHARGED,
        incident_at=datetime.datetime(2025, 12, 1, 10, 0, tzinfo=datetime.UTC),
        police_reported_at=datetime.datetime(2025, 12, 1, 11, 0, tzinfo=datetime.UTC),
    )
    assert result.route == DOUBTFUL
    assert "this incident happened before then" in result.warnings[0].message


def test_protected_after_discharge_and_police_not_told_still_needs_approval_with_both_warnings():
    result = screen(protected_since=DISCHARGED, police_reported=False, police_reported_at=None)
    assert result.route == APPROVAL_NEEDED
    assert result.codes == {"police_not_told", "protected_after_discharge"}


def test_unknown_setting_or_behaviour_is_a_programming_error():
    with pytest.raises(ValueError):
        screen(setting="car_park")
    with pytest.raises(ValueError):
        screen(behaviours=["rudeness"])
