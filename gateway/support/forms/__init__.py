"""Forms for the support pages, one module per part: needs and assessments, the support team and
meetings, and referrals to services."""

from .assessments import (
    FORMS,
    AssessmentForm,
    DashForm,
    EdmontonForm,
    EndNeedForm,
    EscalationReferralForm,
    IncidentForm,
    MaracReferralForm,
    NdtaForm,
    NeedForm,
)

__all__ = [
    "AssessmentForm",
    "DashForm",
    "EdmontonForm",
    "EndNeedForm",
    "EscalationReferralForm",
    "FORMS",
    "IncidentForm",
    "MaracReferralForm",
    "NdtaForm",
    "NeedForm",
]
