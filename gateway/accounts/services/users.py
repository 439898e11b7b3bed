"""Every write an organisation admin makes about their organisation's staff: inviting someone
(with a role; they set their password from a one-time link and their authenticator app when
they first sign in), changing roles, deactivating, and resetting an authenticator app, which
needs a second admin of the same organisation to confirm. Each checks the acting admin's
permission in their current organisation (fail closed), writes, and audits, in one
transaction."""

import datetime
import hashlib
import secrets

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from gateway.audit import services as audit
from gateway.core.models import STALE
from gateway.core.permissions import require

from .. import holdings
from ..models import Invitation, Membership, MfaResetRequest, Role, User
from ..rules import (
    INVITATION_DAYS,
    MFA_RESET_REQUEST_HOURS,
    roles_fingerprint,
    roles_for_organisation,
)

MANAGE_USERS = "accounts.manage_users"
OWN_ADMIN_ROLE = (
    "You cannot remove your own organisation admin role. Ask another admin of your "
    "organisation to do it"
)


def holds_work_message(user, organisation):
    return (
        f"{user.display_name} still holds open work for {organisation.name}. Hand it on to "
        "colleagues first, so nothing is left without an owner"
    )


def _require_member(organisation, user):
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise PermissionDenied


def _is_active_member(organisation, user):
    return Membership.objects.filter(user=user, organisation=organisation, is_active=True).exists()


def _hash(raw_token):
    return hashlib.sha256(raw_token.encode()).hexdigest()


def _check_roles(organisation, roles):
    offered = set(roles_for_organisation(organisation))
    if not roles:
        raise ValidationError({"roles": "Select at least one role"})
    if not set(roles) <= offered:
        raise ValidationError({"roles": "Select roles from the list"})


def _issue_invitation(actor, organisation, user):
    raw = secrets.token_urlsafe(32)
    Invitation.objects.filter(user=user, used_at__isnull=True).update(expires_at=timezone.now())
    Invitation.objects.create(
        user=user,
        organisation=organisation,
        invited_by=actor,
        token_hash=_hash(raw),
        expires_at=timezone.now() + datetime.timedelta(days=INVITATION_DAYS),
    )
    return raw


def invite_user(actor, organisation, *, full_name, email, role):
    """Add someone to the organisation with a role. Returns (user, link token): the token is
    None when they already have a Gateway account with a password (they sign in as they do
    now and find the organisation under "change"); otherwise it is the one-time token for
    the link where they set their password. Only its hash is kept."""
    require(actor, MANAGE_USERS, organisation)
    _check_roles(organisation, [role])
    email = email.strip()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).order_by("pk").first()
        if user is not None and user.is_system_account:
            raise ValidationError({"email": "This email address belongs to a system account"})
        if user is not None and _is_active_member(organisation, user):
            raise ValidationError(
                {
                    "email": f"{user.display_name} already works for your organisation. "
                    "Change their roles instead"
                }
            )
        created = user is None
        if created:
            user = User(username=email, email=email, full_name=full_name.strip())
            user.set_unusable_password()
            user.save()
        elif not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
        membership, _ = Membership.objects.get_or_create(
            user=user, organisation=organisation, role=role
        )
        if not membership.is_active:
            membership.is_active = True
            membership.save(update_fields=["is_active", "updated_at"])
        token = None if user.has_usable_password() else _issue_invitation(actor, organisation, user)
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=user,
            changed_fields=["roles"],
            detail={"change": "invited", "role": role, "new_account": created},
        )
    return user, token


def find_invitation(raw_token):
    """The invitation this link is for, while it works (unused and not expired), or None."""
    if not raw_token:
        return None
    return (
        Invitation.objects.filter(
            token_hash=_hash(raw_token), used_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("user", "organisation")
        .first()
    )


def accept_invitation(raw_token, password):
    """Set the invited person's password from their link; the link then stops working.
    Raises ValidationError with plain messages when the link no longer works or the password
    is too weak."""
    with transaction.atomic():
        invitation = find_invitation(raw_token)
        if invitation is None:
            raise ValidationError(
                "This link no longer works. Ask your organisation admin for a new one"
            )
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        user = invitation.user
        password_validation.validate_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at", "updated_at"])
        audit.record(
            audit.Action.UPDATE,
            actor=user,
            organisation=invitation.organisation,
            obj=user,
            changed_fields=["password"],
            detail={"change": "password set from invitation"},
        )
    return user


def change_roles(actor, organisation, user, roles, *, read_at=None):
    """Give the person exactly these roles at the organisation. Nobody removes their own
    organisation admin role (an organisation must not lose its last admin by accident).
    ``read_at`` is the rules.roles_fingerprint of the roles the page showed: when someone has
    changed them since, the save is refused with STALE and nothing is written (ADR 0046)."""
    require(actor, MANAGE_USERS, organisation)
    _require_member(organisation, user)
    _check_roles(organisation, roles)
    if not _is_active_member(organisation, user):
        raise ValidationError(
            {
                "roles": f"{user.display_name} no longer works for your organisation. "
                "Invite them again to give them access"
            }
        )
    if user.pk == actor.pk and Role.ORGANISATION_ADMIN not in roles:
        raise ValidationError({"roles": OWN_ADMIN_ROLE})
    # Nothing open is left with someone whose role no longer lets them hold it (ADR 0039).
    stranded = holdings.kinds_needing(user, organisation, roles)
    if stranded:
        raise ValidationError(
            {
                "roles": f"{user.display_name} still holds "
                f"{', '.join(h.label.lower() for h in stranded)}, which their new roles do not "
                "allow. Hand that work on to colleagues first",
            },
            code="holds_work",
        )
    with transaction.atomic():
        # Two saves at once take turns on the person's rows here, and the second then reads
        # the roles the first wrote, so it cannot overwrite them unseen.
        list(
            Membership.objects.select_for_update()
            .filter(user=user, organisation=organisation)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        before = set(
            Membership.objects.filter(
                user=user, organisation=organisation, is_active=True
            ).values_list("role", flat=True)
        )
        if read_at is not None and roles_fingerprint(before) != read_at:
            raise ValidationError(STALE, code="stale")
        wanted = set(roles)
        for role in wanted - before:
            membership, _ = Membership.objects.get_or_create(
                user=user, organisation=organisation, role=role
            )
            if not membership.is_active:
                membership.is_active = True
                membership.save(update_fields=["is_active", "updated_at"])
        Membership.objects.filter(
            user=user, organisation=organisation, role__in=before - wanted
        ).update(is_active=False, updated_at=timezone.now())
        if wanted != before:
            audit.record(
                audit.Action.UPDATE,
                actor=actor,
                organisation=organisation,
                obj=user,
                changed_fields=["roles"],
                detail={"added": sorted(wanted - before), "removed": sorted(before - wanted)},
            )
    return sorted(wanted - before), sorted(before - wanted)


def deactivate_member(actor, organisation, user):
    """Stop the person working for this organisation: every role here ends at once (their
    next request no longer finds it). Someone who works for no other organisation is
    disabled altogether, their sessions end and any API tokens are revoked."""
    require(actor, MANAGE_USERS, organisation)
    _require_member(organisation, user)
    if user.pk == actor.pk:
        raise ValidationError(
            "You cannot deactivate yourself. Ask another admin of your organisation"
        )
    # Nothing open is left without an owner (ADR 0039): refused until it is handed on.
    if holdings.holds_anything(user, organisation):
        raise ValidationError(holds_work_message(user, organisation), code="holds_work")
    with transaction.atomic():
        ended = Membership.objects.filter(
            user=user, organisation=organisation, is_active=True
        ).update(is_active=False, updated_at=timezone.now())
        elsewhere = Membership.objects.filter(user=user, is_active=True).exists()
        changed = ["roles"]
        if not elsewhere and user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
            user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
            changed.append("is_active")
        Invitation.objects.filter(
            user=user, organisation=organisation, used_at__isnull=True
        ).update(expires_at=timezone.now())
        audit.record(
            audit.Action.STATE_CHANGE,
            actor=actor,
            organisation=organisation,
            obj=user,
            changed_fields=changed,
            detail={"change": "deactivated", "roles_ended": ended, "works_elsewhere": elsewhere},
        )
    return user


def request_mfa_reset(actor, organisation, user, reason):
    """The first of the two people an authenticator reset needs: says why. Nothing changes
    until another admin of the organisation confirms."""
    require(actor, MANAGE_USERS, organisation)
    _require_member(organisation, user)
    if not _is_active_member(organisation, user):
        raise ValidationError(f"{user.display_name} no longer works for your organisation")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why their authenticator app needs resetting"})
    with transaction.atomic():
        waiting = MfaResetRequest.objects.filter(
            user=user,
            organisation=organisation,
            confirmed_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).exists()
        if waiting:
            raise ValidationError(
                "Someone has already asked for this reset. Another admin of your "
                "organisation needs to confirm it"
            )
        reset = MfaResetRequest.objects.create(
            user=user,
            organisation=organisation,
            requested_by=actor,
            reason=reason,
            expires_at=timezone.now() + datetime.timedelta(hours=MFA_RESET_REQUEST_HOURS),
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=reset,
            detail={"for": str(user.public_id), "step": "asked"},
        )
    return reset


def confirm_mfa_reset(actor, organisation, reset):
    """The second person: another admin of the same organisation, never the one who asked
    nor the person whose app it is, before the request expires. Their authenticator app is
    removed; at their next sign-in, after their password, they set up a new one."""
    require(actor, MANAGE_USERS, organisation)
    if reset.organisation_id != organisation.pk:
        raise PermissionDenied
    if actor.pk == reset.requested_by_id:
        raise ValidationError(
            "You asked for this reset, so another admin of your organisation must confirm it"
        )
    if actor.pk == reset.user_id:
        raise ValidationError(
            "Another admin of your organisation must confirm a reset of your own app"
        )
    with transaction.atomic():
        reset = MfaResetRequest.objects.select_for_update().get(pk=reset.pk)
        if reset.confirmed_at is not None:
            raise ValidationError("This reset has already been confirmed")
        if reset.expires_at <= timezone.now():
            raise ValidationError("This request has expired. Ask for the reset again")
        if not _is_active_member(organisation, reset.user):
            raise ValidationError(
                f"{reset.user.display_name} no longer works for your organisation"
            )
        removed, _ = TOTPDevice.objects.filter(user=reset.user).delete()
        reset.confirmed_by = actor
        reset.confirmed_at = timezone.now()
        reset.save(update_fields=["confirmed_by", "confirmed_at", "updated_at"])
        audit.record(
            audit.Action.MFA,
            actor=actor,
            organisation=organisation,
            obj=reset.user,
            detail={
                "result": "reset",
                "asked_by": str(reset.requested_by.public_id),
                "devices_removed": removed,
            },
        )
    return reset
