"""Messages to a person, sent by their contact plan (ADR 0012), one module per step:
writing the message (queue.py), the try for one route (tries.py), moving along the routes
(fallback.py), handing over in person (handover.py) and no route left (unreachable.py);
common.py holds what they share."""

from .common import (
    CURRENT_ADDRESS,
    route_label,
)
from .fallback import advance, after_status_change, next_try, sync_parent
from .handover import HandoverError, confirm_handover
from .queue import (
    MissingContactDetails,
    queue_for_patient,
)
from .tries import printable_address, wrap_letter
from .unreachable import try_again

__all__ = [
    "CURRENT_ADDRESS",
    "HandoverError",
    "MissingContactDetails",
    "advance",
    "after_status_change",
    "confirm_handover",
    "next_try",
    "printable_address",
    "queue_for_patient",
    "route_label",
    "sync_parent",
    "try_again",
    "wrap_letter",
]
