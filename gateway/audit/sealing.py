"""Sealing the audit trail (ADR 0047): chaining rows after they are written, off the request
path.

Requests only INSERT audit rows (gateway.audit.services.record), with no lock and no read of
the chain, so no request waits for another to commit. The sealer takes the chain's lock,
reads the sealed head and seals the committed rows that have no seal yet, oldest id first,
a batch at a time: one AuditSeal per row, its keyed hash over the row's content and the
previous seal's hash (gateway.audit.chain). The chain runs in seal order (``position``), not
id order: a row whose transaction commits after a higher id's is simply sealed in a later
batch.

It runs every AUDIT_SEAL_EVERY_SECONDS (`manage.py audit_seal`, from run_schedule), before an
anchor is written and at the start of `audit_verify`. Until a row is sealed the chain does
not protect it (hazard H59): `audit_verify` reports rows left unsealed longer than
AUDIT_UNSEALED_LIMIT_MINUTES, since that means the sealer has stopped."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import chain
from .models import AuditEvent, AuditSeal

# The regular run looks for unsealed rows only among the newest ids (above the sealed head's
# row id less this many), so its cost does not grow with the trail. A transaction that
# commits later than that many newer rows is sealed by the full sweep `audit_verify` makes.
LATE_COMMIT_WINDOW = 100_000


def sealed_head():
    """The newest seal as ``{"position", "event_id", "hash"}``, or None before the first."""
    return AuditSeal.objects.order_by("-position").values("position", "event_id", "hash").first()


def _seal_batch(batch_size, everything):
    with transaction.atomic():
        chain.lock_chain()
        head = sealed_head()
        position, previous = (head["position"], head["hash"]) if head else (0, chain.GENESIS_HASH)
        unsealed = AuditEvent.objects.filter(seal__isnull=True)
        if head and not everything:
            unsealed = unsealed.filter(id__gt=head["event_id"] - LATE_COMMIT_WINDOW)
        events = list(unsealed.order_by("id")[:batch_size])
        if not events:
            return 0
        key_id, key = chain.current_key()
        seals = []
        for event in events:
            position += 1
            digest = chain.keyed_hash(event, previous, key_id, key)
            seals.append(
                AuditSeal(
                    position=position,
                    event_id=event.id,
                    previous_hash=previous,
                    hash=digest,
                    key_id=key_id,
                )
            )
            previous = digest
        AuditSeal.objects.bulk_create(seals)
    return len(seals)


def seal_pending(batch_size=2000, *, everything=False):
    """Seal every committed row that has no seal yet, in batches (each its own short
    transaction under the chain's lock). ``everything`` looks at the whole trail rather than
    the newest ids only. Returns how many rows were sealed."""
    sealed = 0
    while True:
        count = _seal_batch(batch_size, everything)
        sealed += count
        if count < batch_size:
            return sealed


def unsealed_longer_than_limit(now=None):
    """Rows written more than AUDIT_UNSEALED_LIMIT_MINUTES ago that have no seal: the
    queryset, oldest first."""
    limit = datetime.timedelta(minutes=settings.AUDIT_UNSEALED_LIMIT_MINUTES)
    cutoff = (now or timezone.now()) - limit
    return AuditEvent.objects.filter(seal__isnull=True, occurred_at__lt=cutoff).order_by("id")
