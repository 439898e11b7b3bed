"""A person's record made in error (gateway.patients.services.made_in_error, docs/adr/0041):
their open referrals to services are withdrawn (each referrer is told) and open actions are
cancelled, so they leave the owners' worklists."""

from django.db.models import F
from django.utils import timezone

from gateway.audit import services as audit
from gateway.patients.services.made_in_error import when_made_in_error

from ..models import Action
from .referrals import withdraw_open_referrals

BECAUSE = "The person's record was made in error"


@when_made_in_error
def withdraw_referrals(actor, organisation, patient, reason):
    return withdraw_open_referrals(actor, organisation, patient, timezone.localdate(), BECAUSE)


@when_made_in_error
def cancel_actions(actor, organisation, patient, reason):
    now = timezone.now()
    count = 0
    for action in Action.objects.filter(patient=patient, status=Action.Status.OPEN):
        Action.objects.filter(pk=action.pk).update(
            status=Action.Status.CANCELLED,
            outcome=f"Cancelled: {BECAUSE.lower()}",
            closed_at=now,
            closed_by=actor,
            version=F("version") + 1,
            updated_at=now,
        )
        audit.record(
            audit.Action.STATE_CHANGE,
            actor=actor,
            organisation=organisation,
            obj=action,
            patient=patient,
            changed_fields=["status", "outcome"],
            detail={"status": Action.Status.CANCELLED, "because": "made in error"},
        )
        count += 1
    return count
