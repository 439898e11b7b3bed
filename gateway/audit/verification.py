"""Checking the audit trail (`manage.py audit_verify`, ADR 0034): every row against the keyed
chain, and the rows against every anchor written outside the database.

What each check finds:
- a row changed in place: its HMAC no longer matches (at that row);
- a row removed from the middle: the next row's link does not match (at the row after it);
- rows removed and the chain recomputed without the key, with plain SHA-256 or another key:
  the first recomputed row does not match, or carries no key id;
- the newest rows removed: the rows left still link up, but the row an anchor names is
  gone, or the count up to it differs;
- an anchor altered or forged: its signature does not match.
"""

from dataclasses import dataclass, field

from .anchors import read_anchors
from .chain import GENESIS_HASH, row_problem
from .models import AuditEvent

BROKEN = "Audit trail broken at row ID {id}: {reason}"
INCIDENT = " Treat this as a security incident and compare the trail with the latest backup."


@dataclass
class Verification:
    checked: int = 0
    problems: list = field(default_factory=list)
    broken_id: int | None = None  # the first row whose hash or link does not match
    anchors_matched: int = 0
    last_anchor: dict | None = None
    rows_since_last_anchor: int = 0

    @property
    def intact(self):
        return not self.problems


def _anchor_problem(anchor, what):
    return (
        f"Audit trail does not match the anchor of {anchor['at']} (row ID {anchor['last_id']}, "
        f"{anchor['count']} rows): {what}"
    )


def verify_trail(batch_size=2000, anchor_store=None):
    """Walk every row in id order, in batches (memory stays flat however long the trail),
    checking each link and each anchor as the walk reaches the row it names. Stops at the
    first broken link: what follows it cannot be trusted to say more."""
    stored = read_anchors(anchor_store)
    result = Verification(problems=list(stored.problems))
    pending = list(stored.anchors)
    previous, last_id = GENESIS_HASH, 0

    def passed_anchors(up_to_id):
        # Anchors naming a row below up_to_id that the walk never met: that row is gone.
        while pending and pending[0]["last_id"] < up_to_id:
            anchor = pending.pop(0)
            result.problems.append(
                _anchor_problem(
                    anchor,
                    "that row is missing. Rows at or before the anchor were removed after it "
                    "was written (for example, the newest rows were deleted)." + INCIDENT,
                )
            )

    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            passed_anchors(event.id)
            reason = row_problem(event, previous)
            if reason:
                result.broken_id = event.id
                result.problems.append(BROKEN.format(id=event.id, reason=reason) + INCIDENT)
                return result
            result.checked += 1
            result.rows_since_last_anchor += 1
            while pending and pending[0]["last_id"] == event.id:
                anchor = pending.pop(0)
                if anchor["hash"] != event.hash:
                    result.problems.append(
                        _anchor_problem(
                            anchor,
                            "that row's hash is not the one anchored. The trail was "
                            "rewritten after the anchor." + INCIDENT,
                        )
                    )
                elif anchor["count"] != result.checked:
                    result.problems.append(
                        _anchor_problem(
                            anchor,
                            f"the trail now has {result.checked} rows up to that row. Rows "
                            "were removed or slipped in before it." + INCIDENT,
                        )
                    )
                else:
                    result.anchors_matched += 1
                result.last_anchor = anchor
                result.rows_since_last_anchor = 0
            previous, last_id = event.hash, event.id
    passed_anchors(float("inf"))
    return result
