"""Reads for a commissioner's closing practices, failing closed: another commissioner's
closure looks exactly like a missing one (404). Each list is one bounded query."""

from django.http import Http404

from gateway.accounts.models import Membership, Organisation, PracticeClosure
from gateway.registration.queries import open_referrals_at
from gateway.sas.queries import on_scheme_at

from .models import ClosureMove

__all__ = ["on_scheme_at", "open_referrals_at"]


def closures_of(organisation):
    return PracticeClosure.objects.filter(commissioner=organisation).select_related(
        "practice", "practice__merged_into", "resolved_by"
    )


def get_closure(organisation, public_id):
    found = closures_of(organisation).filter(public_id=public_id).first()
    if found is None:
        raise Http404("No closure matches the given query.")
    return found


def moves_of(closure, kind):
    return ClosureMove.objects.filter(closure=closure, kind=kind).select_related(
        "episode__patient", "referral__patient", "to_practice", "moved_by"
    )


def practices_of(organisation):
    """The commissioner's GP practices that are not closed or closing, by name."""
    return Organisation.objects.filter(
        kind=Organisation.Kind.GP_PRACTICE, commissioner=organisation, closed_on__isnull=True
    ).order_by("name")


def get_practice(organisation, public_id):
    found = (
        Organisation.objects.filter(
            kind=Organisation.Kind.GP_PRACTICE, commissioner=organisation, public_id=public_id
        )
        .select_related("merged_into")
        .first()
    )
    if found is None:
        raise Http404("No practice matches the given query.")
    return found


def staff_of(practice):
    """Active staff accounts at a practice, for the admin to move by hand after a merger."""
    return (
        Membership.objects.filter(organisation=practice, is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
