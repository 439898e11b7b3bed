"""Organisation-scoped reads of support records, one module per part: needs and assessments (and
the reference data in force), the support team, meetings and actions, referrals to services, and
the person's death record. A person is reached only through gateway.patients.queries, so nothing
is returned for a person the organisation may not see."""

from .assessments import (
    assessments_for,
    band_table_for,
    commissioner_for,
    dash_escalation,
    evaluate_mcn,
    get_visible_assessment,
    get_visible_need,
    incidents_for,
    last_marac_referral,
    latest_assessments,
    latest_mcn_status,
    marac_referrals_for,
    marac_referrals_from,
    marac_referrals_shown,
    mcn_rule_in_force,
    mcn_status,
    needs_for,
)
from .deaths import death_of

__all__ = [
    "assessments_for",
    "band_table_for",
    "commissioner_for",
    "dash_escalation",
    "death_of",
    "evaluate_mcn",
    "get_visible_assessment",
    "get_visible_need",
    "incidents_for",
    "last_marac_referral",
    "latest_assessments",
    "latest_mcn_status",
    "marac_referrals_for",
    "marac_referrals_shown",
    "marac_referrals_from",
    "mcn_rule_in_force",
    "mcn_status",
    "needs_for",
]
