"""Screening a removal report against docs/domain/sas-removal-and-allocation.md#immediate-removal
(the two conditions) and docs/domain/sas-removal-and-allocation.md#what-does-not-qualify (what does
not qualify). Pure: answers in, warnings and a route out.

Gateway never silently accepts or rejects a report. It warns the reporter in plain English,
naming the rule, and routes anything doubtful to the commissioner, who decides.
"""

import datetime
from dataclasses import dataclass

from .days import local_date, long_date

# Where the incident happened (docs/domain/sas-removal-and-allocation.md#what-does-not-qualify:
# practice premises or home visits only).
PRACTICE_PREMISES = "practice_premises"
HOME_VISIT = "home_visit"
HOSPITAL = "hospital"
COMMUNITY = "community"
SETTINGS = {
    PRACTICE_PREMISES: "At the practice",
    HOME_VISIT: "On a home visit",
    HOSPITAL: "In a hospital",
    COMMUNITY: "Somewhere else in the community",
}
QUALIFYING_SETTINGS = {PRACTICE_PREMISES, HOME_VISIT}

# What the patient did. The first group meets
# docs/domain/sas-removal-and-allocation.md#condition-a-violence-or-fear-for-safety; the second is
# "normally not" enough on its own
# (docs/domain/sas-removal-and-allocation.md#what-does-not-qualify).
SERIOUS_BEHAVIOURS = {
    "violence": "Physical violence",
    "threat": "Threatened violence",
    "fear_for_safety": "Made someone fear for their safety",
    "weapon": "Had or used a weapon",
}
MINOR_BEHAVIOURS = {
    "swearing": "Swearing",
    "shouting": "Shouting",
    "invading_personal_space": "Invading personal space",
    "banging_desk": "Banging a desk or counter",
}
OTHER_BEHAVIOUR = {"other": "Something else"}
BEHAVIOURS = {**SERIOUS_BEHAVIOURS, **MINOR_BEHAVIOURS, **OTHER_BEHAVIOUR}

# Routes, most to least straightforward.
QUALIFIES = "qualifies"
APPROVAL_NEEDED = "commissioner_approval_needed"
DOUBTFUL = "doubtful"
ROUTES = {
    QUALIFIES: "Qualifies",
    APPROVAL_NEEDED: "Commissioner approval needed",
    DOUBTFUL: "Doubtful — commissioner to decide",
}


# Where the screening rules come from, as the pages show them.
REMOVAL_REGULATIONS = (
    "NHS (General Medical Services Contracts) Regulations 2015, Schedule 3, paragraph 25"
)
WHAT_QUALIFIES = "NHS England primary medical care policy manual: what does not qualify"
PROTECTED_AFTER_DISCHARGE = (
    "NHS (General Medical Services Contracts) (Amendment) Regulations 2020 (SI 2020/911)"
)


@dataclass(frozen=True)
class ScreeningWarning:
    code: str
    rule: str  # where the rule is written down, in words a reader can look up
    message: str  # plain English, says what to do

    def __str__(self):
        return f"{self.message} ({self.rule})"


@dataclass(frozen=True)
class ScreeningResult:
    route: str
    warnings: tuple[ScreeningWarning, ...]
    # the PCSE "ICB/NHSE approval" route
    # (docs/domain/sas-removal-and-allocation.md#police-reference-and-approval)
    approval_needed: bool
    # may not qualify (docs/domain/sas-removal-and-allocation.md#what-does-not-qualify): the
    # commissioner decides
    doubtful: bool

    @property
    def route_label(self):
        return ROUTES[self.route]

    @property
    def codes(self):
        return {w.code for w in self.warnings}


# National (PCSE's immediate removal process), not a scheme's choice: police told more than
# 7 days after the incident needs the commissioner's approval.
LATE_POLICE_REPORT_DAYS = 7


def police_report_is_late(incident_at, police_reported_at):
    """docs/domain/sas-removal-and-allocation.md#police-reference-and-approval: told *more than* 7
    days after the incident, counted in whole days in England (told 7 days later is in time; 8 days
    is late)."""
    days_later = (local_date(police_reported_at) - local_date(incident_at)).days
    return days_later > LATE_POLICE_REPORT_DAYS


def _earlier(a, b):
    # Either may be a date (time not known) or an aware datetime.
    both_times = isinstance(a, datetime.datetime) and isinstance(b, datetime.datetime)
    return a < b if both_times else local_date(a) < local_date(b)


def screen_report(
    *,
    setting,
    police_reported,
    police_reported_at,
    incident_at,
    behaviours,
    health_condition_could_explain,
    learning_disability_considered,
    alternatives_tried,
    previously_non_aggressive_in_anguish,
    protected_since=None,
):
    """Screen one removal report. Yes/no answers may be None when the reporter has not
    answered; that is a warning, never a silent pass. protected_since: the date the patient
    was discharged from the scheme, when they hold the protected-from-removal flag."""
    behaviours = set(behaviours)
    unknown = behaviours - BEHAVIOURS.keys()
    if unknown:
        raise ValueError(f"Unknown behaviours: {sorted(unknown)}")
    if setting not in SETTINGS:
        raise ValueError(f"Unknown setting: {setting!r}")

    warnings = []
    approval = doubtful = False

    def warn(code, rule, message):
        warnings.append(ScreeningWarning(code, rule, message))

    # docs/domain/sas-removal-and-allocation.md#condition-b-reported-to-the-police: the police must
    # be told; told late or not at all needs approval.
    days = LATE_POLICE_REPORT_DAYS
    if not police_reported:
        approval = True
        warn(
            "police_not_told",
            REMOVAL_REGULATIONS,
            "The police were not told about the incident. Immediate removal needs the "
            "incident reported to the police, so the commissioner must approve this removal.",
        )
    elif police_reported_at is None:
        approval = True
        warn(
            "police_date_missing",
            REMOVAL_REGULATIONS,
            "Enter the date and time the police were told. Until we know it was within "
            f"{days} days of the incident, the commissioner must approve this removal.",
        )
    elif incident_at is not None and _earlier(police_reported_at, incident_at):
        # Condition (b) is not shown by dates that cannot both be right.
        doubtful = True
        warn(
            "police_before_incident",
            REMOVAL_REGULATIONS,
            "The police were told before the incident happened. Check both dates. The "
            "commissioner will decide.",
        )
    elif incident_at is not None and police_report_is_late(incident_at, police_reported_at):
        approval = True
        warn(
            "police_told_late",
            REMOVAL_REGULATIONS,
            f"The police were told more than {days} days after the incident, so the "
            "commissioner must approve this removal.",
        )

    # docs/domain/sas-removal-and-allocation.md#what-does-not-qualify: only incidents at the
    # practice or on a home visit count.
    if setting not in QUALIFYING_SETTINGS:
        doubtful = True
        warn(
            "setting_does_not_qualify",
            WHAT_QUALIFIES,
            "Incidents in a hospital or elsewhere in the community do not normally qualify: "
            "the scheme covers incidents at the practice or on a home visit. The "
            "commissioner will decide.",
        )

    # docs/domain/sas-removal-and-allocation.md#condition-a-violence-or-fear-for-safety and
    # docs/domain/sas-removal-and-allocation.md#what-does-not-qualify: violence or making someone
    # fear for their safety; minor behaviours on their own normally do not qualify.
    if not behaviours:
        doubtful = True
        warn(
            "no_behaviour",
            REMOVAL_REGULATIONS,
            "Say what the patient did. The scheme is for patients who were violent or made "
            "someone fear for their safety.",
        )
    elif behaviours <= MINOR_BEHAVIOURS.keys():
        doubtful = True
        warn(
            "minor_behaviour_only",
            WHAT_QUALIFIES,
            "Swearing, shouting, invading personal space or banging a desk do not normally "
            "qualify on their own. Say whether anyone feared for their safety. The "
            "commissioner will decide.",
        )
    elif not behaviours & SERIOUS_BEHAVIOURS.keys():
        # "Something else" (with or without minor behaviours) does not show condition (a).
        doubtful = True
        warn(
            "no_violence_or_fear",
            REMOVAL_REGULATIONS,
            "The report does not say the patient was violent or made someone fear for their "
            "safety, and the scheme is for that. Describe what they did and who was put at "
            "risk. The commissioner will decide.",
        )

    # SI 2020/911: a patient properly discharged from the scheme must not be removed, or
    # refused for good, because of the old incident. Only a new incident can count.
    if protected_since is not None:
        doubtful = True
        since = long_date(protected_since)
        if incident_at is not None and local_date(incident_at) < protected_since:
            message = (
                f"This patient was discharged from the scheme on {since}, and this incident "
                "happened before then. A patient discharged from the scheme must not be "
                "removed because of an old incident. The commissioner will decide."
            )
        else:
            message = (
                f"This patient was discharged from the scheme on {since} and is protected "
                "from removal because of the old incident. Is this a new incident since "
                f"{since}? Say so in your explanation. The commissioner will decide."
            )
        warn("protected_after_discharge", PROTECTED_AFTER_DISCHARGE, message)

    if health_condition_could_explain is None:
        warn(
            "health_condition_unanswered",
            WHAT_QUALIFIES,
            "Say whether a health condition that care could help might explain the behaviour.",
        )
    elif health_condition_could_explain:
        doubtful = True
        warn(
            "health_condition_could_explain",
            WHAT_QUALIFIES,
            "Behaviour that a health condition could explain, and that care could relieve, "
            "does not normally qualify. The commissioner will decide.",
        )

    if previously_non_aggressive_in_anguish:
        doubtful = True
        warn(
            "anguish",
            WHAT_QUALIFIES,
            "A patient who was not aggressive before and was in clear mental or physical "
            "anguish does not normally qualify. The commissioner will decide.",
        )

    if not learning_disability_considered:
        warn(
            "learning_disability_not_considered",
            WHAT_QUALIFIES,
            "Since 2025 practices must consider learning disability and neurodiversity "
            "before asking for removal. Say how you considered them.",
        )

    if not alternatives_tried:
        warn(
            "alternatives_not_tried",
            WHAT_QUALIFIES,
            "Some commissioners need written confirmation that other ways of managing the "
            "behaviour were tried first. Say what was tried, or why nothing could be.",
        )

    # Approval is a formal route of its own; a doubtful report that also needs approval goes
    # that way, and the commissioner sees every warning either way.
    route = APPROVAL_NEEDED if approval else DOUBTFUL if doubtful else QUALIFIES
    return ScreeningResult(
        route=route, warnings=tuple(warnings), approval_needed=approval, doubtful=doubtful
    )
