"""Sign-in state on every request: session timeouts, mandatory MFA and the current
organisation. Anything not on the public list needs a verified (password + TOTP) user."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.messages.storage import default_storage
from django.shortcuts import redirect
from django.urls import reverse

from .rules import remember_roles, roles_in
from .services import active_organisations_and_roles, sign_out
from .sessions import SESSION_LAST_ACTIVITY, SESSION_ORGANISATION, SESSION_SIGNED_IN_AT

# Views anyone may reach. Everything else fails closed.
# /my/ is the patient's own page: it has its own sign-in and session (gateway.portal).
# /api/ and /fhir/ check their own bearer tokens (gateway.api).
PUBLIC_PREFIXES = ("/static/", "/api/", "/fhir/", "/my/")
PUBLIC_ROUTES = {
    "core:healthz",
    "core:accessibility",
    "core:privacy",
    "accounts:sign-in",
    "accounts:cis2-start",  # NHS Care Identity sign-in (404 unless turned on)
    "accounts:cis2-callback",
    "accounts:sign-out",
    "accounts:invitation",  # a new member of staff sets their password from a one-time link
    "comms:notify-callback",  # Notify calls it; it checks its own bearer token
}
# Reachable after the password step, before the TOTP step.
MFA_ROUTES = {"accounts:verify", "accounts:set-up-mfa"}
# Reachable once verified, before an organisation is chosen.
NO_ORGANISATION_ROUTES = {"accounts:switch-organisation"}


# Activity is written to the session at most this often, not on every request: a page view
# within a minute of the last one recorded does not rewrite the session row. So that the idle
# timeout never signs out someone who used Gateway in the last 30 minutes (the message says they
# had not), it allows for activity not yet written: sign-out comes at most this much late.
ACTIVITY_WRITE_SECONDS = 60


class SessionTimeoutMiddleware:
    """Idle timeout (default 30 minutes) and absolute timeout (default 10 hours)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            signed_in_at = request.session.get(SESSION_SIGNED_IN_AT, now)
            last_activity = request.session.get(SESSION_LAST_ACTIVITY, now)
            idle_limit = settings.SESSION_IDLE_TIMEOUT_MINUTES * 60 + ACTIVITY_WRITE_SECONDS
            idle = now - last_activity >= idle_limit
            expired = now - signed_in_at > settings.SESSION_ABSOLUTE_TIMEOUT_HOURS * 3600
            if idle or expired:
                sign_out(request, reason="idle timeout" if idle else "absolute timeout")
                # MessageMiddleware runs after this one, so keep the message ourselves.
                storage = default_storage(request)
                storage.add(
                    messages.INFO,
                    "You were signed out because you had not used Gateway for "
                    f"{settings.SESSION_IDLE_TIMEOUT_MINUTES} minutes. Sign in again to carry on."
                    if idle
                    else "You were signed out because you have been signed in for "
                    f"{settings.SESSION_ABSOLUTE_TIMEOUT_HOURS} hours. Sign in again to carry on.",
                )
                response = redirect(reverse("accounts:sign-in"))
                storage.update(response)
                return response
            if SESSION_SIGNED_IN_AT not in request.session:
                request.session[SESSION_SIGNED_IN_AT] = now
            if (
                SESSION_LAST_ACTIVITY not in request.session
                or now - last_activity >= ACTIVITY_WRITE_SECONDS
            ):
                request.session[SESSION_LAST_ACTIVITY] = now
        return self.get_response(request)


class StaffAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.current_organisation = None
        request.roles = set()
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(PUBLIC_PREFIXES):
            return None
        route = request.resolver_match.view_name if request.resolver_match else ""
        if route in PUBLIC_ROUTES:
            if request.user.is_authenticated and request.user.is_verified():
                self._set_organisation(request)
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{reverse('accounts:sign-in')}?next={request.path}")
        if user.is_system_account:
            logout(request)
            return redirect(reverse("accounts:sign-in"))
        if not user.is_verified():
            if route in MFA_ROUTES:
                return None
            return redirect(reverse("accounts:verify"))
        self._set_organisation(request)
        if request.current_organisation is None and route not in NO_ORGANISATION_ROUTES:
            if route.startswith("admin:") and user.is_superuser:
                return None
            return redirect(reverse("accounts:switch-organisation"))
        return None

    @staticmethod
    def _set_organisation(request):
        organisation_id = request.session.get(SESSION_ORGANISATION)
        organisations, roles = active_organisations_and_roles(request.user)
        remember_roles(request.user, roles)
        chosen = next((o for o in organisations if o.pk == organisation_id), None)
        if chosen is None and len(organisations) == 1:
            chosen = organisations[0]
            request.session[SESSION_ORGANISATION] = chosen.pk
        if chosen is None:
            request.session.pop(SESSION_ORGANISATION, None)
        request.current_organisation = chosen
        request.roles = roles_in(request.user, chosen) if chosen else set()
