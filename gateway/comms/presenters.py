"""Display logic for routed messages: what was tried, route by route, in plain words."""

from .models import DeliveryAttempt
from .routing import route_label

Outcome = DeliveryAttempt.Outcome


def _last_error(attempts):
    for attempt in reversed(attempts):
        if attempt.error:
            return attempt.error
    return ""


def what_was_tried(message, notes, tries):
    """One line per route: which route, what happened, and why it did not work."""
    lines = []
    for note in notes:
        if note.outcome == Outcome.SKIPPED:
            lines.append(
                {"route": route_label(note.route_kind), "result": "Not used", "why": note.error}
            )
    for tried in tries:
        steps = getattr(tried, "steps", None)
        if steps is None:
            steps = list(tried.attempts_made.all())
        lines.append(
            {
                "route": route_label(tried.route_kind),
                "result": tried.get_status_display(),
                "why": tried.hold_reason or _last_error(steps),
                "try": tried,
            }
        )
    return lines


def recipient_name(message):
    if message.recipient_organisation_id:
        return message.recipient_organisation.name
    if message.patient_id:
        return message.patient.display_name
    return (message.address_lines or ["Unknown"])[0]
