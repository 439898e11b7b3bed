"""The values of one version of a commissioner's scheme policy, as a plain frozen value so the
rules stay pure (the database model builds one with ``SchemePolicy.values()``)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PolicyValues:
    """The numbers of one version of a commissioner's scheme policy ([VARIES] in
    docs/domain/special-allocation-scheme.md#what-each-scheme-sets-for-itself).
    Defaults are the national or most common values."""

    version: int = 0
    appeal_days_against_placement: int = 28
    appeal_days_against_remaining: int = 28
    acknowledgement_working_days: int = 7
    patient_form_return_days: int = 14
    practice_incident_form_days: int = 14
    panel_within_days_of_forms: int = 28
    papers_before_panel_days: int = 5
    first_review_after_months: int = 12
    review_every_months: int = 12
    minimum_stay_months: int | None = None
    discharge_completion_months: int = 3
    automatic_discharge_when_not_registered: bool = False
    two_person_allocation_check: bool = False
    allocation_target_hours: int = 24
