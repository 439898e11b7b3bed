"""The commissioner's decision on a request to link an organisation to a person already on
Gateway whose record it cannot see (ADR 0035): link (the organisation gets a LINKED
relationship, the same access its creating the record would have given it) or decline with
a reason. One decision per request: the write is a conditional update on the request still
being open, so a second decision, from another tab or another commissioner, changes nothing
and is refused with AlreadyDecided. The decision, and the relationship it gives, are
audited in the same transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.audit import services as audit
from gateway.core.formats import date_time
from gateway.core.permissions import require

from ..models import LinkRequest, PatientRelationship
from ..queries import visible_patients
from ..queries.link_requests import DECIDE
from ..queries.scope import active_relationships

Outcome = LinkRequest.Outcome
LINKED_REASON = "Linked by the commissioner"


class AlreadyDecided(Exception):
    """The request was decided before this decision arrived; nothing was changed."""

    def __init__(self, link):
        decided = LinkRequest.objects.select_related("resolved_by").get(pk=link.pk)
        who = decided.resolved_by.full_name if decided.resolved_by else "someone"
        what = "linked" if decided.outcome == Outcome.LINKED else "declined"
        self.message = (
            f"{who} already {what} this request on {date_time(decided.resolved_at)}. "
            "Nothing has been changed."
        )
        super().__init__(self.message)


def _require_decider(actor, organisation, link):
    require(actor, DECIDE, organisation)
    if link.commissioner_id != organisation.pk:
        raise PermissionDenied


def _close(actor, link, outcome, reason=""):
    """Mark the request decided if it is still open; AlreadyDecided otherwise."""
    changed = LinkRequest.objects.filter(pk=link.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(),
        resolved_by=actor,
        outcome=outcome,
        reason=reason,
        updated_at=timezone.now(),
    )
    if not changed:
        raise AlreadyDecided(link)
    link.refresh_from_db()


def link(actor, organisation, link_request):
    """Give the asking organisation the person's record. Only a commissioner who can see the
    person may link them (one who cannot may only decline)."""
    _require_decider(actor, organisation, link_request)
    patient = link_request.patient
    if not visible_patients(actor, organisation).filter(pk=patient.pk).exists():
        raise ValidationError(
            "You cannot see this person's record, so you cannot link it. You can decline."
        )
    with transaction.atomic():
        _close(actor, link_request, Outcome.LINKED)
        asking = link_request.organisation
        relationship = None
        if not active_relationships(asking).filter(patient=patient).exists():
            relationship = PatientRelationship.objects.create(
                patient=patient,
                organisation=asking,
                kind=PatientRelationship.Kind.LINKED,
                reason=LINKED_REASON,
            )
        audit.record(
            audit.Action.STATE_CHANGE,
            actor=actor,
            organisation=organisation,
            obj=link_request,
            patient=patient,
            changed_fields=["resolved_at", "resolved_by", "outcome"],
            detail={
                "outcome": Outcome.LINKED.value,
                "linked_organisation": asking.pk,
                "relationship": PatientRelationship.Kind.LINKED.value if relationship else "",
            },
        )
    return link_request


def decline(actor, organisation, link_request, reason):
    """Keep the person hidden from the asking organisation, saying why (it is shown the
    reason)."""
    _require_decider(actor, organisation, link_request)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why you are declining, so they can be told"})
    with transaction.atomic():
        _close(actor, link_request, Outcome.DECLINED, reason)
        audit.record(
            audit.Action.STATE_CHANGE,
            actor=actor,
            organisation=organisation,
            obj=link_request,
            patient=link_request.patient,
            changed_fields=["resolved_at", "resolved_by", "outcome", "reason"],
            detail={"outcome": Outcome.DECLINED.value},
        )
    return link_request
