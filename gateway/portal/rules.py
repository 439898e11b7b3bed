"""Pure rules for the patient's own page: the shape of a one-time code, how what the person
typed is read, and the keyed hashes kept instead of codes, tokens and client addresses."""

import hashlib
import hmac
import secrets

# No letters or numbers that look alike (0/O, 1/I/L) or spell words easily (U).
ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
SELECTOR_LENGTH = 4
SECRET_LENGTH = 4
CODE_LENGTH = SELECTOR_LENGTH + SECRET_LENGTH


def new_code():
    """A random code, like "KXM4-T9QW": 30^8 (about 6.5 x 10^11) possible codes."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def shown(code):
    """How the code is written for the person: two groups of four."""
    return f"{code[:SELECTOR_LENGTH]}-{code[SELECTOR_LENGTH:]}"


def normalise(typed):
    """What the person typed, as a code: spaces, dashes and case do not matter. Returns ""
    when it cannot be a code."""
    cleaned = "".join(ch for ch in (typed or "").upper() if ch.isalnum())
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return ""
    return cleaned


def selector(code):
    return code[:SELECTOR_LENGTH]


def keyed_hash(key, value):
    """HMAC-SHA256: a database copy alone cannot be turned back into codes or addresses."""
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def same(a, b):
    return hmac.compare_digest(a, b)


def new_session_token():
    return secrets.token_urlsafe(32)


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()
