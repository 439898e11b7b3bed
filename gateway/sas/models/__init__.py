from gateway.core.models import PolicyInForce

from .appeal import Appeal
from .custody import CustodyPeriod
from .episode import Deadline, Episode, StatusHistory
from .policy import SchemePolicy
from .report import Allocation, InformationRequest, RemovalReport
from .review import DischargePlan, Review

__all__ = [
    "Allocation",
    "Appeal",
    "CustodyPeriod",
    "Deadline",
    "DischargePlan",
    "Episode",
    "InformationRequest",
    "PolicyInForce",
    "RemovalReport",
    "Review",
    "SchemePolicy",
    "StatusHistory",
]
