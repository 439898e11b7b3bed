from .policy import RegistrationPolicy
from .referral import ReferralChange, RefusalReason, RegistrationAlert, RegistrationReferral

__all__ = [
    "ReferralChange",
    "RefusalReason",
    "RegistrationAlert",
    "RegistrationPolicy",
    "RegistrationReferral",
]
