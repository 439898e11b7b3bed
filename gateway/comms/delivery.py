"""One try at sending a message through the channel, safe to run twice or to be killed half
way, and holding no database lock while Notify is called (ADR 0046):

1. claim: one conditional UPDATE (still waiting, not sent, not claimed by a live worker)
   sets ``claimed_at`` and adds one to ``attempts``, committed at once;
2. call: the channel talks to Notify outside any transaction;
3. record: a second conditional UPDATE releases the claim only if it is still ours and the
   message is still waiting; only then is the answer written (status, attempt row).

A worker that dies during the call leaves the message waiting, claimed, with attempts > 1
for the next try: resume_outbox queues it again and the next try asks Notify about the
reference before sending (never a second letter). The sending task and routing by contact
plan both use it."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .channels import get_channel
from .models import Message
from .rendering import letter_pdf


def ensure_pdf(message_id):
    """Make the letter's PDF from its stored HTML, once (outside the sending lock: slow)."""
    row = (
        Message.objects.filter(pk=message_id, kind=Message.Kind.LETTER, pdf__isnull=True)
        .values_list("body_html", flat=True)
        .first()
    )
    if row:
        Message.objects.filter(pk=message_id, pdf__isnull=True).update(pdf=letter_pdf(row))


def _waiting(message_id):
    return Message.objects.filter(pk=message_id, status=Message.Status.QUEUED, notify_id="")


def claim(message_id):
    """Take the message for one try. Returns the claim (its time) or None if another worker
    holds it, or it is sent or finished. A claim older than NOTIFY_CLAIM_SECONDS belongs to a
    worker that died and may be taken over."""
    now = timezone.now()
    expired = now - timedelta(seconds=settings.NOTIFY_CLAIM_SECONDS)
    taken = (
        _waiting(message_id)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=expired))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    return now if taken else None


def release_claims(message_ids, older_than):
    """Let messages whose worker died (claimed before ``older_than``) be claimed again."""
    return (
        Message.objects.filter(Q(pk__in=message_ids) | Q(parent_id__in=message_ids))
        .filter(status=Message.Status.QUEUED, claimed_at__lt=older_than)
        .update(claimed_at=None)
    )


def deliver(message_id):
    """One try at sending. Returns seconds to wait before the next try, or None."""
    ensure_pdf(message_id)
    claimed_at = claim(message_id)
    if claimed_at is None:
        return None
    channel = get_channel()
    message = Message.objects.get(pk=message_id)
    answer = channel.call(message)  # outside any transaction: no lock held
    with transaction.atomic():
        if not _waiting(message_id).filter(claimed_at=claimed_at).update(claimed_at=None):
            # Our claim lapsed and another worker took the message over: its answer counts.
            return None
        message.claimed_at = None
        return channel.record(message, answer)
