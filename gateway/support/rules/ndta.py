"""New Directions Team Assessment ("chaos index",
docs/domain/multiple-disadvantage.md#new-directions-team-assessment-ndta): 10 items rated 0–4; risk
to others and risk from others count double, so the total runs 0–48. People type the 0–4 rating
only; the doubling happens here, never on the form. No official threshold."""

RULE_VERSION = "ndta-1"
RATINGS = range(0, 5)

# (key, short label, weight)
ITEMS = (
    ("engagement", "Engagement with services", 1),
    ("intentional_self_harm", "Intentional self-harm", 1),
    ("unintentional_self_harm", "Unintentional self-harm", 1),
    ("risk_to_others", "Risk to others", 2),
    ("risk_from_others", "Risk from others", 2),
    ("stress_anxiety", "Stress and anxiety", 1),
    ("social_effectiveness", "Social effectiveness", 1),
    ("substance_use", "Alcohol and drug use", 1),
    ("impulse_control", "Impulse control", 1),
    ("housing", "Housing", 1),
)
KEYS = tuple(key for key, _, _ in ITEMS)

# What each rating means, shown beside it so a rating is chosen the same way by everyone
# (Gateway's own short words, not the assessment's official anchor text): 0 is no problem,
# 4 the most serious, for every item.
RATING_MEANINGS = {
    0: "none",
    1: "low",
    2: "moderate",
    3: "high",
    4: "very high",
}
# Each item's two ends, in a few neutral words.
ENDS = {
    "engagement": (
        "takes part in services and keeps appointments",
        "does not engage with any service",
    ),
    "intentional_self_harm": (
        "no self-harm and no thoughts of it",
        "recent serious self-harm or a suicide attempt",
    ),
    "unintentional_self_harm": (
        "no harm from neglect or accidents",
        "serious harm from neglect, overdose or accidents likely",
    ),
    "risk_to_others": ("no risk to other people", "recent serious violence or threats to others"),
    "risk_from_others": (
        "no risk from other people",
        "recent serious harm or exploitation by others",
    ),
    "stress_anxiety": ("copes with stress", "stress or anxiety stops everyday life"),
    "social_effectiveness": (
        "gets on with people and copes socially",
        "cannot manage contact with people without serious conflict",
    ),
    "substance_use": ("no problem with alcohol or drugs", "heavy daily use that runs their life"),
    "impulse_control": ("thinks before acting", "acts on impulse, with serious results"),
    "housing": ("settled, suitable housing", "sleeping rough or no safe place to stay"),
}
WEIGHTS = {key: weight for key, _, weight in ITEMS}
LABELS = {key: label for key, label, _ in ITEMS}
MAX_TOTAL = sum(4 * weight for weight in WEIGHTS.values())  # 48


def score(ratings):
    """ratings: {item key: 0–4}. Returns (total, contributions) where contributions maps each
    item to what it added to the total (the rating, doubled for the two risk items)."""
    missing = [key for key in KEYS if key not in ratings]
    if missing:
        raise ValueError(f"Missing NDTA ratings: {', '.join(missing)}")
    contributions = {}
    for key in KEYS:
        rating = ratings[key]
        if isinstance(rating, bool) or not isinstance(rating, int) or rating not in RATINGS:
            raise ValueError(f"The rating for {LABELS[key]} must be a whole number from 0 to 4")
        contributions[key] = rating * WEIGHTS[key]
    return sum(contributions.values()), contributions
