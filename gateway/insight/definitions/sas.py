"""What each SAS figure counts, in plain words with its boundaries, and the rule it measures.
One definition per figure: the dashboard, the definitions page, the people behind a figure
and every export use these."""

from ..figures import Definition

LEARNING = (
    "Fulfilling Lives South East, The Special Allocation Scheme: our learning to date and "
    "recommendations"
)
REGULATIONS = "NHS (General Medical Services Contracts) Regulations 2015, Schedule 3, paragraph 25"

ON_SCHEME = Definition(
    key="sas-on-scheme",
    title="People on the scheme",
    meaning=(
        "People on the scheme at the end of the last day of the period: allocated to an SAS "
        "practice on or before that day and not yet discharged, transferred, overturned on "
        "appeal, ended or died by then. People in custody count: they return to the scheme "
        "on release. Episodes entered in error are never counted."
    ),
    source="NHS England: a patient in custody returns to the scheme on release",
)
ON_SCHEME_BY_PRACTICE = Definition(
    key="sas-on-scheme-by-practice",
    title="People on the scheme by SAS practice, against capacity",
    meaning=(
        "People on the scheme at the end of the period (as above) at each SAS practice the "
        "commissioner commissions, beside the number of SAS patients the practice is "
        "commissioned for, and that number as a percentage of it."
    ),
)
ON_SCHEME_TREND = Definition(
    key="sas-on-scheme-trend",
    title="People on the scheme at the end of each quarter",
    meaning=(
        "People on the scheme (as above) at the end of each of the last four financial "
        "quarters, up to the quarter the period ends in."
    ),
)
TIME_MEDIAN = Definition(
    key="sas-time-median",
    title="Median time on the scheme",
    meaning=(
        "Of the people on the scheme at the end of the period, the middle time since they "
        "were first allocated, in days to the end of the period (with an even number of "
        "people, the average of the middle two). Time in custody counts."
    ),
    source=f"{LEARNING}: people left on the scheme for years",
)
TIME_BANDS = Definition(
    key="sas-time-bands",
    title="Time on the scheme",
    meaning=(
        "The people on the scheme at the end of the period, by how long since they were first "
        "allocated. Each band includes its upper end: someone allocated exactly a year before "
        "the end of the period is in '6 months to 1 year'."
    ),
)
OVER_1_YEAR = Definition(
    key="sas-over-1-year",
    title="On the scheme for more than a year",
    meaning="People on the scheme at the end of the period who were first allocated more "
    "than 12 months before it ended.",
    source="PCSE: at least an annual review",
)
OVER_3_YEARS = Definition(
    key="sas-over-3-years",
    title="On the scheme for more than 3 years",
    meaning="People on the scheme at the end of the period who were first allocated more "
    "than 36 months before it ended.",
)
NEW_REMOVALS = Definition(
    key="sas-new-removals",
    title="New removals",
    meaning=(
        "Removal reports whose notice was given in the period (the removal takes effect when "
        "notice is given). Commissioner-instigated allocations, which have no removal, are "
        "not counted here."
    ),
    source=REGULATIONS,
)
REMOVALS_BY_PRACTICE = Definition(
    key="sas-removals-by-practice",
    title="New removals by removing practice",
    meaning="New removals (as above) by the practice that reported them, most first.",
)
REMOVALS_BY_SCREENING = Definition(
    key="sas-removals-by-screening",
    title="New removals by screening outcome",
    meaning=(
        "New removals (as above) by what Gateway's screening said of the report (qualifies, "
        "doubtful, or needs the commissioner's approval), and where each is now: placed on "
        "the scheme, declined, still being screened, or closed another way before allocation "
        "(for example the person died)."
    ),
    source="NHS England primary medical care policy manual: what does not qualify",
)
ALLOCATED_IN_TIME = Definition(
    key="sas-allocated-in-time",
    title="Allocated within 24 hours",
    meaning=(
        "Of the allocations due in the period (the removal notice plus the scheme's target "
        "hours, 24 unless the scheme's policy says otherwise), the percentage allocated to an "
        "SAS practice by then. An allocation not made by its time counts as late; one that "
        "can still be made in time is not counted yet; a declined report is not counted."
    ),
    source="PCSE's target for processing immediate removals (since February 2018)",
)
CONFIRMED_IN_TIME = Definition(
    key="sas-confirmed-in-time",
    title="Written confirmation within 7 days",
    meaning=(
        "Of removal notices not given in writing whose written confirmation was due in the "
        "period, the percentage confirmed in writing within 7 days, the day of notice "
        "counting as day 1 (so confirmation on the 7th day is in time, on the 8th is late)."
    ),
    source=REGULATIONS,
)
REVIEWS_ON_TIME = Definition(
    key="sas-reviews-on-time",
    title="Reviews held on time",
    meaning=(
        "Of the scheduled reviews due in the period, the percentage held on or before the day "
        "they were due. A review held a day late is late; a review still waiting after its "
        "day counts as late; one due today and not yet held is not counted yet. Exception "
        "panels and cancelled reviews are not counted."
    ),
    source="PCSE: at least an annual clinical review; the interval is the scheme's policy",
)
VIEW_HEARD = Definition(
    key="sas-view-heard",
    title="Reviews where the person's own view was heard",
    meaning=(
        "Of the reviews held in the period (exception panels included), the percentage where "
        "the person took part in any way (in person, by phone or video, in writing or "
        "through their support worker) or their own view was recorded for the review."
    ),
    source=(f"{LEARNING}: involve the patient proactively so their voice is heard"),
)
VIEW_HEARD_TREND = Definition(
    key="sas-view-heard-trend",
    title="The person's own view heard, by quarter",
    meaning=(
        "Reviews where the person's own view was heard (as above) as a percentage of the "
        "reviews held in each of the last four financial quarters; a quarter with no "
        "reviews has no value."
    ),
)
TOOK_PART = Definition(
    key="sas-took-part",
    title="How people took part in their reviews",
    meaning="Reviews held in the period by how the person took part, as recorded when the "
    "review was decided.",
)
APPEALS = Definition(
    key="sas-appeals",
    title="Appeals",
    meaning=(
        "Appeals received in the period (and how many after the time allowed), and appeals "
        "decided in the period: upheld (the person comes off the scheme) or dismissed. "
        "Withdrawn appeals are not decisions."
    ),
    source="NHS England: an appeal process must exist, with 28 days to appeal",
)
APPEALS_IN_TIME = Definition(
    key="sas-appeals-in-time",
    title="Appeals decided in time",
    meaning=(
        "Of the appeals decided in the period, the percentage decided on or before the day "
        "the panel was due (by the scheme's policy, 28 days from receiving both forms unless "
        "it says otherwise). An appeal decided on that day is in time; one decided before a "
        "panel date was set had no clock running and is in time."
    ),
    source="The scheme's appeal policy (for example South East London: panel within 28 days)",
)
DISCHARGES = Definition(
    key="sas-discharges",
    title="Discharges and step-downs",
    meaning=(
        "Decisions to discharge made in the period (at a review or by an exception panel); "
        "discharges completed in the period, how many were automatic because the person had "
        "not registered in time, and how many stepped down (the SAS practice stays in touch "
        "after discharge)."
    ),
    source=(f"The scheme's discharge policy; step-down from {LEARNING}"),
)
DISCHARGED_IN_TIME = Definition(
    key="sas-discharged-in-time",
    title="Discharged within 3 months of the decision",
    meaning=(
        "Of the discharges completed in the period, the percentage completed on or before "
        "the discharge-by date set at the decision (3 months unless the scheme's policy says "
        "otherwise)."
    ),
    source="South East London scheme: discharge within 3 months of a positive review",
)
CUSTODY = Definition(
    key="sas-custody",
    title="Custody",
    meaning=(
        "People whose time on the scheme was put on hold for custody in the period, people "
        "released back to the scheme in the period, and people in custody at the end of the "
        "period."
    ),
    source="NHS England (2024): a patient on the scheme returns to it on release",
)
UNREACHABLE = Definition(
    key="sas-unreachable",
    title="People we could not reach",
    meaning=(
        "People placed on the scheme to whom a letter, text or email reached no one by any "
        "route of their contact plan in the period (every route tried had failed)."
    ),
)
DEATHS = Definition(
    key="sas-deaths",
    title="Deaths",
    meaning="People whose episode ended in the period because they died (before or after "
    "allocation).",
)
OTHER_ENDINGS = Definition(
    key="sas-other-endings",
    title="Other endings",
    meaning="Episodes that ended in the period because an appeal overturned the placement, "
    "the person moved to another area's scheme, or they were placed on it by mistake.",
)

ALL = [
    ON_SCHEME,
    ON_SCHEME_BY_PRACTICE,
    ON_SCHEME_TREND,
    TIME_MEDIAN,
    TIME_BANDS,
    OVER_1_YEAR,
    OVER_3_YEARS,
    NEW_REMOVALS,
    REMOVALS_BY_PRACTICE,
    REMOVALS_BY_SCREENING,
    ALLOCATED_IN_TIME,
    CONFIRMED_IN_TIME,
    REVIEWS_ON_TIME,
    VIEW_HEARD,
    VIEW_HEARD_TREND,
    TOOK_PART,
    APPEALS,
    APPEALS_IN_TIME,
    DISCHARGES,
    DISCHARGED_IN_TIME,
    CUSTODY,
    UNREACHABLE,
    DEATHS,
    OTHER_ENDINGS,
]
