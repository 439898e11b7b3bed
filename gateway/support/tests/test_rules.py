"""docs/domain/multiple-disadvantage.md#multiple-disadvantage scoring rules against worked examples,
boundaries and properties."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.support.rules import dash, edmonton, mcn, ndta

BANDS = edmonton.UK_FRAILTY_TOOLKIT_BANDS
SUSSEX = mcn.McnRule(kind=mcn.N_OF_CORE_FOUR, threshold=3, version=2, name="NHS Sussex")
NATIONAL = mcn.McnRule(kind=mcn.N_OF_CORE_FOUR, threshold=2, version=1, name="National")


def edmonton_answers(**overrides):
    answers = {
        "clock": "no_errors",
        "admissions": 0,
        "self_rated_health": "good",
        "activities_needing_help": 0,
        "social_support": "always",
        "five_or_more_medicines": False,
        "forgets_medicines": False,
        "weight_loss": False,
        "low_mood": False,
        "incontinence": False,
        "get_up_and_go_seconds": 8,
        "get_up_and_go_unable": False,
    }
    answers.update(overrides)
    return answers


WORST = edmonton_answers(
    clock="other_errors",
    admissions=3,
    self_rated_health="poor",
    activities_needing_help=8,
    social_support="never",
    five_or_more_medicines=True,
    forgets_medicines=True,
    weight_loss=True,
    low_mood=True,
    incontinence=True,
    get_up_and_go_unable=True,
)


# --- Multiple disadvantage -------------------------------------------------------------


def test_two_of_four_core_needs_meets_the_national_rule_but_not_sussex_three_of_four():
    domains = {mcn.HOMELESSNESS, mcn.SUBSTANCE_MISUSE, "domestic_abuse"}
    national = mcn.evaluate(domains, NATIONAL)
    sussex = mcn.evaluate(domains, SUSSEX)
    assert national.meets and not sussex.meets
    assert sussex.counted == (mcn.HOMELESSNESS, mcn.SUBSTANCE_MISUSE)
    assert sussex.rule_version == 2


def test_three_of_four_meets_sussex_and_says_which_rule_version_decided():
    result = mcn.evaluate({mcn.HOMELESSNESS, mcn.OFFENDING, mcn.MENTAL_ILL_HEALTH}, SUSSEX)
    assert result.meets
    assert result.summary() == (
        "Meets the multiple-disadvantage definition (3 of 4 core needs — NHS Sussex rule version 2)"
    )


def test_needs_outside_the_core_four_never_count_towards_multiple_disadvantage():
    result = mcn.evaluate(
        {mcn.OFFENDING, "domestic_abuse", "physical_health", "repeat_child_removal"}, NATIONAL
    )
    assert not result.meets and result.counted == (mcn.OFFENDING,)


# --- Edmonton Frail Scale --------------------------------------------------------------


def test_edmonton_worked_example_scores_each_item_as_domain_section_4():
    total, points = edmonton.score(
        edmonton_answers(
            clock="minor_errors",  # 1
            admissions=2,  # 1–2 → 1
            self_rated_health="fair",  # 1
            activities_needing_help=5,  # 5–8 → 2
            social_support="sometimes",  # 1
            five_or_more_medicines=True,  # 1
            low_mood=True,  # 1
            get_up_and_go_seconds=15,  # 11–20 s → 1
        )
    )
    assert total == 9
    assert points["activities_needing_help"] == 2 and points["forgets_medicines"] == 0
    assert edmonton.band_for(total, BANDS) == "Mild frailty"


def test_the_worst_answer_to_every_edmonton_item_totals_17_severe():
    total, _ = edmonton.score(WORST)
    assert total == 17
    assert edmonton.band_for(total, BANDS) == "Severe frailty"


@pytest.mark.parametrize(("admissions", "points"), [(0, 0), (1, 1), (2, 1), (3, 2), (9, 2)])
def test_hospital_admissions_0_then_1_to_2_then_more_than_2(admissions, points):
    assert edmonton.admissions_points(admissions) == points


@pytest.mark.parametrize(("activities", "points"), [(0, 0), (1, 0), (2, 1), (4, 1), (5, 2), (8, 2)])
def test_activities_needing_help_0_to_1_then_2_to_4_then_5_to_8(activities, points):
    assert edmonton.activities_points(activities) == points


@pytest.mark.parametrize(
    ("seconds", "unable", "points"),
    [
        (10, False, 0),
        ("10.0", False, 0),
        ("10.5", False, 1),
        (20, False, 1),
        (21, False, 2),
        (None, True, 2),
    ],
)
def test_get_up_and_go_10_seconds_or_less_then_up_to_20_then_over_20_or_unable(
    seconds, unable, points
):
    assert edmonton.get_up_and_go_points(seconds, unable) == points


def test_more_than_8_activities_is_refused_not_scored():
    with pytest.raises(ValueError, match="8 or fewer"):
        edmonton.score(edmonton_answers(activities_needing_help=9))


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "Not frail"),
        (5, "Not frail"),
        (6, "Vulnerable"),
        (7, "Vulnerable"),
        (8, "Mild frailty"),
        (9, "Mild frailty"),
        (10, "Moderate frailty"),
        (11, "Moderate frailty"),
        (12, "Severe frailty"),
        (17, "Severe frailty"),
    ],
)
def test_edmonton_band_boundaries_5_6_7_8_9_10_11_12(total, band):
    assert edmonton.band_for(total, BANDS) == band


def test_the_uk_frailty_toolkit_table_covers_0_to_17_without_gaps():
    assert edmonton.check_bands(BANDS) == []
    assert edmonton.check_bands([(0, 5, "A"), (7, None, "B")]) == [
        "The band 'B' should start at 6, not 7"
    ]


edmonton_answer_sets = st.fixed_dictionaries(
    {
        "clock": st.sampled_from(list(edmonton.CLOCK)),
        "admissions": st.integers(0, 50),
        "self_rated_health": st.sampled_from(list(edmonton.SELF_RATED_HEALTH)),
        "activities_needing_help": st.integers(0, 8),
        "social_support": st.sampled_from(list(edmonton.SOCIAL_SUPPORT)),
        **{key: st.booleans() for key in edmonton.YES_NO_ITEMS},
        "get_up_and_go_seconds": st.decimals(0, 120, places=1),
        "get_up_and_go_unable": st.booleans(),
    }
)


@given(edmonton_answer_sets)
def test_edmonton_total_is_always_between_0_and_17(answers):
    total, points = edmonton.score(answers)
    assert 0 <= total <= 17
    assert total == sum(points.values()) and len(points) == 11


@given(st.integers(0, 17), st.integers(0, 17))
def test_edmonton_bands_never_go_down_as_the_total_goes_up(a, b):
    order = [label for _, _, label in BANDS]
    low, high = sorted((a, b))
    assert order.index(edmonton.band_for(low, BANDS)) <= order.index(edmonton.band_for(high, BANDS))


# --- NDTA -----------------------------------------------------------------------------


def ndta_ratings(**overrides):
    return {key: overrides.get(key, 0) for key in ndta.KEYS}


def test_ndta_a_4_on_risk_to_others_counts_8():
    total, contributions = ndta.score(ndta_ratings(risk_to_others=4))
    assert contributions["risk_to_others"] == 8
    assert total == 8


def test_ndta_worked_example_doubles_only_the_two_risk_items():
    ratings = ndta_ratings(
        engagement=3, risk_to_others=2, risk_from_others=3, housing=4, impulse_control=1
    )
    total, contributions = ndta.score(ratings)
    assert contributions["risk_from_others"] == 6 and contributions["housing"] == 4
    assert total == 3 + 4 + 6 + 4 + 1


def test_ndta_all_fours_is_48():
    assert ndta.score(dict.fromkeys(ndta.KEYS, 4))[0] == 48


@pytest.mark.parametrize("bad", [5, 8, -1, "4", True])
def test_ndta_refuses_anything_but_a_0_to_4_rating_so_a_doubled_value_cannot_be_entered(bad):
    with pytest.raises(ValueError, match="0 to 4"):
        ndta.score(ndta_ratings(risk_to_others=bad))


@given(st.fixed_dictionaries({key: st.integers(0, 4) for key in ndta.KEYS}))
def test_ndta_total_is_0_to_48_and_doubled_items_always_add_an_even_number(ratings):
    total, contributions = ndta.score(ratings)
    assert 0 <= total <= 48
    assert contributions["risk_to_others"] % 2 == 0
    assert contributions["risk_from_others"] % 2 == 0
    assert contributions["risk_to_others"] == 2 * ratings["risk_to_others"]


# --- DASH -----------------------------------------------------------------------------


def dash_answers(yes, dont_know=0):
    answers = {}
    for number in range(1, 25):
        if number <= yes:
            answers[number] = dash.YES
        elif number <= yes + dont_know:
            answers[number] = dash.DONT_KNOW
        else:
            answers[number] = dash.NO
    return answers


def test_dash_14_yes_is_visible_high_risk_and_prompts_marac():
    count = dash.yes_count(dash_answers(14))
    assert count == 14
    assert dash.risk_level(count) == dash.HIGH
    assert dash.should_prompt_marac(count, dash.risk_level(count))


def test_dash_13_yes_does_not_prompt_marac_and_dont_know_is_not_yes():
    count = dash.yes_count(dash_answers(13, dont_know=5))
    assert count == 13
    assert not dash.should_prompt_marac(count, dash.risk_level(count))


def test_professional_judgement_can_raise_13_to_high_and_prompt_marac():
    assert dash.risk_level(13, dash.HIGH) == dash.HIGH
    assert dash.should_prompt_marac(13, dash.HIGH)


@given(st.integers(14, 24), st.sampled_from([dash.STANDARD, dash.MEDIUM]))
def test_dash_14_or_more_can_never_be_downgraded(count, judged):
    with pytest.raises(dash.DowngradeRefused):
        dash.risk_level(count, judged)
    assert dash.risk_level(count) == dash.HIGH


def test_dash_needs_an_answer_to_all_24_questions():
    answers = dash_answers(3)
    del answers[24]
    with pytest.raises(ValueError, match="missing: 24"):
        dash.yes_count(answers)


def test_repeat_marac_within_12_months_of_the_last_referral_but_not_at_13_months():
    referred = datetime.date(2025, 3, 10)
    assert dash.is_repeat(referred, datetime.date(2025, 9, 1))
    assert dash.is_repeat(referred, datetime.date(2026, 3, 10))  # the anniversary counts
    assert not dash.is_repeat(referred, datetime.date(2026, 3, 11))
    assert not dash.is_repeat(referred, datetime.date(2026, 4, 10))  # 13 months
    assert not dash.is_repeat(None, datetime.date(2026, 4, 10))


def test_twelve_months_from_29_february_ends_on_28_february():
    assert dash.add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)
