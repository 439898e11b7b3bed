"""Pure rules: working-day chasing and escalation, pre-release alert dates, practice choice
and refusal flags (docs/domain/gp-registration.md#national-rules,
docs/domain/gp-registration.md#registration-before-release-from-prison)."""

import datetime
from dataclasses import fields

from gateway.registration.rules import dates
from gateway.registration.rules.policy import DEFAULT_POLICY, RegistrationPolicyValues
from gateway.registration.rules.practices import PracticeOption, choose_practices, person_district
from gateway.registration.rules.refusals import flag_to_commissioner

D = datetime.date


def test_chase_after_five_working_days_skipping_the_weekend():
    # Sent Monday 2 March 2026: five working days on is Monday 9 March; five more, 16 March.
    due = dates.chase_dates(D(2026, 3, 2), DEFAULT_POLICY)
    assert due.chase_on == D(2026, 3, 9)
    assert due.escalate_on == D(2026, 3, 16)


def test_chase_and_escalation_skip_england_bank_holidays():
    # Sent Thursday 2 April 2026: Good Friday 3 April and Easter Monday 6 April do not count.
    due = dates.chase_dates(D(2026, 4, 2), DEFAULT_POLICY)
    assert due.chase_on == D(2026, 4, 13)
    # Christmas: sent Tuesday 22 December 2026; 25, 28 (Boxing Day substitute) do not count.
    due = dates.chase_dates(D(2026, 12, 22), DEFAULT_POLICY)
    assert due.chase_on == D(2026, 12, 31)


def test_chase_follows_the_commissioners_policy():
    policy = RegistrationPolicyValues(
        version=2, chase_after_working_days=3, escalate_after_working_days=2
    )
    due = dates.chase_dates(D(2026, 3, 2), policy)
    assert (due.chase_on, due.escalate_on) == (D(2026, 3, 5), D(2026, 3, 9))


def test_pre_release_alerts_start_one_month_before_release_domain_3_3():
    release = D(2026, 6, 15)
    assert dates.pre_release_alert_from(release) == D(2026, 5, 15)
    assert not dates.pre_release_alert_due(release, D(2026, 5, 14), registered=False)
    assert dates.pre_release_alert_due(release, D(2026, 5, 15), registered=False)
    assert not dates.pre_release_alert_due(release, D(2026, 5, 20), registered=True)


def test_pre_release_alert_from_the_end_of_a_longer_month_is_clamped():
    assert dates.pre_release_alert_from(D(2026, 3, 31)) == D(2026, 2, 28)


def test_registration_up_to_one_month_before_release_and_not_earlier_domain_3_3():
    # GMS contract 2017/18: up to one month before release. A national rule, not policy.
    release = D(2026, 6, 15)
    assert dates.PRE_RELEASE_REGISTRATION_MONTHS == 1
    assert dates.earliest_registration(release) == D(2026, 5, 15)
    assert dates.too_early_to_register(release, D(2026, 2, 15))  # four months before
    assert dates.too_early_to_register(release, D(2026, 5, 14))
    assert not dates.too_early_to_register(release, D(2026, 5, 15))
    assert not dates.too_early_to_register(release, D(2026, 7, 1))  # after release
    assert not dates.too_early_to_register(None, D(2026, 2, 15))  # not a prison leaver


def test_pre_release_window_and_refusal_letter_are_not_policy_figures():
    names = {f.name for f in fields(RegistrationPolicyValues)}
    assert "pre_release_alert_months" not in names
    assert "refusal_letter_days" not in names


def test_registration_is_due_by_the_last_working_day_on_or_before_release():
    assert dates.registration_due_by(D(2026, 3, 8)) == D(2026, 3, 6)  # a Sunday release


def test_refusal_letter_is_due_within_14_days_domain_3_1():
    assert dates.REFUSAL_LETTER_DAYS == 14
    assert dates.refusal_letter_due(D(2026, 3, 2)) == D(2026, 3, 16)


def test_registered_before_release():
    assert dates.registered_before_release(D(2026, 3, 8), D(2026, 3, 6))
    assert not dates.registered_before_release(D(2026, 3, 8), D(2026, 3, 9))


def test_proxy_address_uses_the_referrers_district():
    assert person_district(uses_proxy=True, own_postcode="", referrer_postcode="bn2 0js") == "BN2"
    assert (
        person_district(uses_proxy=False, own_postcode="BN3 1AA", referrer_postcode="BN2 0JS")
        == "BN3"
    )


def test_practices_covering_the_district_in_plain_order():
    practices = [
        PracticeOption(1, "Zed Surgery", ("BN2",)),
        PracticeOption(2, "Albion Surgery", ("BN2",)),
        PracticeOption(3, "Busy Surgery", ("BN2",), accepted_before=4),
        PracticeOption(4, "Far Surgery", ("TN1",)),
        PracticeOption(5, "Closed Surgery", ("BN2",), is_active=False),
    ]
    choice = choose_practices("BN2", practices)
    assert [p.name for p in choice.options] == ["Busy Surgery", "Albion Surgery", "Zed Surgery"]
    assert not choice.routed_to_sas


def test_an_sas_patient_is_routed_to_their_sas_practice_and_told_why_domain_3_3():
    sas = PracticeOption(9, "Sanctuary SAS Practice")
    choice = choose_practices(
        "BN2", [PracticeOption(1, "Albion", ("BN2",))], on_sas_scheme=True, sas_practice=sas
    )
    assert [p.pk for p in choice.options] == [9]
    assert choice.routed_to_sas
    assert (
        "Special Allocation Scheme" in choice.reason and "Sanctuary SAS Practice" in choice.reason
    )


def test_an_sas_flag_without_a_known_sas_practice_offers_nothing_and_says_ask():
    choice = choose_practices("BN2", [PracticeOption(1, "Albion", ("BN2",))], on_sas_scheme=True)
    assert choice.options == []
    assert "Ask the commissioner" in choice.reason


def test_no_district_says_what_to_do():
    choice = choose_practices(None, [PracticeOption(1, "Albion", ("BN2",))])
    assert choice.options == [] and "postcode" in choice.reason


def test_missing_id_or_address_is_never_a_reasonable_ground_domain_3_1():
    assert flag_to_commissioner("no_proof_of_address", True)
    assert flag_to_commissioner("no_id", True)
    assert not flag_to_commissioner("list_closed", True)
    assert flag_to_commissioner("something_new", False)
