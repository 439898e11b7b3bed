"""Production settings: everything secure by default. Refuses to start in demo mode or
without a real secret key, so a misconfigured deployment fails loudly instead of quietly."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    AUDIT_ANCHOR_KEY_ID,
    AUDIT_ANCHOR_KEYS,
    AUDIT_CHAIN_KEY_ID,
    AUDIT_CHAIN_KEYS,
    DATABASES,
    DEMO_MODE,
    MFA_SECRET_KEY_ID,
    MFA_SECRET_KEYS,
    PORTAL_CODE_KEY,
    SECRET_KEY,
    env,
    env_bool,
)

if DEMO_MODE:
    raise ImproperlyConfigured(
        "DEMO_MODE is on under production settings. Demo users share a published MFA secret, "
        "so Gateway will not start. Unset DEMO_MODE."
    )
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to at least 50 random characters.")
if len(PORTAL_CODE_KEY) < 32 or PORTAL_CODE_KEY == SECRET_KEY:
    raise ImproperlyConfigured(
        "PORTAL_CODE_KEY must be set to at least 32 random characters, different from SECRET_KEY."
    )
# The audit trail's keys (ADR 0034): long, and each different, so neither the database nor
# SECRET_KEY's rotation can forge or break the chain.
_chain_key = AUDIT_CHAIN_KEYS[AUDIT_CHAIN_KEY_ID]
_anchor_key = AUDIT_ANCHOR_KEYS[AUDIT_ANCHOR_KEY_ID]
for _name, _key in (("AUDIT_CHAIN_KEY", _chain_key), ("AUDIT_ANCHOR_KEY", _anchor_key)):
    if len(_key) < 32:
        raise ImproperlyConfigured(f"{_name} must be set to at least 32 random characters.")
# Authenticator secrets are encrypted with a key outside the database (ADR 0046).
_mfa_key = MFA_SECRET_KEYS[MFA_SECRET_KEY_ID]
if len(_mfa_key) < 32:
    raise ImproperlyConfigured("MFA_SECRET_KEY must be set to at least 32 random characters.")
if len(MFA_SECRET_KEY_ID) > 8 or ":" in MFA_SECRET_KEY_ID:
    raise ImproperlyConfigured("MFA_SECRET_KEY_ID must be at most 8 characters, no colon.")
if len({SECRET_KEY, PORTAL_CODE_KEY, _chain_key, _anchor_key, _mfa_key}) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY, PORTAL_CODE_KEY, AUDIT_CHAIN_KEY, AUDIT_ANCHOR_KEY and MFA_SECRET_KEY "
        "must all differ."
    )

DEBUG = False
# A connection kept for a minute, not opened for every request, and checked before it is
# reused after a database restart (docs/adr/0043-lists-that-stay-fast.md). 0 turns it off
# (for a pooler such as PgBouncer in transaction mode).
DATABASES["default"]["CONN_MAX_AGE"] = int(env("DATABASE_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Behind a pooler in transaction mode (docs/operations/deployment.md): no connection kept by
# Django, and no server-side cursors (.iterator()), which cannot outlive a transaction there.
if env_bool("DATABASE_TRANSACTION_POOLER", False):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    # A pooler passes no start-up options: the role turns JIT off (scripts/postgres-roles.sql).
    DATABASES["default"].get("OPTIONS", {}).pop("options", None)
    # The next statement may reach a server connection that never saw the PREPARE.
    DATABASE_PREPARED_STATEMENTS = False
    DATABASES["default"].get("OPTIONS", {}).pop("prepare_threshold", None)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-gateway-session"
CSRF_COOKIE_NAME = "__Host-gateway-csrf"
SIGN_IN_KNOWN_BROWSER_COOKIE = "__Host-gateway-known-browser"

# Links people are sent (texts, emails, letters) are built from SITE_URL, never from the Host
# header; a server must say where it is, over https.
if not env("SITE_URL", "").startswith("https://"):
    raise ImproperlyConfigured(
        "SITE_URL must be set to the https address people use for Gateway, for example "
        "https://gateway.example.nhs.uk: links in texts and emails are built from it."
    )
