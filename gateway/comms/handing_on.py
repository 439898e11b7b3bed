"""Handing on the letters a worker was named to hand over in person, when they leave or change
role (docs/adr/0039-a-worker-leaves-their-work-is-handed-on.md). Registered as a holding with
accounts (apps.py); the organisation admin's reassignment calls it inside its transaction."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from gateway.accounts import holdings
from gateway.accounts.models import Role
from gateway.audit import services as audit
from gateway.core.models import STALE

from .models import Message

# The roles that hand letters over (permissions.HANDS_OVER).
HANDS_OVER = frozenset({Role.SUPPORT_WORKER, Role.SAS_PRACTICE_STAFF, Role.PRACTICE_STAFF})


def handovers_held(user, organisation):
    return (
        Message.objects.filter(
            kind=Message.Kind.IN_PERSON,
            status=Message.Status.TO_HAND_OVER,
            handover_worker=user,
            handover_organisation=organisation,
        )
        .select_related("patient")
        .defer("pdf", "body_html", "body_text", "variants")
        .order_by("created_at", "pk")
    )


def describe_handover(message):
    written = timezone.localtime(message.created_at).strftime("%-d %B %Y")
    return f"A letter to hand over to {message.patient.display_name} (written {written})"


def hand_on_handover(actor, organisation, message, to_user):
    moved = Message.objects.filter(
        pk=message.pk, status=Message.Status.TO_HAND_OVER, handover_worker=message.handover_worker
    ).update(handover_worker=to_user, status_changed_at=timezone.now())
    if moved != 1:
        raise ValidationError(STALE, code="stale")
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        organisation=organisation,
        obj=message,
        patient=message.patient_id,
        changed_fields=["handover_worker"],
        detail={"change": "handed on", "to": str(to_user.public_id)},
    )


def register():
    holdings.register(
        holdings.Holding(
            name="handovers",
            label="Letters to hand over in person",
            roles=HANDS_OVER,
            held=handovers_held,
            describe=describe_handover,
            reassign=hand_on_handover,
            order=50,
            fingerprint=lambda message: message.status,
        )
    )
