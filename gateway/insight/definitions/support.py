"""What each multiple-disadvantage figure counts, in plain words with its boundaries, and
where the rule comes from. One definition per figure: the dashboard, the definitions page and
every export use these."""

from ..figures import Definition

AREA = (
    "People count when the commissioner has been linked to them (as the commissioner of "
    "their care, or by their consent) or has worked out their multiple-disadvantage status; "
    "with one SAS practice chosen, the people with an episode at that practice."
)
SEED = "Stonewater and Fulfilling Lives South East: women facing multiple disadvantage in refuge"

MCN = Definition(
    key="support-mcn",
    title="People meeting the multiple-disadvantage definition",
    meaning=(
        "People whose latest multiple-disadvantage status worked out on or before the last "
        "day of the period meets the commissioner's definition. A person counts under the "
        f"version of the definition that was applied to them. {AREA}"
    ),
    source=(
        "Fulfilling Lives: 3 of the 4 core needs (South East) or 2 or more (national "
        "programme); the commissioner's version applies"
    ),
)
MCN_BY_VERSION = Definition(
    key="support-mcn-by-version",
    title="People meeting the definition, by version",
    meaning=(
        "The people meeting the definition (as above) by the version of the definition "
        "applied to them, with how many of the 4 core needs that version asks for."
    ),
)
REFERRALS_BY_SERVICE = Definition(
    key="support-referrals-by-service",
    title="Referrals to services",
    meaning=(
        "Referrals to services sent on a day in the period, by kind of service, and where "
        f"each one is now: accepted (or completed), declined, waiting, withdrawn. {AREA}"
    ),
    source=SEED,
)
DECLINES_BY_REASON = Definition(
    key="support-declines-by-reason",
    title="Declines by reason",
    meaning=(
        "Referrals sent in the period that the service declined, by the reason it gave, and "
        "of them those declined by a refuge. Most declines first."
    ),
    source=f"{SEED}: refuge referrals are often rejected because needs are 'too high'",
)
REFUGE_TOO_HIGH = Definition(
    key="support-refuge-needs-too-high",
    title="Refuge referrals declined because needs were too high",
    meaning=(
        "Referrals to a refuge sent in the period that the refuge declined giving the reason "
        "that the person's needs were too high for the service."
    ),
    source=f"{SEED}: this evidence changes commissioning",
)
ACTIONS_OVERDUE = Definition(
    key="support-actions-overdue",
    title="Multi-agency actions overdue",
    meaning=(
        "Of the actions agreed for people in the area that were still to do at the end of "
        "the last day of the period (not done or cancelled by then), those due on or before "
        "that day."
    ),
    source=f"{SEED}: collaboration between services rather than signposting",
)
DEATHS = Definition(
    key="support-deaths",
    title="Deaths",
    meaning=f"Deaths recorded with a date of death on a day in the period. {AREA}",
    source=f"{SEED}: very high premature mortality, often from treatable or preventable causes",
)
DEATHS_BY_AGE = Definition(
    key="support-deaths-by-age",
    title="Deaths by age",
    meaning="The deaths in the period by the person's age in whole years on the day they died.",
)
DEATH_JUDGEMENTS = Definition(
    key="support-death-judgements",
    title="Deaths judged preventable or treatable",
    meaning=(
        "The deaths in the period by whether the death was judged preventable, and whether "
        "it was judged treatable: yes, no, or not yet known."
    ),
)
LEARNING_REVIEWS = Definition(
    key="support-learning-reviews",
    title="Learning reviews done",
    meaning="Of the deaths in the period, the percentage whose learning review is complete.",
)

ALL = [
    MCN,
    MCN_BY_VERSION,
    REFERRALS_BY_SERVICE,
    DECLINES_BY_REASON,
    REFUGE_TOO_HIGH,
    ACTIONS_OVERDUE,
    DEATHS,
    DEATHS_BY_AGE,
    DEATH_JUDGEMENTS,
    LEARNING_REVIEWS,
]
