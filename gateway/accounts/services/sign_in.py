"""The sign-in steps, and signing out.

Sign-in is two steps: password (``sign_in_with_password``), then a TOTP code
(``verify_totp`` or ``confirm_totp_device`` when enrolling). Wrong passwords and wrong codes
count toward the same lockout, so MFA cannot be guessed any faster than a password."""

import dataclasses
import datetime
import time

import django_otp
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from gateway.audit import services as audit

from ..demo import DEMO_TOTP_SECRET_HEX
from ..models import Organisation
from ..sessions import SESSION_LAST_ACTIVITY, SESSION_SIGNED_IN_AT

WRONG_PASSWORD = "Enter a correct email address and password"
WRONG_CODE = "The code is not correct. Enter the 6-digit code your authenticator app shows now"
DEMO_SECRET_REFUSED = (
    "This authenticator uses the published demo key, which only works in the Gateway demo. "
    "Ask your organisation admin to reset your authenticator app"
)


def time_of_day(value):
    """3:15pm, in UK time."""
    local = timezone.localtime(value)
    return f"{local.strftime('%I').lstrip('0') or '12'}:{local:%M}{local.strftime('%p').lower()}"


def locked_message(locked_until):
    return (
        "Your account is locked because of too many failed attempts. "
        f"Try again after {time_of_day(locked_until)}, or ask your organisation admin."
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


def _is_locked(user):
    return user.locked_until is not None and user.locked_until > timezone.now()


def _register_failure(user, *, step):
    """Count a wrong password or code; lock the account at the limit. The counter starts again
    after a lockout so the person gets the full number of tries once it ends."""
    user.failed_sign_in_count += 1
    audit.record(
        audit.Action.SIGN_IN_FAILED,
        actor=user,
        obj=user,
        detail={"step": step, "failures": user.failed_sign_in_count},
    )
    if user.failed_sign_in_count >= settings.SIGN_IN_MAX_FAILURES:
        user.locked_until = timezone.now() + datetime.timedelta(
            minutes=settings.SIGN_IN_LOCKOUT_MINUTES
        )
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


def has_confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def sign_in_with_password(request, email, password):
    """The password step. Unknown emails, wrong passwords, disabled users and system accounts
    all get the same message so nobody can learn which email addresses have accounts."""
    User = get_user_model()
    email = (email or "").strip()
    with transaction.atomic():
        user = (
            User.objects.select_for_update().filter(email__iexact=email).order_by("pk").first()
            if email
            else None
        )
        if user is None:
            make_password(password)  # same work as a real check, so timing gives nothing away
            audit.record(audit.Action.SIGN_IN_FAILED, detail={"reason": "unknown account"})
            return SignInResult(ok=False, error=WRONG_PASSWORD)
        if _is_locked(user):
            audit.record(
                audit.Action.SIGN_IN_FAILED, actor=user, obj=user, detail={"reason": "locked"}
            )
            return SignInResult(ok=False, error=locked_message(user.locked_until), locked=True)
        if user.is_system_account or not user.is_active:
            make_password(password)
            reason = "system account" if user.is_system_account else "disabled"
            audit.record(
                audit.Action.SIGN_IN_FAILED, actor=user, obj=user, detail={"reason": reason}
            )
            return SignInResult(ok=False, error=WRONG_PASSWORD)
        authenticated = authenticate(request, username=user.get_username(), password=password)
        if authenticated is None:
            locked_until = _register_failure(user, step="password")
            if locked_until:
                return SignInResult(ok=False, error=locked_message(locked_until), locked=True)
            return SignInResult(ok=False, error=WRONG_PASSWORD)
        # The counter is reset only once the code step passes too; otherwise re-entering a
        # known password would give an attacker fresh guesses at the code.
        login(request, authenticated)
        now = time.time()
        request.session[SESSION_SIGNED_IN_AT] = now
        request.session[SESSION_LAST_ACTIVITY] = now
        audit.record(audit.Action.SIGN_IN, actor=authenticated, detail={"step": "password"})
    return SignInResult(ok=True, needs_mfa_setup=not has_confirmed_device(authenticated))


def is_demo_device(device):
    return device.key.lower() == DEMO_TOTP_SECRET_HEX.lower()


def _check_code(request, device, code, *, step):
    """Shared by verify and enrolment. Returns (ok, error, locked)."""
    user = request.user
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
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
            locked_until = _register_failure(user, step=step)
            if locked_until:
                return False, locked_message(locked_until), True
            return False, WRONG_CODE, False
        _reset_failures(user)
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        django_otp.login(request, device)
        audit.record(audit.Action.MFA, actor=user, obj=user, detail={"result": step})
    return True, "", False


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
