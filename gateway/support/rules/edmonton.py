"""Edmonton Frail Scale (Rolfson 2000/2006;
docs/domain/multiple-disadvantage.md#edmonton-frail-scale): 11 items, total 0–17. The official
questionnaire wording is licensed, so Gateway uses short neutral labels of its own and keeps the raw
answers (counts, seconds) so the points can be worked out again.

Bands vary by scheme [VARIES]: they come from a versioned band table (reference data), passed
in here as plain (lower, upper or None, label) rows."""

from decimal import Decimal

RULE_VERSION = "edmonton-1"
MAX_TOTAL = 17

CLOCK = {"no_errors": 0, "minor_errors": 1, "other_errors": 2}
SELF_RATED_HEALTH = {"good": 0, "fair": 1, "poor": 2}
SOCIAL_SUPPORT = {"always": 0, "sometimes": 1, "never": 2}
YES_NO_ITEMS = (
    "five_or_more_medicines",
    "forgets_medicines",
    "weight_loss",
    "low_mood",
    "incontinence",
)

# Neutral labels written for Gateway: not the licensed questionnaire text.
LABELS = {
    "clock": "Clock drawing check",
    "admissions": "Hospital admissions in the past year",
    "self_rated_health": "How the person rates their own health",
    "activities_needing_help": "Daily activities the person needs help with (0 to 8)",
    "social_support": "Can count on someone to help when needed",
    "five_or_more_medicines": "Takes 5 or more regular medicines",
    "forgets_medicines": "Sometimes forgets to take medicines",
    "weight_loss": "Recent weight loss",
    "low_mood": "Often feels sad or low",
    "incontinence": "Problem with bladder control",
    "get_up_and_go": "Timed get-up-and-go (seconds)",
}
KEYS = tuple(LABELS)


def admissions_points(admissions):
    """0 admissions → 0; 1–2 → 1; more than 2 → 2."""
    _require_count(admissions, "admissions", 0, None)
    return 0 if admissions == 0 else 1 if admissions <= 2 else 2


def activities_points(activities):
    """Activities needing help: 0–1 → 0; 2–4 → 1; 5–8 → 2."""
    _require_count(activities, "activities needing help", 0, 8)
    return 0 if activities <= 1 else 1 if activities <= 4 else 2


def get_up_and_go_points(seconds, unable=False):
    """10 seconds or less → 0; over 10 up to 20 → 1; over 20, or unable → 2."""
    if unable:
        return 2
    if seconds is None:
        raise ValueError("Give the get-up-and-go time, or say the person was unable to do it")
    seconds = Decimal(str(seconds))
    if seconds < 0:
        raise ValueError("The get-up-and-go time cannot be negative")
    return 0 if seconds <= 10 else 1 if seconds <= 20 else 2


def _require_count(value, what, low, high):
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"The number of {what} must be a whole number, {low} or more")
    if high is not None and value > high:
        raise ValueError(f"The number of {what} must be {high} or fewer")


def _lookup(table, value, what):
    if value not in table:
        raise ValueError(f"Unknown answer for {what}: {value!r}")
    return table[value]


def score(answers):
    """answers: clock, admissions (int), self_rated_health, activities_needing_help (int),
    social_support, the five yes/no items (bool), get_up_and_go_seconds (number or None),
    get_up_and_go_unable (bool). Returns (total, points per item key)."""
    points = {
        "clock": _lookup(CLOCK, answers["clock"], "the clock check"),
        "admissions": admissions_points(answers["admissions"]),
        "self_rated_health": _lookup(
            SELF_RATED_HEALTH, answers["self_rated_health"], "self-rated health"
        ),
        "activities_needing_help": activities_points(answers["activities_needing_help"]),
        "social_support": _lookup(SOCIAL_SUPPORT, answers["social_support"], "social support"),
    }
    for key in YES_NO_ITEMS:
        if not isinstance(answers[key], bool):
            raise ValueError(f"Answer yes or no for: {LABELS[key]}")
        points[key] = int(answers[key])
    points["get_up_and_go"] = get_up_and_go_points(
        answers.get("get_up_and_go_seconds"), answers.get("get_up_and_go_unable", False)
    )
    return sum(points.values()), {key: points[key] for key in KEYS}


def band_for(total, bands):
    """The label of the band holding total. bands: (lower, upper or None, label) rows that
    together cover 0–17 with no gaps or overlaps (see check_bands)."""
    if not 0 <= total <= MAX_TOTAL:
        raise ValueError(f"An Edmonton total runs from 0 to {MAX_TOTAL}")
    for lower, upper, label in bands:
        if total >= lower and (upper is None or total <= upper):
            return label
    raise ValueError(f"No frailty band covers a total of {total}")


def check_bands(bands):
    """Problems with a band table, in plain words (empty when it is usable): the rows must
    start at 0, follow on without gaps or overlaps and reach 17."""
    rows = sorted(bands, key=lambda row: row[0])
    problems = []
    expected = 0
    for lower, upper, label in rows:
        if lower != expected:
            problems.append(f"The band '{label}' should start at {expected}, not {lower}")
        if upper is not None and upper < lower:
            problems.append(f"The band '{label}' ends before it starts")
        expected = (upper + 1) if upper is not None else MAX_TOTAL + 1
    if rows and expected <= MAX_TOTAL:
        problems.append(f"The bands stop at {expected - 1}; they must reach {MAX_TOTAL}")
    if not rows:
        problems.append("A band table needs at least one band")
    return problems


UK_FRAILTY_TOOLKIT_BANDS = (
    (0, 5, "Not frail"),
    (6, 7, "Vulnerable"),
    (8, 9, "Mild frailty"),
    (10, 11, "Moderate frailty"),
    (12, None, "Severe frailty"),
)
