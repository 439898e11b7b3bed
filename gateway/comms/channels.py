"""How a message leaves Gateway, in two steps (ADR 0046). ``call`` talks to the outside world
and touches no database row: it runs outside any transaction, so a slow or hanging Notify
holds no lock. ``record`` writes what the answer means (status, attempt row) and returns
None when done, or seconds to wait before trying again; gateway.comms.delivery runs it only
while the worker's claim on the message still stands."""

import io
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from notifications_python_client import NotificationsAPIClient
from notifications_python_client.errors import APIError

from .addresses import validate_postal_address
from .models import DeliveryAttempt, Message
from .outbox import NOTIFY_STATUSES

logger = logging.getLogger(__name__)
Outcome = DeliveryAttempt.Outcome
Status = Message.Status


def _attempt(message, channel, outcome, *, status_code=None, error=""):
    DeliveryAttempt.objects.create(
        message=message,
        channel=channel,
        outcome=outcome,
        status_code=status_code,
        error=error[:300],
    )


def _set_status(message, status, **fields):
    message.status = status
    message.status_changed_at = timezone.now()
    for name, value in fields.items():
        setattr(message, name, value)
    message.save(update_fields=["status", "status_changed_at", *fields])


def hold(message, channel, reason):
    _set_status(message, Status.HELD_IN_OUTBOX, hold_reason=reason[:300])
    _attempt(message, channel, Outcome.HELD, error=reason)


class LocalOutboxChannel:
    """No Notify key (the demo default): nothing leaves Gateway. Staff see the message in the
    outbox, print the letter or pass the words on themselves."""

    name = "local_outbox"
    REASON = (
        "GOV.UK Notify is not set up, so Gateway did not send this. Print and post the letter, "
        "or pass the message on yourself."
    )

    def call(self, message):
        return None

    def record(self, message, answer):
        hold(message, self.name, self.REASON)

    def deliver(self, message):
        return self.record(message, self.call(message))


def _error_summary(error):
    """Notify's error types only: its messages can quote what was sent (a phone number)."""
    try:
        body = error.response.json()
        kinds = sorted({item.get("error", "") for item in body.get("errors", []) if item})
        return ", ".join(k for k in kinds if k) or "Notify refused the request"
    except (AttributeError, TypeError, ValueError):
        return "No answer from Notify" if error.status_code == 503 else "Notify error"


def retry_delay(attempts):
    """Exponential backoff: 30 s, 1 min, 2 min, 4 min… capped at an hour."""
    return min(settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), 3600)


class NotifyChannel:
    name = "notify"

    def __init__(self):
        self.client = NotificationsAPIClient(
            settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=20
        )

    def already_sent(self, message):
        """The notification Notify holds for this reference, if an earlier try reached it."""
        found = self.client.get_all_notifications(reference=message.reference)
        notifications = found.get("notifications") or []
        return notifications[0] if notifications else None

    def _send(self, message):
        reference = message.reference
        if message.kind == Message.Kind.LETTER:
            validate_postal_address(message.address_lines)
            pdf = io.BytesIO(bytes(message.pdf))
            return self.client.send_precompiled_letter_notification(reference, pdf)
        if message.kind == Message.Kind.TEXT:
            return self.client.send_sms_notification(
                message.phone_number,
                settings.NOTIFY_TEMPLATE_TEXT,
                personalisation={"body": message.body_text},
                reference=reference,
            )
        if message.kind == Message.Kind.EMAIL:
            return self.client.send_email_notification(
                message.email_address,
                settings.NOTIFY_TEMPLATE_EMAIL,
                personalisation={"subject": message.subject, "body": message.body_text},
                reference=reference,
            )
        raise ValidationError("Notify cannot hand things over in person.", code="in_person")

    def _accepted(self, message, notification, outcome, status_code=None):
        status = NOTIFY_STATUSES.get(notification.get("status") or "sending", Status.SENDING)
        _set_status(message, status, notify_id=notification["id"], sent_at=timezone.now())
        _attempt(message, self.name, outcome, status_code=status_code)

    def call(self, message):
        """Talk to Notify (no database access). Returns what happened as (kind, detail)."""
        if message.kind == Message.Kind.LETTER and not message.pdf:
            return ("not_ready", None)
        try:
            if message.attempts > 1:
                existing = self.already_sent(message)
                if existing:
                    return ("already_sent", existing)
            return ("accepted", self._send(message))
        except ValidationError as error:
            return ("invalid", error.messages[0])
        except APIError as error:
            return ("api_error", (error.status_code, _error_summary(error)))

    def record(self, message, answer):
        kind, detail = answer
        if kind == "not_ready":
            return self._retry_or_fail(message, None, "The letter PDF is not ready yet")
        if kind == "already_sent":
            self._accepted(message, detail, Outcome.ALREADY_SENT)
            return None
        if kind == "invalid":
            hold(message, self.name, detail)
            return None
        if kind == "api_error":
            code, summary = detail
            if code == 429 or code >= 500:
                return self._retry_or_fail(message, code, summary)
            _set_status(message, Status.PERMANENT_FAILURE)
            _attempt(message, self.name, Outcome.FAILED, status_code=code, error=summary)
            logger.warning("Notify refused message %s with %s", message.public_id, code)
            return None
        self._accepted(message, detail, Outcome.ACCEPTED, status_code=201)
        return None

    def deliver(self, message):
        return self.record(message, self.call(message))

    def _retry_or_fail(self, message, code, error):
        if message.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
            _set_status(message, Status.TECHNICAL_FAILURE)
            _attempt(
                message,
                self.name,
                Outcome.FAILED,
                status_code=code,
                error=f"{error}; gave up after {message.attempts} tries",
            )
            return None
        _attempt(message, self.name, Outcome.RETRY, status_code=code, error=error)
        return retry_delay(message.attempts)

    def notification_status(self, notify_id):
        return self.client.get_notification_by_id(notify_id).get("status", "")


def get_channel():
    return NotifyChannel() if settings.NOTIFY_API_KEY else LocalOutboxChannel()
