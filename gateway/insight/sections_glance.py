"""The scheme at a glance: a few figures of one area, as a section ``(scope, period) ->
Section``, so the national view, the exports and the yearly return have figures of their own
to show whatever other sections are plugged in. Two queries whatever the size; the national
view asks for every area's at once (sections_by_area), one query whatever the number of areas."""

from .figures import COUNT, PERCENT, Definition, Figure, Section
from .queries import national

KEY = "glance"
TITLE = "The scheme at a glance"

ON_SCHEME = Definition(
    key="glance-on-scheme",
    title="People on the scheme at the end of the period",
    meaning=(
        "People allocated to an SAS practice before the end of the last day of the period and "
        "not discharged, transferred, overturned on appeal, ended or dead by then. People in "
        "custody count: they return to the scheme on release. Episodes entered in error are "
        "never counted."
    ),
    source="NHS England: a patient in custody returns to the scheme on release",
)
PLACED = Definition(
    key="glance-placed",
    title="Placed on the scheme in the period",
    meaning="Episodes first allocated to an SAS practice on a day of the period.",
)
LEFT = Definition(
    key="glance-left",
    title="Left the scheme in the period",
    meaning=(
        "Episodes that had been allocated and closed on a day of the period: discharged, "
        "transferred to another scheme, overturned on appeal, ended by a death or found to "
        "be a mistake."
    ),
)
REVIEWS_HELD = Definition(
    key="glance-reviews-held",
    title="Reviews held in the period",
    meaning="Reviews of a person's place on the scheme held and decided on a day of the period.",
    source="PCSE: at least an annual review",
)
VIEW_HEARD = Definition(
    key="glance-view-heard",
    title="Reviews where the person's own view was heard",
    meaning=(
        "Of the reviews held in the period, the percentage where the person took part in any "
        "way (in person, by phone or video, in writing or through their support worker) or "
        "their own view was recorded for the review."
    ),
    source=(
        "Fulfilling Lives South East, The Special Allocation Scheme: our learning to date: "
        "reviews should involve the person"
    ),
)
DEFINITIONS = [ON_SCHEME, PLACED, LEFT, REVIEWS_HELD, VIEW_HEARD]


def percent(numerator, denominator):
    """numerator as a percentage of denominator to one decimal place; None with nothing to
    measure."""
    if not denominator:
        return None
    return round(100 * numerator / denominator, 1)


def section(scope, period):
    return glance(national.scheme_at_a_glance(scope, period), national.reviews_held(scope, period))


def sections_by_area(commissioners, period):
    """{commissioner pk: the section of their area}, for every area in one query (the
    national view)."""
    counts, reviews = national.glance_by_area(commissioners, period)
    return {c.pk: glance(counts[c.pk], reviews[c.pk]) for c in commissioners}


section.by_area = sections_by_area


def glance(counts, reviews):
    return Section(
        key=KEY,
        title=TITLE,
        figures=[
            Figure(ON_SCHEME, counts["on_scheme"], COUNT),
            Figure(PLACED, counts["placed"], COUNT),
            Figure(LEFT, counts["left"], COUNT),
            Figure(REVIEWS_HELD, reviews["held"], COUNT),
            Figure(
                VIEW_HEARD,
                percent(reviews["heard"], reviews["held"]),
                PERCENT,
                numerator=reviews["heard"],
                denominator=reviews["held"],
                headline=True,
            ),
        ],
    )
