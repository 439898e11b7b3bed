"""Every write for the patient's own page (ADR 0013): staff issue a one-time code, the person
signs in with it, their visit times out or they sign out. Each step is audited with the
patient as the subject; nothing here stores a code, a token or a client address in clear.

The person's own actions (an appeal, their view for a review, how to contact them) are in
actions.py; they go through the scheme's and patients' own rules with the person as actor."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.accounts.rules import roles_in
from gateway.audit import services as audit
from gateway.comms import services as comms
from gateway.core.site import page_url
from gateway.patients.models import ContactRoute
from gateway.patients.queries import visible_patients

from . import queries, rules
from .models import AccessCode, PortalSession, SignInFailure

Action = audit.Action
ISSUING_ROLES = {Role.SAS_PRACTICE_STAFF, Role.SUPPORT_WORKER, Role.COMMISSIONER}

# One message for every refusal, so nobody can learn which codes exist (no enumeration).
CODE_DID_NOT_WORK = (
    "That code did not work. Check it and try again. "
    "If it still does not work, ask your support worker or practice for a new code."
)
TOO_MANY_TRIES = (
    "You have tried too many times. Wait {minutes} minutes, then try again. "
    "Or ask your support worker or practice for a new code."
)


@dataclass(frozen=True)
class PortalActor:
    """The person themselves, acting on their own page. Not a staff user: no pk, so audit
    rows and history rows name them in words rather than link to an account."""

    patient: object
    session: object
    pk: None = None
    display_name: str = "The patient, on their own page"
    is_authenticated: bool = False


@dataclass(frozen=True)
class IssuedCode:
    code: object  # the AccessCode row
    shown: str  # the code as the person reads it; only ever in this object, never stored


@dataclass(frozen=True)
class SignInResult:
    ok: bool
    error: str = ""
    token: str = ""
    session: object = None


def can_issue_code(actor, organisation, patient):
    """SAS practice staff, support workers and commissioners, for a person their organisation
    may see (scoping fails closed: gateway.patients.queries)."""
    if organisation is None or not roles_in(actor, organisation) & {r.value for r in ISSUING_ROLES}:
        return False
    return visible_patients(actor, organisation).filter(pk=patient.pk).exists()


def _secret_hash(code):
    return rules.keyed_hash(settings.PORTAL_CODE_KEY, f"portal-code:{code}")


def client_key(address):
    return rules.keyed_hash(settings.PORTAL_CODE_KEY, f"portal-client:{address or 'unknown'}")


def issue_code(actor, organisation, patient, delivery, *, route=None):
    """A new one-time code for the person's own page. delivery: on screen (staff read it out
    or write it down), or by text or email through one of the person's usable routes via the
    outbox. Earlier unused codes stop working. The NHS number never goes in the message."""
    if not can_issue_code(actor, organisation, patient):
        raise PermissionDenied("You cannot give this person a code from this organisation.")
    if delivery not in AccessCode.Delivery.values:
        raise ValidationError({"delivery": "Choose how to give the code"})
    if delivery != AccessCode.Delivery.ON_SCREEN:
        wanted = (
            ContactRoute.Kind.MOBILE
            if delivery == AccessCode.Delivery.TEXT
            else ContactRoute.Kind.EMAIL
        )
        usable = {r.pk: r for r in queries.code_routes(patient)}
        if route is None or route.pk not in usable or usable[route.pk].kind != wanted:
            raise ValidationError(
                {"delivery": "Choose a mobile number or email address that can be used"}
            )
    now = timezone.now()
    expires_at = now + datetime.timedelta(minutes=settings.PORTAL_CODE_MINUTES)
    with transaction.atomic():
        AccessCode.objects.filter(
            patient=patient, used_at__isnull=True, replaced_at__isnull=True
        ).update(replaced_at=now)
        for _ in range(10):
            code = rules.new_code()
            try:
                with transaction.atomic():
                    row = AccessCode.objects.create(
                        patient=patient,
                        selector=rules.selector(code),
                        secret_hash=_secret_hash(code),
                        delivery=delivery,
                        contact_route=route if delivery != AccessCode.Delivery.ON_SCREEN else None,
                        issued_by=actor,
                        issued_by_organisation=organisation,
                        expires_at=expires_at,
                    )
                break
            except IntegrityError:  # the selector is taken: draw again
                continue
        else:  # pragma: no cover - 30^4 selectors; ten clashes in a row means something broke
            raise RuntimeError("Could not make a unique code")
        audit.record(
            Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=row,
            patient=patient,
            changed_fields=["delivery", "expires_at"],
            detail={"delivery": delivery, "minutes": settings.PORTAL_CODE_MINUTES},
        )
        context = {
            "code": rules.shown(code),
            "minutes": settings.PORTAL_CODE_MINUTES,
            # From settings.SITE_URL, never the Host header of the request.
            "sign_in_url": page_url("portal:sign-in"),
        }
        if delivery == AccessCode.Delivery.TEXT:
            comms.queue_text(
                actor,
                organisation,
                template="texts/portal/code.jinja",
                context=context,
                phone_number=route.phone_number,
                patient=patient,
                related=row,
            )
        elif delivery == AccessCode.Delivery.EMAIL:
            comms.queue_email(
                actor,
                organisation,
                template="emails/portal/code.jinja",
                context=context,
                email_address=route.email_address,
                patient=patient,
                related=row,
            )
    return IssuedCode(code=row, shown=rules.shown(code))


def _client_locked(key, now):
    since = now - datetime.timedelta(minutes=settings.PORTAL_CLIENT_LOCKOUT_MINUTES)
    failures = SignInFailure.objects.filter(client_key=key, at__gte=since).count()
    return failures >= settings.PORTAL_CLIENT_MAX_FAILURES


def _fail(key, now, reason, code_row=None):
    SignInFailure.objects.create(client_key=key, at=now)
    audit.record(
        Action.SIGN_IN_FAILED,
        obj=code_row,
        object_type="" if code_row else "portal.AccessCode",
        patient=code_row.patient_id if code_row else None,
        detail={"portal": True, "reason": reason},
    )
    if _client_locked(key, now):
        audit.record(Action.LOCKED_OUT, object_type="portal.SignIn", detail={"portal": True})
        return SignInResult(
            ok=False, error=TOO_MANY_TRIES.format(minutes=settings.PORTAL_CLIENT_LOCKOUT_MINUTES)
        )
    return SignInResult(ok=False, error=CODE_DID_NOT_WORK)


def sign_in_with_code(typed, *, client_address):
    """The person types the code they were given. Refusals all read the same, whatever the
    reason (unknown, wrong, used, old, replaced, locked), and each one counts against the
    client; a known code also counts its wrong tries and locks after a few."""
    now = timezone.now()
    key = client_key(client_address)
    with transaction.atomic():
        if _client_locked(key, now):
            audit.record(
                Action.SIGN_IN_FAILED,
                object_type="portal.SignIn",
                detail={"portal": True, "reason": "client locked out"},
            )
            return SignInResult(
                ok=False,
                error=TOO_MANY_TRIES.format(minutes=settings.PORTAL_CLIENT_LOCKOUT_MINUTES),
            )
        code = rules.normalise(typed)
        if not code:
            return _fail(key, now, "not a code")
        row = AccessCode.objects.select_for_update().filter(selector=rules.selector(code)).first()
        if row is None:
            rules.same(_secret_hash(code), "0" * 64)  # the same work as a real check
            return _fail(key, now, "unknown code")
        if not rules.same(_secret_hash(code), row.secret_hash):
            row.wrong_tries += 1
            fields = ["wrong_tries", "updated_at"]
            if row.wrong_tries >= settings.PORTAL_CODE_MAX_WRONG_TRIES and row.locked_at is None:
                row.locked_at = now
                fields.append("locked_at")
            row.save(update_fields=fields)
            return _fail(key, now, "wrong code", row)
        if not row.is_live(now):
            reason = (
                "used"
                if row.used_at
                else "locked"
                if row.locked_at
                else "replaced"
                if row.replaced_at
                else "expired"
            )
            return _fail(key, now, f"{reason} code", row)
        row.used_at = now
        row.save(update_fields=["used_at", "updated_at"])
        token = rules.new_session_token()
        session = PortalSession.objects.create(
            patient_id=row.patient_id,
            access_code=row,
            token_hash=rules.token_hash(token),
            started_at=now,
            last_seen_at=now,
        )
        audit.record(
            Action.SIGN_IN,
            obj=session,
            patient=row.patient_id,
            detail={"portal": True, "delivery": row.delivery},
        )
    return SignInResult(ok=True, token=token, session=session)


def current_session(token):
    """The open portal session for a cookie's token, or None. A session idle too long, or
    open too long, is ended here (and audited) so it cannot be used again."""
    if not token:
        return None
    session = (
        PortalSession.objects.select_related("patient")
        .filter(token_hash=rules.token_hash(token), ended_at__isnull=True)
        .first()
    )
    if session is None:
        return None
    now = timezone.now()
    idle = now - session.last_seen_at > datetime.timedelta(
        minutes=settings.PORTAL_SESSION_IDLE_MINUTES
    )
    too_long = now - session.started_at > datetime.timedelta(
        minutes=settings.PORTAL_SESSION_ABSOLUTE_MINUTES
    )
    if idle or too_long:
        end_session(session, "idle timeout" if idle else "absolute timeout")
        return None
    PortalSession.objects.filter(pk=session.pk).update(last_seen_at=now)
    session.last_seen_at = now
    return session


def end_session(session, reason="signed out"):
    with transaction.atomic():
        updated = PortalSession.objects.filter(pk=session.pk, ended_at__isnull=True).update(
            ended_at=timezone.now(), ended_reason=reason
        )
        if updated:
            audit.record(
                Action.SIGN_OUT,
                obj=session,
                patient=session.patient_id,
                detail={"portal": True, "reason": reason},
            )


def record_view(session, page):
    """The person looked at a page of their own record (audited like any other view)."""
    audit.record(
        Action.VIEW,
        actor=PortalActor(session.patient, session),
        obj=session.patient,
        patient=session.patient,
        detail={"portal": True, "page": page, "session": str(session.public_id)},
    )


def record_letter_view(session, letter):
    """The person opened one of their letters on their own page (audited as a view by them)."""
    audit.record(
        Action.VIEW,
        actor=PortalActor(session.patient, session),
        obj=letter,
        patient=session.patient,
        detail={"portal": True, "page": "letter", "session": str(session.public_id)},
    )
