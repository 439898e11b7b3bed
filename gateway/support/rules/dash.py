"""DASH risk checklist (SafeLives; docs/domain/multiple-disadvantage.md#dash-risk-checklist): 24
questions answered yes, no or don't know, stored by question number because the wording is
SafeLives' (loaded from configuration).

- 14 or more "yes" is visible high risk: prompt for a MARAC referral.
- Professional judgement alone may refer, with reasons; it may raise the risk level but never
  lower a 14+ (a downgrade is refused, not quietly ignored).
- Repeat: a further DASH or incident within 12 months of the last MARAC referral (after the
  day of the referral: what happened that day is what was referred).
- Escalation [VARIES, commonly 3 incidents in 12 months]: enough further incidents since the
  last MARAC referral call for a referral again, whatever a checklist scores. The figures are
  a versioned policy (EscalationPolicy, from the commissioner's support policy)."""

import datetime
from dataclasses import dataclass

RULE_VERSION = "dash-1"
QUESTION_COUNT = 24
HIGH_RISK_YES_COUNT = 14
REPEAT_WINDOW_MONTHS = 12

YES, NO, DONT_KNOW = "yes", "no", "dont_know"
ANSWERS = (YES, NO, DONT_KNOW)

STANDARD, MEDIUM, HIGH = "standard", "medium", "high"
RISK_LEVELS = (STANDARD, MEDIUM, HIGH)  # lowest first
RISK_LABELS = {STANDARD: "Standard risk", MEDIUM: "Medium risk", HIGH: "High risk"}


class DowngradeRefused(ValueError):
    """Professional judgement tried to lower a visible high risk."""

    message = (
        "A checklist with 14 or more 'yes' answers is high risk. Professional judgement can "
        "raise a risk level but cannot lower this one"
    )

    def __init__(self):
        super().__init__(self.message)


def yes_count(answers):
    """answers: {question number 1–24: "yes" | "no" | "dont_know"} for every question."""
    numbers = set(answers)
    expected = set(range(1, QUESTION_COUNT + 1))
    if numbers != expected:
        missing = sorted(expected - numbers)
        raise ValueError(f"Answer every question; missing: {', '.join(map(str, missing))}")
    for number, answer in answers.items():
        if answer not in ANSWERS:
            raise ValueError(f"Question {number}: answer yes, no or don't know")
    return sum(1 for answer in answers.values() if answer == YES)


def is_visible_high_risk(count):
    return count >= HIGH_RISK_YES_COUNT


def risk_level(count, judged=None):
    """The risk level to record. judged: the practitioner's professional judgement, or None.
    A 14+ is high whatever is judged; a judgement lower than that raises DowngradeRefused."""
    if judged is not None and judged not in RISK_LEVELS:
        raise ValueError(f"Unknown risk level: {judged!r}")
    if is_visible_high_risk(count):
        if judged is not None and judged != HIGH:
            raise DowngradeRefused()
        return HIGH
    return judged or STANDARD


def should_prompt_marac(count, level):
    """Prompt for a MARAC referral when the checklist or professional judgement says high."""
    return is_visible_high_risk(count) or level == HIGH


def add_months(day, months):
    """The same day `months` later; the last day of the month when that day does not exist
    (29 February → 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def is_repeat(last_marac_referral_on, incident_on):
    """True when incident_on falls after the day of the last MARAC referral and within 12
    months of it (on the anniversary still counts). The same day is not a repeat: it is
    the incident, or the checklist, that was referred."""
    if last_marac_referral_on is None or incident_on <= last_marac_referral_on:
        return False
    return incident_on <= add_months(last_marac_referral_on, REPEAT_WINDOW_MONTHS)


@dataclass(frozen=True)
class EscalationPolicy:
    """The escalation figures of one version of a commissioner's support policy. Version 0
    is the built-in default, used when the commissioner has saved none."""

    version: int = 0
    incidents: int = 3
    months: int = 12


DEFAULT_ESCALATION = EscalationPolicy()


@dataclass(frozen=True)
class Escalation:
    count: int
    first_counted_on: datetime.date
    last_marac_referral_on: datetime.date | None
    policy: EscalationPolicy

    @property
    def again(self):
        return self.last_marac_referral_on is not None

    def summary(self):
        """ "Refer to MARAC again: 3 incidents since 4 March 2026"."""
        count = f"{self.count} incident{'s' if self.count != 1 else ''}"
        if self.again:
            return f"Refer to MARAC again: {count} since {_long(self.last_marac_referral_on)}"
        return (
            f"Refer to MARAC: {count} in the last {self.policy.months} months, the first on "
            f"{_long(self.first_counted_on)}"
        )


def _long(day):
    return f"{day.day} {day:%B %Y}"


def escalation_window_opens_after(today, last_marac_referral_on, policy=DEFAULT_ESCALATION):
    """The day after which incidents count towards escalation: policy.months before today (an
    incident exactly that many months ago no longer counts), or the day of the last MARAC
    referral if later (an incident on the day of the referral is not a repeat: it is what was
    referred)."""
    window_opens_after = add_months(today, -policy.months)
    if last_marac_referral_on is not None:
        window_opens_after = max(window_opens_after, last_marac_referral_on)
    return window_opens_after


def escalation_of_counted(count, first_counted_on, last_marac_referral_on, policy):
    """Escalation to MARAC, or None, from the incidents counted in the window
    (escalation_window_opens_after up to today): policy.incidents or more → Escalation."""
    if count < policy.incidents:
        return None
    return Escalation(
        count=count,
        first_counted_on=first_counted_on,
        last_marac_referral_on=last_marac_referral_on,
        policy=policy,
    )


def escalation(incident_dates, last_marac_referral_on, today, policy=DEFAULT_ESCALATION):
    """Escalation to MARAC, or None. Counts the incidents within policy.months up to today
    that fall after the day of the last MARAC referral (escalation_window_opens_after).
    policy.incidents or more counted → Escalation."""
    window_opens_after = escalation_window_opens_after(today, last_marac_referral_on, policy)
    counted = sorted(day for day in incident_dates if window_opens_after < day <= today)
    return escalation_of_counted(
        len(counted), counted[0] if counted else None, last_marac_referral_on, policy
    )
