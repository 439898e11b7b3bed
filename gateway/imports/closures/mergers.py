"""Practice A merges into successor B (docs/adr/0045-practice-closures-and-mergers.md): A closes
on the merger day with ``merged_into`` B and is never deleted; its records still name it,
"merged into B on <date>". Everything that can move goes to B at once, each move audited and
with its history kept: people on the scheme (when B is an SAS practice; through the SAS
service, so each gets a letter), open registration referrals (through the registration
service, so each referrer is told), and every other active relationship a person has with A.
A move that is refused (a person's consent ended, a letter that cannot be written) is left on
the closure's list for the commissioner. Staff accounts are not moved: they are listed."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.accounts.models import PracticeClosure
from gateway.audit import services as audit
from gateway.patients.models import PatientRelationship
from gateway.registration.queries import open_referrals_at
from gateway.sas.queries import on_scheme_at
from gateway.sas.services import practice_moves

from . import services
from .models import ClosureMove


@dataclass
class Merger:
    practice: object
    successor: object
    closure: object = None
    people_moved: int = 0
    referrals_redirected: int = 0
    relationships_moved: int = 0
    refused: list = field(default_factory=list)


def _check_successor(organisation, practice, successor):
    if (
        successor is None
        or successor.pk == practice.pk
        or successor.commissioner_id != organisation.pk
        or successor.kind != "gp_practice"
        or successor.closed_on is not None
        or not successor.is_active
    ):
        raise ValidationError({"successor": "Choose one of your practices that is not closing"})


def merge(actor, organisation, practice, successor, *, merged_on, reason):
    """Merge ``practice`` into ``successor`` on ``merged_on``. Returns a Merger."""
    if not actor.has_perm(services.MANAGE, organisation):
        raise PermissionDenied("Only a commissioner of the practices can record a merger")
    services.check_practice(organisation, practice)
    _check_successor(organisation, practice, successor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the practices are merging"})
    result = Merger(practice, successor)
    with transaction.atomic():
        services.close_practices(
            actor,
            organisation,
            {
                practice.pk: {
                    **services.closing_values(merged_on),
                    "merged_into": successor.pk,
                }
            },
            detail={"by_hand": True, "merged_into": str(successor.public_id), "reason": reason},
        )
        practice.refresh_from_db()
        closure = PracticeClosure.objects.filter(
            practice=practice, resolved_at__isnull=True
        ).first()
        result.closure = closure
        why = f"{practice.name} joins {successor.name}."
        if closure is not None:
            _move_people(actor, organisation, closure, successor, why, result)
            _redirect_referrals(actor, organisation, closure, successor, why, result)
        _move_relationships(actor, organisation, practice, successor, result)
        if closure is not None:
            services.resolve_if_done(actor, organisation, closure)
    return result


def _move_people(actor, organisation, closure, successor, why, result):
    if not successor.is_sas_practice:
        return
    for episode in on_scheme_at(actor, organisation, closure.practice):
        try:
            with transaction.atomic():
                practice_moves.move_to_practice(
                    actor, organisation, episode, successor, episode.version, reason=why
                )
                ClosureMove.objects.create(
                    closure=closure,
                    kind=ClosureMove.Kind.PERSON,
                    episode=episode,
                    to_practice=successor,
                    moved_by=actor,
                )
        except ValidationError as refusal:
            result.refused.append(" ".join(refusal.messages))
        else:
            result.people_moved += 1


def _redirect_referrals(actor, organisation, closure, successor, why, result):
    from gateway.registration.services import redirects

    for referral in open_referrals_at(actor, organisation, closure.practice):
        try:
            with transaction.atomic():
                redirects.redirect(
                    actor,
                    organisation,
                    referral,
                    successor,
                    reason=why,
                    expected_version=referral.version,
                )
                ClosureMove.objects.create(
                    closure=closure,
                    kind=ClosureMove.Kind.REFERRAL,
                    referral=referral,
                    to_practice=successor,
                    moved_by=actor,
                )
        except ValidationError as refusal:
            result.refused.append(" ".join(refusal.messages))
        else:
            result.referrals_redirected += 1


def _move_relationships(actor, organisation, practice, successor, result):
    """Every other active relationship with the closing practice ends (kept, with the day it
    ended) and the successor takes one of the same kind, so the people registered there are
    the successor's. Each person's move is audited."""
    now = timezone.now()
    moving = list(
        PatientRelationship.objects.filter(organisation=practice, is_active=True).order_by("pk")
    )
    for relationship in moving:
        PatientRelationship.objects.filter(pk=relationship.pk).update(is_active=False, ended_at=now)
        new, _ = PatientRelationship.objects.get_or_create(
            patient_id=relationship.patient_id,
            organisation=successor,
            kind=relationship.kind,
            is_active=True,
            defaults={
                "reason": f"Moved from {practice.name} when it merged into {successor.name}"[:200],
                "expires_on": relationship.expires_on,
                "consent_id": relationship.consent_id,
            },
        )
        audit.record(
            audit.Action.UPDATE,
            actor=actor,
            organisation=organisation,
            object_type="patients.PatientRelationship",
            object_id=str(relationship.pk),
            patient=relationship.patient_id,
            changed_fields=["organisation"],
            detail={
                "from": str(practice.public_id),
                "to": str(successor.public_id),
                "kind": relationship.kind,
                "merger": True,
            },
        )
        result.relationships_moved += 1
