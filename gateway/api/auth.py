"""Bearer-token sign-in for organisations' systems. Tokens are stored only as a SHA-256 hash
(accounts.ApiToken); a token acts as its system account, for its one organisation, until it
expires or is revoked, and within its rate limit (ADR 0038)."""

import datetime

from django.utils import timezone
from ninja.security import HttpBearer

from gateway.accounts.models import ApiToken
from gateway.accounts.services import api_tokens

# Recording every use would write on every request; once a minute is enough to see activity.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class RateLimited(Exception):
    """The token made more requests in this window than settings.API_RATE_LIMIT_REQUESTS."""

    def __init__(self, retry_after):
        super().__init__(f"Try again in {retry_after} seconds.")
        self.retry_after = retry_after


def token_for(raw_token):
    """The live ApiToken for a raw bearer token, or None (revoked, expired, unknown, or its
    user or organisation no longer active): each looks the same to the caller."""
    if not raw_token:
        return None
    return (
        ApiToken.objects.select_related("user", "organisation")
        .filter(
            token_hash=ApiToken.hash(raw_token),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
            organisation__is_active=True,
        )
        .first()
    )


def note_use(token):
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


def check_rate(token):
    """Count this request against the token's limit; raises RateLimited over it."""
    retry_after = api_tokens.count_request(token)
    if retry_after is not None:
        raise RateLimited(retry_after)


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        api_token = token_for(token)
        if api_token is None:
            return None
        check_rate(api_token)
        note_use(api_token)
        request.user = api_token.user
        request.current_organisation = api_token.organisation
        request.roles = set()
        return api_token
