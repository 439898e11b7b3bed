"""Keeping what a person typed (search criteria, a half-filled form) in their server-side
session under a random token, so it never travels in a URL (ADR 0006). A token from another
session finds nothing; only the last few are kept."""

import secrets

KEEP_IN_SESSION = 10


def remember(session, key, value):
    """Keep ``value`` in the session under a new random token and return the token."""
    token = secrets.token_urlsafe(16)
    stored = dict(session.get(key, {}))
    stored[token] = value
    session[key] = dict(list(stored.items())[-KEEP_IN_SESSION:])
    return token


def recall(session, key, token):
    """What was kept under ``token``, or None."""
    return session.get(key, {}).get(token)
