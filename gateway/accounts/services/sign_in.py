"""The sign-in steps, and signing out.

Sign-in is two steps: password (``sign_in_with_password``), then a TOTP code
(``verify_totp`` or ``confirm_totp_device`` when enrolling). The password step refuses every
failure with the same words after the same work (one password hash, the same queries),
whether the account is unknown, the password wrong, the account disabled or the attempt
paused by the throttle (throttle.py): it never locks a named account. Wrong codes (reached
only with the right password) lock the code step for a while, so MFA cannot be guessed
(docs/adr/0036-sign-in-throttled-not-locked.md)."""

import dataclasses
import datetime
import functools
import secrets
import time

import django_otp
from django.conf import settings
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.middleware.csrf import rotate_token
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from gateway.audit import services as audit

from ..demo import DEMO_TOTP_SECRET_HEX
from ..models import Membership, Organisation
from ..sessions import SESSION_LAST_ACTIVITY, SESSION_SIGNED_IN_AT
from . import throttle

PASSWORD_BACKEND = "gateway.accounts.backends.PasswordSessionBackend"
WRONG_CODE = "The code is not correct. Enter the 6-digit code your authenticator app shows now"
DEMO_SECRET_REFUSED = (
    "This authenticator uses the published demo key, which only works in the Gateway demo. "
    "Ask your organisation admin to reset your authenticator app"
)


def wrong_password_message():
    """The one answer to every refused password step, whatever the reason."""
    return (
        "Enter a correct email address and password. After several tries that did not work, "
        f"wait {settings.SIGN_IN_THROTTLE_MINUTES} minutes before you try again"
    )


def time_of_day(value):
    """3:15pm, in UK time."""
    local = timezone.localtime(value)
    return f"{local.strftime('%I').lstrip('0') or '12'}:{local:%M}{local.strftime('%p').lower()}"


def locked_message(locked_until):
    return (
        "Too many wrong security codes. You can try again after "
        f"{time_of_day(locked_until)}, or ask your organisation admin."
    )


@dataclasses.dataclass
class SignInResult:
    ok: bool
    error: str = ""
    locked: bool = False
    needs_mfa_setup: bool = False


def active_organisations(user):
    return list(
        Organisation.objects.filter(
            memberships__user=user, memberships__is_active=True, is_active=True
        )
        .distinct()
        .order_by("name")
    )


def active_organisations_and_roles(user):
    """``(organisations, {organisation id: roles})``: what ``active_organisations`` returns
    and the user's roles in each, from one read of their active memberships (every signed-in
    request asks both)."""
    memberships = (
        Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "organisation_id")
    )
    organisations, roles = [], {}
    for membership in memberships:
        if membership.organisation_id not in roles:
            organisations.append(membership.organisation)
            roles[membership.organisation_id] = set()
        roles[membership.organisation_id].add(membership.role)
    return organisations, roles


def _is_locked(user):
    return user.locked_until is not None and user.locked_until > timezone.now()


def _register_wrong_code(user, attempt, *, step):
    """Count a wrong code; lock the code step at the limit. The counter starts again after a
    lockout so the person gets the full number of tries once it ends."""
    now = timezone.now()
    throttle.record_failure(attempt, now)
    user.failed_sign_in_count += 1
    audit.record(
        audit.Action.SIGN_IN_FAILED,
        actor=user,
        obj=user,
        detail={"step": step, "failures": user.failed_sign_in_count},
    )
    if user.failed_sign_in_count >= settings.SIGN_IN_MAX_FAILURES:
        user.locked_until = now + datetime.timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES)
        user.failed_sign_in_count = 0
        audit.record(
            audit.Action.LOCKED_OUT,
            actor=user,
            obj=user,
            detail={"step": step, "locked_until": user.locked_until.isoformat()},
        )
    user.save(update_fields=["failed_sign_in_count", "locked_until"])
    return user.locked_until if _is_locked(user) else None


def _reset_failures(user):
    if user.failed_sign_in_count or user.locked_until:
        user.failed_sign_in_count = 0
        user.locked_until = None
        user.save(update_fields=["failed_sign_in_count", "locked_until"])


@functools.cache
def _stand_in_hash(hashers):
    """A real hash of a random password with the current hasher, checked when there is no
    usable password so that a missing account costs the same work as a wrong password."""
    return make_password(secrets.token_urlsafe(16))


def _password_matches(user, password):
    """Runs the hasher exactly once, whoever the user is (or is not)."""
    usable = (
        user is not None
        and user.is_active
        and not user.is_system_account
        and user.has_usable_password()
    )
    encoded = user.password if usable else _stand_in_hash(tuple(settings.PASSWORD_HASHERS))

    def upgrade(raw):
        user.set_password(raw)
        user.save(update_fields=["password"])

    matches = check_password(password or "", encoded, upgrade if usable else None)
    return usable and matches


def _refusal_reason(user):
    if user is None:
        return "unknown account"
    if user.is_system_account:
        return "system account"
    if not user.is_active:
        return "disabled"
    if not user.has_usable_password():
        return "no password (signs in with NHS Care Identity)"
    return "wrong password"


def has_confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def sign_in_with_password(request, email, password):
    """The password step. Unknown emails, wrong passwords, disabled users, system accounts and
    paused attempts all get the same message after the same work, so nobody can learn which
    email addresses have accounts or what state they are in."""
    User = get_user_model()
    email = (email or "").strip()
    now = timezone.now()
    user = User.objects.filter(email__iexact=email).order_by("pk").first() if email else None
    attempt = throttle.Attempt.of(request, email, user)
    paused = throttle.paused_by(attempt, now)
    matches = _password_matches(user, password)  # always, so a pause costs the same time
    if paused or not matches:
        reason = f"paused ({paused})" if paused else _refusal_reason(user)
        with transaction.atomic():
            audit.record(
                audit.Action.SIGN_IN_FAILED,
                actor=user,
                obj=user,
                object_type="" if user else "accounts.SignIn",
                detail={"step": "password", "reason": reason},
            )
            throttle.record_failure(attempt, now)  # paused ones too: the same work
        return SignInResult(ok=False, error=wrong_password_message())
    with transaction.atomic():
        # The code-step counter is reset only once the code passes too; otherwise entering a
        # known password again would give an attacker fresh guesses at the code.
        login(request, user, backend=PASSWORD_BACKEND)
        started = time.time()
        request.session[SESSION_SIGNED_IN_AT] = started
        request.session[SESSION_LAST_ACTIVITY] = started
        audit.record(audit.Action.SIGN_IN, actor=user, detail={"step": "password"})
    return SignInResult(ok=True, needs_mfa_setup=not has_confirmed_device(user))


def is_demo_device(device):
    return device.bin_key.hex() == DEMO_TOTP_SECRET_HEX.lower()  # bin_key decrypts


def _check_code(request, device, code, *, step):
    """Shared by verify and enrolment. Returns (ok, error, locked). The person and the device
    are locked for the check, so one code cannot pass twice at once: django-otp records the
    time step a code was used at and refuses it and any older one, and a second request with
    the same code waits here until the first has recorded it."""
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=request.user.pk)
        device = type(device).objects.select_for_update().get(pk=device.pk)
        attempt = throttle.Attempt.of(request, user.email, user)
        if _is_locked(user):
            return False, locked_message(user.locked_until), True
        if is_demo_device(device) and not settings.DEMO_MODE:
            audit.record(
                audit.Action.MFA, actor=user, obj=user, detail={"result": "demo key refused"}
            )
            return False, DEMO_SECRET_REFUSED, False
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            # django-otp's short back-off after a wrong code. Not a guess, so not counted.
            return False, "Wait a few seconds, then enter the code again", False
        if not device.verify_token(code):
            locked_until = _register_wrong_code(user, attempt, step=step)
            if locked_until:
                return False, locked_message(locked_until), True
            return False, WRONG_CODE, False
        _reset_failures(user)
        throttle.forget_failures(attempt)
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        complete_sign_in(request, device)
        audit.record(audit.Action.MFA, actor=user, obj=user, detail={"result": step})
    return True, "", False


def complete_sign_in(request, device):
    """Both factors are in: mark the session verified with the device that proved the second
    one, then give the session a new key and the form a new CSRF token, so a session id or
    token seen before this point is worth nothing (ASVS 3.2.1)."""
    django_otp.login(request, device)
    request.session.cycle_key()
    rotate_token(request)


def known_browser_cookie(request):
    """The cookie that remembers this browser for the signed-in person (throttle.py)."""
    return throttle.known_browser_cookie(request, request.user)


def verify_totp(request, code):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).order_by("pk").first()
    if device is None:
        return False, "Set up your authenticator app first", False
    return _check_code(request, device, code, step="verified")


def enrolment_device(user):
    """The unconfirmed device a person is setting up, made once and reused on reload so the
    QR code they scanned stays valid."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def confirm_totp_device(request, device, code):
    if device.user_id != request.user.pk or device.confirmed:
        raise PermissionDenied
    return _check_code(request, device, code, step="enrolled")


def sign_out(request, *, reason="signed out"):
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        audit.record(audit.Action.SIGN_OUT, actor=user, detail={"reason": reason})
    logout(request)
