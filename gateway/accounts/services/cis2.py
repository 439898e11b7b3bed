"""Staff sign-in with NHS Care Identity (CIS2), after the OpenID Connect exchange has checked
the tokens (gateway.accounts.cis2): who the person is in Gateway, which organisations and roles
their CIS2 roles give them, and the signed-in session
(docs/adr/0037-staff-sign-in-with-nhs-care-identity.md)."""

import time

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.db import transaction

from gateway.audit import services as audit

from .. import rules
from ..models import Cis2Device, Cis2Identity, Membership, Organisation
from ..sessions import SESSION_LAST_ACTIVITY, SESSION_SIGNED_IN_AT
from .sign_in import complete_sign_in

CIS2_BACKEND = "gateway.accounts.cis2.Cis2Backend"

NO_ROLE = (
    "Your NHS Care Identity account does not have a role that Gateway uses, at an "
    "organisation that uses Gateway. Ask your organisation's registration authority or your "
    "Gateway organisation admin to check your roles."
)
NOT_ENOUGH_ASSURANCE = (
    "You signed in to NHS Care Identity in a way that is not strong enough for Gateway. Sign "
    "in again with your smartcard or your security key or authenticator app."
)
ACCOUNT_OFF = "Your Gateway account is turned off. Ask your organisation admin."
ACCOUNT_CLASH = (
    "Another Gateway account already uses your email address. Ask your organisation admin to "
    "check your Gateway account."
)


class Cis2Refusal(Exception):
    """CIS2 said who the person is, but Gateway will not let them in. message: what they are
    shown; reason: what the audit trail records; user: their Gateway account, if known."""

    def __init__(self, message, reason, user=None):
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.user = user


def _full_name(claims):
    name = claims.get("name") or " ".join(
        part for part in (claims.get("given_name"), claims.get("family_name")) if part
    )
    return str(name or "").strip()[:200]


def _link_or_create_user(subject, email, full_name):
    User = get_user_model()
    existing = (
        list(User.objects.filter(email__iexact=email, is_system_account=False).order_by("pk")[:2])
        if email
        else []
    )
    if len(existing) > 1 or (existing and hasattr(existing[0], "cis2_identity")):
        raise Cis2Refusal(ACCOUNT_CLASH, "email used by another account")
    if existing:
        # The staff account an admin invited at this email (the invitation proved the person
        # reads that inbox, and CIS2 vouches for the email): link it, keeping its history.
        user = existing[0]
        Cis2Identity.objects.create(user=user, subject=subject)
        audit.record(audit.Action.UPDATE, obj=user, changed_fields=["cis2_identity"])
        return user
    user = User(username=f"cis2-{subject}"[:150], email=email, full_name=full_name)
    user.set_unusable_password()  # signs in only through CIS2
    user.save()
    Cis2Identity.objects.create(user=user, subject=subject)
    audit.record(
        audit.Action.CREATE, obj=user, changed_fields=["email", "full_name", "cis2_identity"]
    )
    return user


def _set_roles(user, granted, organisations):
    """Make the person's CIS2 memberships exactly the granted ones: new ones added, ones CIS2
    no longer gives turned off. Memberships given in Gateway are left as they are."""
    for ods_code, role in sorted(granted):
        organisation = organisations[ods_code.upper()]
        membership, created = Membership.objects.get_or_create(
            user=user,
            organisation=organisation,
            role=role,
            defaults={"source": Membership.Source.CIS2},
        )
        if created or not membership.is_active:
            membership.is_active = True
            membership.save(update_fields=["is_active", "updated_at"])
            audit.record(
                audit.Action.CREATE if created else audit.Action.STATE_CHANGE,
                actor=user,
                organisation=organisation,
                obj=membership,
                object_id=str(membership.pk),
                changed_fields=["is_active"],
                detail={"role": role, "source": "cis2"},
            )
    keep = {(ods.upper(), role) for ods, role in granted}
    stale = Membership.objects.filter(
        user=user, source=Membership.Source.CIS2, is_active=True
    ).select_related("organisation")
    for membership in stale:
        if (membership.organisation.ods_code.upper(), membership.role) in keep:
            continue
        membership.is_active = False
        membership.save(update_fields=["is_active", "updated_at"])
        audit.record(
            audit.Action.STATE_CHANGE,
            actor=user,
            organisation=membership.organisation,
            obj=membership,
            object_id=str(membership.pk),
            changed_fields=["is_active"],
            detail={"role": membership.role, "source": "cis2", "reason": "no longer in CIS2"},
        )


def sign_in_with_cis2(id_claims, userinfo):
    """The Gateway user for a person CIS2 has signed in, with their CIS2 roles set, or
    Cis2Refusal (recorded in the audit trail; nothing else is written). id_claims: the
    checked id_token; userinfo: the user information endpoint's answer (its sub already
    matched to the id_token's)."""
    try:
        with transaction.atomic():
            return _sign_in(id_claims, userinfo)
    except Cis2Refusal as refusal:
        audit.record(
            audit.Action.SIGN_IN_FAILED,
            actor=refusal.user,
            obj=refusal.user,
            object_type="" if refusal.user else "accounts.SignIn",
            detail={"step": "cis2", "reason": refusal.reason},
        )
        raise


def _sign_in(id_claims, userinfo):
    subject = str(id_claims["sub"])
    identity = Cis2Identity.objects.select_related("user").filter(subject=subject).first()
    known = identity.user if identity else None
    if str(id_claims.get("acr", "")) not in settings.CIS2_ACCEPTED_ACR:
        raise Cis2Refusal(NOT_ENOUGH_ASSURANCE, "assurance level not accepted", known)
    rbac = userinfo.get("nhsid_nrbac_roles") or []
    codes = {str(e.get("org_code", "")).strip().upper() for e in rbac if isinstance(e, dict)}
    organisations = {
        o.ods_code: o for o in Organisation.objects.filter(is_active=True, ods_code__in=codes)
    }
    selected = str(userinfo.get("selected_roleid") or id_claims.get("selected_roleid") or "")
    granted = rules.cis2_roles(rbac, settings.CIS2_ROLE_MAP, organisations, selected)
    if not granted:
        raise Cis2Refusal(NO_ROLE, "no role Gateway uses", known)
    email = str(userinfo.get("email") or id_claims.get("email") or "").strip()
    full_name = _full_name(userinfo) or _full_name(id_claims)
    user = known or _link_or_create_user(subject, email, full_name)
    if not user.is_active or user.is_system_account:
        raise Cis2Refusal(ACCOUNT_OFF, "disabled", user)
    changed = {
        field: value
        for field, value in (("full_name", full_name), ("email", email))
        if value and getattr(user, field) != value
    }
    if changed:
        for field, value in changed.items():
            setattr(user, field, value)
        user.save(update_fields=list(changed))
        audit.record(audit.Action.UPDATE, actor=user, obj=user, changed_fields=list(changed))
    _set_roles(user, granted, organisations)
    return user


def record_cis2_failure(reason):
    """A CIS2 sign-in that failed before anyone was known (a token Gateway would not trust,
    or the provider's own refusal). reason: a fixed phrase, never a claim's value."""
    audit.record(
        audit.Action.SIGN_IN_FAILED,
        object_type="accounts.SignIn",
        detail={"step": "cis2", "reason": reason},
    )


def start_cis2_session(request, user, id_claims):
    """Sign the person in: CIS2 checked both factors at the accepted assurance level, so the
    session is verified (with the person's Cis2Device) and gets a new key."""
    with transaction.atomic():
        login(request, user, backend=CIS2_BACKEND)
        started = time.time()
        request.session[SESSION_SIGNED_IN_AT] = started
        request.session[SESSION_LAST_ACTIVITY] = started
        device, _ = Cis2Device.objects.get_or_create(
            user=user, defaults={"name": "NHS Care Identity", "confirmed": True}
        )
        complete_sign_in(request, device)
        audit.record(audit.Action.SIGN_IN, actor=user, detail={"step": "cis2"})
        audit.record(
            audit.Action.MFA,
            actor=user,
            obj=user,
            detail={"result": "cis2", "acr": str(id_claims.get("acr", ""))},
        )
