"""Throttling sign-in by who is trying, not by whose account they name
(docs/adr/0036-sign-in-throttled-not-locked.md).

Refused sign-ins are counted over a window (SIGN_IN_THROTTLE_MINUTES) in four ways, with the
limits in settings.SIGN_IN_LIMITS:

- ``address_and_email``: from this address for the email typed (one person guessing at one
  account);
- ``address``: from this address for any email (password spraying from one place);
- ``email``: for the email typed from anywhere (many places guessing at one account);
- ``overall``: across all of Gateway (spraying from many places).

The last two would let anyone keep a named person out, and the first two anyone sharing
their address (a whole trust can sit behind one), so none of them applies to a browser the
person has finished signing in with before (a "known browser": a signed cookie naming their
account and a random id for the browser). A known browser is counted on its own
(``known_browser``), so failures elsewhere never pause it. Every count depends only on what
was typed, where from and with which cookie, never on whether the account exists or its
state, so a pause says nothing about the account. Paused attempts count too, and the answer
to a paused attempt is the answer to a wrong password."""

import dataclasses
import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.db.models import Count, Q
from django.utils.crypto import salted_hmac

from gateway.core.client import client_address

from ..models import FailedSignIn

KNOWN_BROWSER_SALT = "gateway.accounts.known-browser"
KNOWN_ACCOUNTS_PER_BROWSER = 10  # shared computers in a practice


def _key(kind, value):
    return salted_hmac(f"gateway.accounts.throttle.{kind}", value).hexdigest()


@dataclasses.dataclass(frozen=True)
class Attempt:
    """Who is trying: keyed hashes of the address, the email typed and the known browser."""

    client_key: str
    account_key: str
    browser_key: str = ""

    @classmethod
    def of(cls, request, email, user=None):
        browser = _known_browser(request)
        known = bool(
            user is not None and browser and str(user.public_id) in browser.get("accounts", [])
        )
        return cls(
            client_key=_key("client", client_address(request) or "unknown"),
            account_key=_key("account", (email or "").strip().lower()),
            browser_key=_key("browser", browser["id"]) if known else "",
        )


def _window_start(now):
    return now - datetime.timedelta(minutes=settings.SIGN_IN_THROTTLE_MINUTES)


def paused_by(attempt, now):
    """The first limit this attempt has reached, or "" when it may be checked. One query."""
    limits = settings.SIGN_IN_LIMITS
    failures = FailedSignIn.objects.filter(at__gte=_window_start(now))
    if attempt.browser_key:
        count = failures.filter(browser_key=attempt.browser_key).count()
        return "known_browser" if count >= limits["known_browser"] else ""
    counts = failures.aggregate(
        address_and_email=Count(
            "pk", filter=Q(client_key=attempt.client_key, account_key=attempt.account_key)
        ),
        address=Count("pk", filter=Q(client_key=attempt.client_key)),
        email=Count("pk", filter=Q(account_key=attempt.account_key)),
        overall=Count("pk"),
    )
    for name in ("address_and_email", "address", "email", "overall"):
        if counts[name] >= limits[name]:
            return name
    return ""


def record_failure(attempt, now):
    """Count one refused password or code, and forget those older than the window."""
    FailedSignIn.objects.filter(at__lt=_window_start(now)).delete()
    FailedSignIn.objects.create(
        at=now,
        client_key=attempt.client_key,
        account_key=attempt.account_key,
        browser_key=attempt.browser_key,
    )


def forget_failures(attempt):
    """After a complete sign-in, this person's own mistakes from here stop counting."""
    own = Q(client_key=attempt.client_key, account_key=attempt.account_key)
    if attempt.browser_key:
        own |= Q(browser_key=attempt.browser_key)
    FailedSignIn.objects.filter(own).delete()


def _known_browser(request):
    raw = request.COOKIES.get(settings.SIGN_IN_KNOWN_BROWSER_COOKIE)
    if not raw:
        return None
    try:
        value = signing.loads(
            raw,
            salt=KNOWN_BROWSER_SALT,
            max_age=datetime.timedelta(days=settings.SIGN_IN_KNOWN_BROWSER_DAYS),
        )
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("id"), str):
        return None
    return value


def known_browser_cookie(request, user):
    """The cookie value that remembers this browser for this person (after a complete
    sign-in), keeping the browser's id and up to ten accounts used on it."""
    browser = _known_browser(request) or {"id": secrets.token_urlsafe(24), "accounts": []}
    accounts = [a for a in browser.get("accounts", []) if a != str(user.public_id)]
    accounts = [str(user.public_id), *accounts][:KNOWN_ACCOUNTS_PER_BROWSER]
    return signing.dumps({"id": browser["id"], "accounts": accounts}, salt=KNOWN_BROWSER_SALT)
