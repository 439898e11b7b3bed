from .evidence import KeptEvidence
from .policy import RegistrationPolicy
from .referral import ReferralChange, RefusalReason, RegistrationAlert, RegistrationReferral

__all__ = [
    "KeptEvidence",
    "ReferralChange",
    "RefusalReason",
    "RegistrationAlert",
    "RegistrationPolicy",
    "RegistrationReferral",
]
