"""The OpenID Connect side of NHS Care Identity (CIS2) sign-in, on mozilla-django-oidc
(docs/adr/0037-staff-sign-in-with-nhs-care-identity.md). The library runs the authorisation
code flow (state, nonce, PKCE) and checks the id_token's signature against the provider's
keys; this backend adds the checks it leaves out (issuer, audience, expiry, the userinfo
answer being about the same person) and hands the person to accounts.services, which decides
who they are in Gateway and what they may do."""

import logging

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .services.cis2 import Cis2Refusal, sign_in_with_cis2

logger = logging.getLogger(__name__)


class Cis2Backend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        # Only the CIS2 callback passes a nonce: a password check or anything else that calls
        # authenticate() never reaches the identity provider.
        if not settings.OIDC_ENABLED or request is None or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The id_token is for another client")
        if not settings.OIDC_OP_ISSUER or payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("The id_token is from another issuer")
        if "exp" not in payload or not payload.get("sub"):
            raise SuspiciousOperation("The id_token has no expiry or no subject")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if str(userinfo.get("sub", "")) != str(payload["sub"]):
            raise SuspiciousOperation("The user information is about someone else")
        try:
            user = sign_in_with_cis2(payload, userinfo)
        except Cis2Refusal as refusal:
            self.request.cis2_refusal = refusal
            return None
        self.request.cis2_claims = payload
        return user

    def verify_claims(self, claims):  # pragma: no cover - get_or_create_user replaces its use
        return True
