"""Signing in with NHS Care Identity (CIS2): the button's first stop, which sends the person to
CIS2, and the page CIS2 sends them back to (docs/adr/0037-staff-sign-in-with-nhs-care-identity.md).
Both are missing (404) unless the deployment turns CIS2 on (OIDC_ENABLED)."""

import logging

import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from .. import services
from ..sessions import SESSION_NEXT
from .sign_in import after_sign_in, safe_next

logger = logging.getLogger(__name__)

DID_NOT_WORK = (
    "We could not sign you in with NHS Care Identity. Try again, or sign in with your email "
    "address and password if your organisation gave you one."
)


def _require_enabled():
    if not settings.OIDC_ENABLED:
        raise Http404


@method_decorator(never_cache, name="dispatch")
class StartCis2SignIn(OIDCAuthenticationRequestView):
    def get(self, request):
        _require_enabled()
        next_url = safe_next(request, request.GET.get("next"))
        response = super().get(request)
        request.session.pop("oidc_login_next", None)
        if next_url:
            request.session[SESSION_NEXT] = next_url
        return response


@method_decorator(never_cache, name="dispatch")
class Cis2Callback(OIDCAuthenticationCallbackView):
    def get(self, request):
        _require_enabled()
        try:
            return super().get(request)
        except (SuspiciousOperation, requests.RequestException) as failure:
            # A token Gateway will not trust (another issuer or client, a bad signature or
            # nonce, a state it never sent) or a provider it cannot reach: nobody signs in.
            logger.warning("NHS Care Identity sign-in refused: %s", type(failure).__name__)
            services.record_cis2_failure(str(failure)[:200])
            return self.login_failure()

    def login_success(self):
        services.start_cis2_session(self.request, self.user, self.request.cis2_claims)
        return after_sign_in(self.request)

    def login_failure(self):
        if self.request.GET.get("error"):
            services.record_cis2_failure("refused at NHS Care Identity")
        refusal = getattr(self.request, "cis2_refusal", None)
        return render(
            self.request,
            "accounts/cis2_refused.jinja",
            {"message": refusal.message if refusal else DID_NOT_WORK},
            status=403 if refusal else 400,
        )
