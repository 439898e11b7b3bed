"""Reads of an organisation's staff for its organisation admins. Scoped to the admin's
current organisation and failing closed: someone who is not a member of it is not found."""

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from .models import Invitation, Membership, MfaResetRequest, Organisation, PracticeClosure, User


def members(organisation):
    """Everyone who is or was a member of the organisation, in name order."""
    return (
        User.objects.filter(memberships__organisation=organisation, is_system_account=False)
        .distinct()
        .order_by("full_name", "pk")
    )


def active_members(organisation):
    """Everyone whose membership of the organisation is in force now: one membership row must
    be both this organisation's and active (two filters would join twice and count someone
    who left it but is active somewhere else)."""
    return User.objects.filter(
        memberships__organisation=organisation,
        memberships__is_active=True,
        is_system_account=False,
    ).distinct()


def get_member(organisation, public_id):
    """The member of staff, or 404: someone at another organisation looks like no one."""
    member = members(organisation).filter(public_id=public_id).first()
    if member is None:
        raise Http404("No member of staff matches the given query.")
    return member


def roles_of(organisation, users):
    """{user id: [active roles here]} for a page of users, in one query."""
    found = {}
    for user_id, role in Membership.objects.filter(
        organisation=organisation, user__in=users, is_active=True
    ).values_list("user_id", "role"):
        found.setdefault(user_id, []).append(role)
    return found


def waiting_invitations(organisation, users):
    """Ids of the users whose invitation link has not been used yet and still works."""
    return set(
        Invitation.objects.filter(
            organisation=organisation,
            user__in=users,
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).values_list("user_id", flat=True)
    )


def open_mfa_resets(organisation):
    """Requests to reset an authenticator app waiting for a second admin, oldest first."""
    return (
        MfaResetRequest.objects.filter(
            organisation=organisation, confirmed_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("user", "requested_by")
        .order_by("created_at", "pk")
    )


def get_mfa_reset(organisation, public_id):
    request = (
        MfaResetRequest.objects.filter(organisation=organisation, public_id=public_id)
        .select_related("user", "requested_by", "confirmed_by")
        .first()
    )
    if request is None:
        raise Http404("No request matches the given query.")
    return request


def open_mfa_reset_for(organisation, user):
    return open_mfa_resets(organisation).filter(user=user).first()


def confirmable_mfa_resets(organisation, admin):
    """Requests this admin may confirm: not their own, not about themselves."""
    return open_mfa_resets(organisation).exclude(Q(requested_by=admin) | Q(user=admin))


def organisations(kind=""):
    """Every organisation with its commissioner, in name order; only one kind when given."""
    found = Organisation.objects.select_related("commissioner").order_by("name", "pk")
    return found.filter(kind=kind) if kind else found


def get_organisation(public_id):
    organisation = Organisation.objects.filter(public_id=public_id).first()
    if organisation is None:
        raise Http404("No organisation matches the given query.")
    return organisation


def open_practice_closures(commissioner):
    """Alerts of the commissioner's practices that closed (or gave a close date) with people
    on the scheme or open registration referrals, soonest close date first."""
    return (
        PracticeClosure.objects.filter(commissioner=commissioner, resolved_at__isnull=True)
        .select_related("practice")
        .order_by("closed_on", "pk")
    )
