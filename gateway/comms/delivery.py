"""One try at sending a message through the channel, safe to run twice or to be killed half
way: the message is claimed (attempts + 1, committed) before the channel is called, and
checked again under the lock. The sending task and routing by contact plan both use it."""

from django.db import transaction

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


def _claim(message_id):
    with transaction.atomic():
        message = Message.objects.select_for_update().defer("pdf").get(pk=message_id)
        if message.status != Message.Status.QUEUED or message.notify_id:
            return False
        message.attempts += 1
        message.save(update_fields=["attempts"])
    return True


def deliver(message_id):
    """One try at sending. Returns seconds to wait before the next try, or None."""
    ensure_pdf(message_id)
    if not _claim(message_id):
        return None
    channel = get_channel()
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        # Checked again under the lock: another worker may have sent it meanwhile.
        if message.status != Message.Status.QUEUED or message.notify_id:
            return None
        return channel.deliver(message)
