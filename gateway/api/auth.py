"""Bearer-token sign-in for organisations' systems. Tokens are stored only as a SHA-256 hash
(accounts.ApiToken); a token acts as its system account, for its one organisation."""

import datetime

from django.utils import timezone
from ninja.security import HttpBearer

from gateway.accounts.models import ApiToken

# Recording every use would write on every request; once a minute is enough to see activity.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def token_for(raw_token):
    """The live ApiToken for a raw bearer token, or None (revoked, unknown, or its user or
    organisation no longer active)."""
    if not raw_token:
        return None
    return (
        ApiToken.objects.select_related("user", "organisation")
        .filter(
            token_hash=ApiToken.hash(raw_token),
            revoked_at__isnull=True,
            user__is_active=True,
            organisation__is_active=True,
        )
        .first()
    )


def note_use(token):
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        api_token = token_for(token)
        if api_token is None:
            return None
        note_use(api_token)
        request.user = api_token.user
        request.current_organisation = api_token.organisation
        request.roles = set()
        return api_token
