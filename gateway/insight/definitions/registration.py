"""What each GP registration figure counts, in plain words with its boundaries, and the rule
it measures. One definition per figure: the dashboard, the definitions page and every export
use these."""

from ..figures import Definition

NATIONAL_RULES = (
    "NHS England, Patient Registration Standard Operating Principles (in the primary medical "
    "care policy and guidance manual)"
)
AREA = (
    "Referrals count in a commissioner's area when the practice they went to is commissioned "
    "by them, or, before a practice is chosen, when the referring organisation is in their "
    "area. With one SAS practice chosen, only referrals to that practice count."
)

REFERRALS = Definition(
    key="registration-referrals",
    title="Referrals to register with a GP",
    meaning=(
        "Referrals made in the period (the day the referrer recorded the referral, first and "
        f"last day included). {AREA}"
    ),
)
BY_REFERRER = Definition(
    key="registration-by-referrer",
    title="Referrals by referring organisation",
    meaning=(
        "Referrals made in the period by each referring organisation (probation, youth "
        "justice, prison healthcare, outreach), and where each one is now: registered, "
        "refused, still waiting for the practice, or withdrawn. A referral made after a "
        f"refusal counts again. {AREA}"
    ),
)
REGISTERED = Definition(
    key="registration-registered",
    title="People registered",
    meaning=(
        "Referrals the practice registered on a day in the period (the registration date the "
        f"practice gave). {AREA}"
    ),
)
TIME_MEDIAN = Definition(
    key="registration-time-median",
    title="Median days from referral to registration",
    meaning=(
        "Of the registrations in the period, the middle number of calendar days from the day "
        "of the referral to the day of registration (with an even number, the average of "
        "the middle two). Registered the same day is 0 days."
    ),
    source=NATIONAL_RULES,
)
TIME_BANDS = Definition(
    key="registration-time-bands",
    title="Time from referral to registration",
    meaning=(
        "The registrations in the period by calendar days from referral to registration: the "
        "same day, 1 to 7, 8 to 14, 15 to 28, and more than 28 days."
    ),
    source=NATIONAL_RULES,
)
REFUSALS = Definition(
    key="registration-refusals",
    title="Refusals",
    meaning=f"Referrals a practice refused on a day in the period. {AREA}",
    source=NATIONAL_RULES,
)
UNREASONABLE = Definition(
    key="registration-refusals-unreasonable",
    title="Refusals on grounds that are not reasonable",
    meaning=(
        "Refusals in the period whose reason is not a reasonable ground: no proof of identity, "
        "no proof of address, immigration status, or any reason the registry does not mark as "
        "a reasonable ground. Anyone in England may register; a practice may refuse only on "
        "reasonable grounds such as a closed list or living outside the boundary."
    ),
    source=NATIONAL_RULES,
)
REFUSALS_BY_PRACTICE = Definition(
    key="registration-refusals-by-practice",
    title="Refusals by practice",
    meaning=(
        "Refusals in the period by the practice that refused, and how many of them were on "
        "grounds that are not reasonable (as above). Most refusals first."
    ),
    source=NATIONAL_RULES,
)
REFUSALS_BY_REASON = Definition(
    key="registration-refusals-by-reason",
    title="Refusals by reason",
    meaning=(
        "Refusals in the period by the reason the practice gave, saying whether the reason is "
        "a reasonable ground. Reasons that are not reasonable grounds come first."
    ),
    source=NATIONAL_RULES,
)
PRISON_LEAVERS = Definition(
    key="registration-prison-leavers",
    title="Prison leavers registered before release",
    meaning=(
        "Of the people referred as leaving prison, a young offender institution, an "
        "immigration removal centre or a secure training centre whose release date fell in "
        "the period, the percentage registered with a practice on or before the day of "
        "release. A person referred twice counts once."
    ),
    source=(
        "GMS contract 2017/18 onwards: a practice may register a person up to one month "
        "before release"
    ),
)
FIRST_APPOINTMENT = Definition(
    key="registration-first-appointment",
    title="First appointment attended",
    meaning=(
        "Of the registered people whose first appointment was due on a day in the period, "
        "the percentage recorded as having attended it (as recorded when the figures are "
        "read)."
    ),
)

ALL = [
    REFERRALS,
    BY_REFERRER,
    REGISTERED,
    TIME_MEDIAN,
    TIME_BANDS,
    REFUSALS,
    UNREASONABLE,
    REFUSALS_BY_PRACTICE,
    REFUSALS_BY_REASON,
    PRISON_LEAVERS,
    FIRST_APPOINTMENT,
]
