from gateway.core.models import PolicyInForce

from . import caseload_key
from .appeal import Appeal
from .before_gateway import RecordBeforeGateway
from .custody import CustodyPeriod
from .deadline import Deadline
from .episode import Episode, StatusHistory
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
    "RecordBeforeGateway",
    "RemovalReport",
    "Review",
    "SchemePolicy",
    "caseload_key",
    "StatusHistory",
]
