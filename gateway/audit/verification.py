"""Checking the audit trail (`manage.py audit_verify`, ADR 0034 and 0047): every seal
against its row and the keyed chain, and the seals against every anchor written outside the
database.

What each check finds:
- rows left unsealed longer than AUDIT_UNSEALED_LIMIT_MINUTES when the check began: the
  sealer has stopped, and until sealed those rows were not protected by the chain;
- a row changed in place: its seal's HMAC no longer matches (at that row);
- a row removed: its seal is still there and names a row that is gone;
- a row removed with its seal: the next seal's link does not match (at the row after it);
- seals removed and the chain recomputed without the key, with plain SHA-256 or another key:
  the first recomputed seal does not match, or carries no key id;
- the newest rows and seals removed: the seals left still link up, but the seal an anchor
  names is gone, or the count of seals up to it differs;
- an anchor altered or forged: its signature does not match.
"""

from dataclasses import dataclass, field

from django.conf import settings

from .anchors import read_anchors
from .chain import GENESIS_HASH, row_problem
from .models import AuditEvent, AuditSeal
from .sealing import seal_pending, unsealed_longer_than_limit

BROKEN = "Audit trail broken at row ID {id}: {reason}"
INCIDENT = " Treat this as a security incident and compare the trail with the latest backup."
GONE = "it was sealed (seal {position}) but the row is gone: it was removed after it was written."
UNSEALED = (
    "{count} audit rows had been waiting more than {minutes} minutes for their seal when the "
    "check began (the oldest, row ID {id}, written {at}): the sealer (`manage.py audit_seal`, "
    "run by run_schedule) has stopped or is failing, and until sealed those rows were not "
    "protected by the chain. They are sealed now; restart the sealer and find out why it "
    "stopped."
)


@dataclass
class Verification:
    checked: int = 0
    problems: list = field(default_factory=list)
    broken_id: int | None = None  # the first row whose seal does not match, or that is gone
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


def _unsealed_problem():
    stale = unsealed_longer_than_limit()
    oldest = stale.values("id", "occurred_at").first()
    if oldest is None:
        return None
    return UNSEALED.format(
        count=stale.count(),
        minutes=settings.AUDIT_UNSEALED_LIMIT_MINUTES,
        id=oldest["id"],
        at=oldest["occurred_at"].isoformat(timespec="seconds"),
    )


class _Walk:
    """The state of one walk along the seals: anchors are checked as it reaches them."""

    def __init__(self, result, anchors):
        self.result = result
        self.pending = list(anchors)  # by how many seals they cover
        self.by_row = {}
        for anchor in anchors:
            self.by_row.setdefault(anchor["last_id"], []).append(anchor)
        self.met = set()  # ids of the anchors whose seal the walk has met
        self.walked = 0  # seals walked, whether or not their row is still there

    def passed_anchors(self, up_to_count):
        # Anchors covering fewer seals than walked whose seal the walk never met: it is gone.
        while self.pending and self.pending[0]["count"] < up_to_count:
            anchor = self.pending.pop(0)
            if id(anchor) in self.met:
                continue
            self.result.problems.append(
                _anchor_problem(
                    anchor,
                    "that row is missing. Rows at or before the anchor were removed after it "
                    "was written (for example, the newest rows were deleted)." + INCIDENT,
                )
            )

    def reach(self, seal):
        self.walked += 1
        self.result.rows_since_last_anchor += 1
        for anchor in self.by_row.pop(seal.event_id, []):
            self.met.add(id(anchor))
            if anchor["hash"] != seal.hash:
                what = "that row's hash is not the one anchored. The trail was rewritten after "
                self.result.problems.append(_anchor_problem(anchor, what + "it." + INCIDENT))
            elif anchor["count"] != self.walked:
                what = (
                    f"the trail now has {self.walked} rows up to that row. Rows were removed or "
                    "slipped in before it."
                )
                self.result.problems.append(_anchor_problem(anchor, what + INCIDENT))
            else:
                self.result.anchors_matched += 1
            self.result.last_anchor = anchor
            self.result.rows_since_last_anchor = 0
        self.passed_anchors(self.walked)


def verify_trail(batch_size=2000, anchor_store=None):
    """Seal what is waiting, then walk every seal in chain order, in batches (memory stays
    flat however long the trail), checking each against its row and the seal before it,
    and each anchor as the walk reaches the seal it names. Stops at the first broken link:
    what follows it cannot be trusted to say more."""
    unsealed = _unsealed_problem()
    seal_pending(batch_size, everything=True)
    stored = read_anchors(anchor_store)
    result = Verification(problems=list(stored.problems))
    if unsealed:
        result.problems.append(unsealed)
    walk = _Walk(result, stored.anchors)
    previous, last_position = GENESIS_HASH, 0

    while True:
        seals = list(AuditSeal.objects.filter(position__gt=last_position)[:batch_size])
        if not seals:
            break
        events = AuditEvent.objects.in_bulk([seal.event_id for seal in seals])
        for seal in seals:
            event = events.get(seal.event_id)
            if event is None:
                reason = GONE.format(position=seal.position)
            else:
                reason = row_problem(event, seal, previous)
            if reason:
                result.broken_id = result.broken_id or seal.event_id
                result.problems.append(BROKEN.format(id=seal.event_id, reason=reason) + INCIDENT)
            if reason and event is not None:
                return result
            if event is not None:
                result.checked += 1
            walk.reach(seal)
            previous, last_position = seal.hash, seal.position
    walk.passed_anchors(float("inf"))
    return result
