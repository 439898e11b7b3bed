"""A practice closes or merges (docs/adr/0045-practice-closures-and-mergers.md).

One service closes practices, whether NHS practice data (gateway/imports/practices) or an
organisation admin by hand says so: the practice keeps its record with ``closed_on`` (never
deleted), and a closure alert goes to its commissioner while people on the scheme are at it or
registration referrals wait on it. The commissioner then moves each person through the SAS
service (letters through the outbox) and redirects each referral through the registration
service (history kept, referrer told); the alert resolves once nobody is left. A merger closes
the practice into a successor and moves everything that can move to it at once."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.accounts.services import practices as practice_writes
from gateway.registration.queries import open_referrals_to
from gateway.registration.services import redirects
from gateway.sas.queries import open_at, people_on_scheme_at
from gateway.sas.services import practice_moves

from .models import ClosureMove

MANAGE = "accounts.view_practice_closures"  # a commissioner, at the commissioner
CLOSE = "imports.import_practices"  # an organisation admin of the commissioner


def close_practices(actor, organisation, changes, *, detail):
    """Close practices: ``changes`` is {practice id: {"closed_on", "is_active"[, "merged_into"]}}.
    Audits each as a state change and raises a closure alert for each with people on the
    scheme or open referrals. In the caller's transaction. Returns (practices, alerts)."""
    closing = practice_writes.update_practices(
        actor, organisation, changes, detail=detail, state_change=True
    )
    ids = [p.pk for p in closing]
    people, referrals = people_on_scheme_at(ids), open_referrals_to(ids)
    alerts = practice_writes.raise_closure_alerts(
        actor,
        organisation,
        [(p, p.closed_on, people.get(p.pk, 0), referrals.get(p.pk, 0)) for p in closing],
        detail=detail,
    )
    return closing, alerts


def closing_values(closed_on):
    return {"closed_on": closed_on, "is_active": closed_on > timezone.localdate()}


def close_by_hand(actor, organisation, practice, *, closed_on, reason):
    """An organisation admin of the commissioner marks one of its practices as closing."""
    if not actor.has_perm(CLOSE, organisation):
        raise PermissionDenied("Only an organisation admin of a commissioner can do this")
    check_practice(organisation, practice)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the practice is closing"})
    with transaction.atomic():
        _closing, alerts = close_practices(
            actor,
            organisation,
            {practice.pk: closing_values(closed_on)},
            detail={"by_hand": True, "reason": reason[:300]},
        )
    return alerts[0] if alerts else None


def check_practice(organisation, practice):
    if practice.commissioner_id != organisation.pk or practice.kind != "gp_practice":
        raise PermissionDenied("Only the practice's commissioner can do this")
    if practice.closed_on is not None:
        raise ValidationError("This practice is already closed or closing")


def _why(closure):
    practice = closure.practice
    day = f"{closure.closed_on.day} {closure.closed_on:%B %Y}"
    if practice.merged_into_id:
        return f"{practice.name} joins {practice.merged_into.name} on {day}."
    return f"{practice.name} closes on {day}."


def _require_manager(actor, organisation, closure):
    if not actor.has_perm(MANAGE, organisation) or closure.commissioner_id != organisation.pk:
        raise PermissionDenied("Only the practice's commissioner can do this")


def move_person(actor, organisation, closure, episode, practice):
    """Move one person on the scheme from the closing practice (a letter to them and to the
    new practice through the outbox), and resolve the alert if nobody is left."""
    _require_manager(actor, organisation, closure)
    if episode.sas_practice_id != closure.practice_id:
        raise ValidationError("This person is not at the closing practice")
    with transaction.atomic():
        practice_moves.move_to_practice(
            actor, organisation, episode, practice, episode.version, reason=_why(closure)
        )
        ClosureMove.objects.create(
            closure=closure,
            kind=ClosureMove.Kind.PERSON,
            episode=episode,
            to_practice=practice,
            moved_by=actor,
        )
        resolve_if_done(actor, organisation, closure)
    return episode


def redirect_referrals(actor, organisation, closure, referrals, practice):
    """Redirect these open referrals from the closing practice to ``practice`` (each sent
    again, history kept, the referrer told), all or none; resolve the alert if nobody is
    left. Returns how many."""
    _require_manager(actor, organisation, closure)
    referrals = list(referrals)
    with transaction.atomic():
        for referral in referrals:
            if referral.practice_id != closure.practice_id:
                raise ValidationError("This referral is not to the closing practice")
            redirects.redirect(
                actor,
                organisation,
                referral,
                practice,
                reason=_why(closure),
                expected_version=referral.version,
            )
            ClosureMove.objects.create(
                closure=closure,
                kind=ClosureMove.Kind.REFERRAL,
                referral=referral,
                to_practice=practice,
                moved_by=actor,
            )
        resolve_if_done(actor, organisation, closure)
    return len(referrals)


def left_at(practice):
    """(open episodes, open referrals) still at the practice, whoever may see them."""
    return open_at([practice.pk]).count(), open_referrals_to([practice.pk]).get(practice.pk, 0)


def resolve_if_done(actor, organisation, closure):
    if closure.resolved_at is None and left_at(closure.practice) == (0, 0):
        practice_writes.resolve_closure(actor, organisation, closure)
    return closure
