from .episode import Deadline, Episode, ImmutableRow, StatusHistory
from .policy import PolicyInForce, SchemePolicy

__all__ = [
    "Deadline",
    "Episode",
    "ImmutableRow",
    "PolicyInForce",
    "SchemePolicy",
    "StatusHistory",
]
