"""Settings shared by every environment. Everything that differs comes from the environment
(see .env.example at the repository root); nothing secret lives in this file."""

import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("GATEWAY_VAR_DIR", BASE_DIR / "var"))


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_keys(name):
    """Retired keys kept to check what they signed: "id:key,id:key" -> {id: key}."""
    return dict(item.split(":", 1) for item in env_list(name) if ":" in item)


SECRET_KEY = env("SECRET_KEY", "")
# Rotating SECRET_KEY: put the old key here (comma separated) while the new one takes over, so
# people stay signed in and signed links keep working; remove it after the longest session.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# How many reverse proxies in front of Gateway append to X-Forwarded-For. 0 (the default)
# trusts no header and uses the connecting address; behind one proxy set 1, so rate limits
# count each visitor, not the proxy. Never more than there really are: the rest is typed by
# the client and can be forged.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))

# Demo mode loads published demo users who share one TOTP secret. It must never run in
# production: gateway.config.settings.production refuses to start when it is on.
DEMO_MODE = env_bool("DEMO_MODE", False)
# NHS numbers in the 999 range pass the check digit but are never given to a person
# (docs/domain/identifiers-and-reference-data.md#nhs-number). Demo data and tests use them (on with
# demo mode); everywhere else they are refused.
ALLOW_TEST_NHS_NUMBERS = env_bool("ALLOW_TEST_NHS_NUMBERS", DEMO_MODE)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "gateway.core",
    "gateway.audit",
    "gateway.accounts",
    "gateway.patients",
    "gateway.sas",
    "gateway.support",
    "gateway.registration",
    "gateway.comms",
    "gateway.portal",
    "gateway.insight",
    "gateway.imports",
    "gateway.records",
    "gateway.api",
]

MIDDLEWARE = [
    "gateway.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gateway.accounts.middleware.SessionTimeoutMiddleware",
    "gateway.accounts.middleware.StaffAccessMiddleware",
    # After the organisation is known: a 403 or 404 on a page about a person is audited.
    "gateway.audit.middleware.RefusedAccessAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "gateway.core.middleware.SecureHeadersMiddleware",
]

ROOT_URLCONF = "gateway.config.urls"
WSGI_APPLICATION = "gateway.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "gateway.core.jinja2.environment",
            "context_processors": [
                "gateway.core.context_processors.navigation",
                "gateway.core.context_processors.design_system",
            ],
        },
    },
    {
        # The Django admin needs the Django template engine.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]
FORM_RENDERER = "django.forms.renderers.DjangoTemplates"

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gateway.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker use the file at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short reads and writes: PostgreSQL's JIT compiler cost more than it saved (17.7 s of a
    # 20.7 s dashboard statement was compiling; ADR 0052). Behind a transaction pooler, which
    # passes no start-up options, the role's setting does it (scripts/postgres-roles.sql).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# Statements compiled once a process that are marked to be planned once (ADR 0070) are
# prepared on the server, once a connection; psycopg prepares nothing else (a threshold no
# statement reaches: only those asked for). Off on SQLite, and behind a transaction pooler.
DATABASE_PREPARED_STATEMENTS = DATABASES["default"][
    "ENGINE"
] == "django.db.backends.postgresql" and env_bool("DATABASE_PREPARED_STATEMENTS", True)
if DATABASE_PREPARED_STATEMENTS:
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 2**31 - 1
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Migrations run as the role that owns the tables; the application's role (DATABASE_URL) may
# only read and add audit rows (scripts/postgres-roles.sql, ADR 0034). `manage.py migrate`
# connects with this URL when it is set. Same database, different user.
MIGRATION_DATABASE_URL = env("MIGRATION_DATABASE_URL", "")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Sessions after the throttled password step; checks no password itself (ADR 0036).
    "gateway.accounts.backends.PasswordSessionBackend",
    # NHS Care Identity (CIS2) sign-in; does nothing unless OIDC_ENABLED (ADR 0037).
    "gateway.accounts.cis2.Cis2Backend",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"

# Argon2 first (ASVS 2.4); no composition rules, a length floor and a check against common
# and breached-style passwords (Django ships a list of 20,000), per NCSC guidance.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in protection (ASVS 2.2, 3.3; docs/adr/0036-sign-in-throttled-not-locked.md).
# Refused passwords are counted in a window by who is trying, never to lock a named account:
# the address and the email typed together, the address alone, the email typed from anywhere
# and all of Gateway. A browser the person has finished signing in with before is counted on
# its own, so nobody elsewhere can keep them out.
SIGN_IN_THROTTLE_MINUTES = int(env("SIGN_IN_THROTTLE_MINUTES", "15"))
SIGN_IN_LIMITS = {
    "address_and_email": int(env("SIGN_IN_LIMIT_ADDRESS_AND_EMAIL", "5")),
    "address": int(env("SIGN_IN_LIMIT_ADDRESS", "30")),
    "email": int(env("SIGN_IN_LIMIT_EMAIL", "10")),
    "overall": int(env("SIGN_IN_LIMIT_OVERALL", "300")),
    "known_browser": int(env("SIGN_IN_LIMIT_KNOWN_BROWSER", "5")),
}
SIGN_IN_KNOWN_BROWSER_DAYS = int(env("SIGN_IN_KNOWN_BROWSER_DAYS", "30"))
SIGN_IN_KNOWN_BROWSER_COOKIE = "gateway_known_browser"
# Wrong security codes (the step after the right password) before the code step is locked.
SIGN_IN_MAX_FAILURES = int(env("SIGN_IN_MAX_FAILURES", "5"))
SIGN_IN_LOCKOUT_MINUTES = int(env("SIGN_IN_LOCKOUT_MINUTES", "15"))
SESSION_IDLE_TIMEOUT_MINUTES = int(env("SESSION_IDLE_TIMEOUT_MINUTES", "30"))
SESSION_ABSOLUTE_TIMEOUT_HOURS = int(env("SESSION_ABSOLUTE_TIMEOUT_HOURS", "10"))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
OTP_TOTP_ISSUER = "Gateway"

# The patient's own page (ADR 0013): one-time codes from staff, short portal sessions.
# Codes and the portal's rate-limit counters are stored as HMACs under their own key, so
# rotating SECRET_KEY never invalidates a code a person has just been given.
PORTAL_CODE_KEY = env("PORTAL_CODE_KEY", "")
PORTAL_CODE_MINUTES = int(env("PORTAL_CODE_MINUTES", "30"))
PORTAL_CODE_MAX_WRONG_TRIES = int(env("PORTAL_CODE_MAX_WRONG_TRIES", "5"))
PORTAL_CLIENT_MAX_FAILURES = int(env("PORTAL_CLIENT_MAX_FAILURES", "10"))
PORTAL_CLIENT_LOCKOUT_MINUTES = int(env("PORTAL_CLIENT_LOCKOUT_MINUTES", "15"))
PORTAL_SESSION_IDLE_MINUTES = int(env("PORTAL_SESSION_IDLE_MINUTES", "15"))
PORTAL_SESSION_ABSOLUTE_MINUTES = int(env("PORTAL_SESSION_ABSOLUTE_MINUTES", "60"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    ("nhsuk", BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Periodic jobs `manage.py run_schedule` runs (make run starts it): (command, every seconds).
# Each is safe to run more often than needed; production may use cron or timers instead.
SCHEDULED_JOBS = [
    ("sas_daily", 60 * 60),
    ("registration_daily", 60 * 60),
    # Keep every area's insight figures for today (ADR 0064): queues a task an area not yet
    # kept today, so only the first run of a day queues anything.
    ("insight_daily", 60 * 60),
    ("poll_letter_statuses", 10 * 60),
    ("resume_outbox", 10 * 60),
    # Chain the audit rows written since the last run (ADR 0047): requests only append rows,
    # and a row is not protected by the chain until it is sealed. The timer wakes every 10 s
    # (run_schedule.POLL_SECONDS), so it runs within 10 s of falling due.
    ("audit_seal", int(env("AUDIT_SEAL_EVERY_SECONDS", "30"))),
    # A signed checkpoint of the audit chain's head, outside the database (ADR 0034).
    ("audit_anchor", int(env("AUDIT_ANCHOR_EVERY_SECONDS", str(10 * 60)))),
    # Check the whole trail against its chain and anchors; a failure is logged as an error.
    ("audit_verify", int(env("AUDIT_VERIFY_EVERY_SECONDS", str(24 * 60 * 60)))),
    # Caseload spreadsheets are personal data: forgotten after 7 days (docs/adr/0031).
    ("forget_caseload_files", 60 * 60),
    ("expire_subject_access_exports", 60 * 60),
    # Finished background tasks' rows: successful ones after TASK_RESULTS_KEEP_DAYS, failed ones
    # after TASK_RESULTS_KEEP_FAILED_DAYS, so a failure stays long enough to be seen.
    ("prune_task_results", 24 * 60 * 60),
]
TASK_RESULTS_KEEP_DAYS = int(env("TASK_RESULTS_KEEP_DAYS", "14"))
TASK_RESULTS_KEEP_FAILED_DAYS = int(env("TASK_RESULTS_KEEP_FAILED_DAYS", "90"))

# The audit trail's keys (ADR 0034), never stored in the database and separate from SECRET_KEY
# so rotating one breaks nothing else. Rows are chained with HMAC-SHA256 under the current
# chain key and name its id; retired keys stay listed ("id:key,...") so older rows still
# verify. Anchors (signed checkpoints of the chain's head) are written to a store outside the
# database, signed with the anchor key. Production requires both keys.
AUDIT_CHAIN_KEY_ID = env("AUDIT_CHAIN_KEY_ID", "1")
AUDIT_CHAIN_KEYS = {
    **env_keys("AUDIT_CHAIN_RETIRED_KEYS"),
    AUDIT_CHAIN_KEY_ID: env("AUDIT_CHAIN_KEY", ""),
}
# Authenticator (TOTP) secrets are encrypted in the database with this key, which is never
# stored there (ADR 0046). Retired keys ("id:key,...") stay listed until
# `manage.py rotate_mfa_secrets` has re-encrypted every device. Production requires it.
MFA_SECRET_KEY_ID = env("MFA_SECRET_KEY_ID", "1")
MFA_SECRET_KEYS = {
    **env_keys("MFA_SECRET_RETIRED_KEYS"),
    MFA_SECRET_KEY_ID: env("MFA_SECRET_KEY", ""),
}
AUDIT_ANCHOR_KEY_ID = env("AUDIT_ANCHOR_KEY_ID", "1")
AUDIT_ANCHOR_KEYS = {
    **env_keys("AUDIT_ANCHOR_RETIRED_KEYS"),
    AUDIT_ANCHOR_KEY_ID: env("AUDIT_ANCHOR_KEY", ""),
}
# Where anchors go: any class with append(dict) and read() (gateway.audit.anchors).
AUDIT_ANCHOR_STORE = {
    "BACKEND": "gateway.audit.anchors.FileAnchorStore",
    "OPTIONS": {"path": env("AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.jsonl"))},
}
# `audit_verify` reports audit rows left unsealed longer than this (ADR 0047, hazard H59): the
# sealer has stopped. Keep it well above AUDIT_SEAL_EVERY_SECONDS.
AUDIT_UNSEALED_LIMIT_MINUTES = int(env("AUDIT_UNSEALED_LIMIT_MINUTES", "10"))
# Rows written before the chain was keyed (plain SHA-256, no key id) are accepted up to this
# row id and no further; 0 accepts none. Set it once, when upgrading a database that has them.
AUDIT_CHAIN_LEGACY_UNTIL_ID = int(env("AUDIT_CHAIN_LEGACY_UNTIL_ID", "0"))

# DASH risk checklist wording is SafeLives' (licensed): the deploying organisation points this
# at a JSON file holding it. The shipped file has neutral placeholders ("Question 1" ...).
DASH_QUESTIONS_FILE = env(
    "DASH_QUESTIONS_FILE", str(BASE_DIR / "gateway" / "support" / "dash_questions.json")
)

# GOV.UK Notify. Without a key (the demo default) messages stay in Gateway's outbox.
NOTIFY_API_KEY = env("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = env("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
# Notify templates for texts and emails whose whole content is "((body))" (and subject
# "((subject))"): Gateway writes the words; Notify only delivers them.
NOTIFY_TEMPLATE_TEXT = env("NOTIFY_TEMPLATE_TEXT", "")
NOTIFY_TEMPLATE_EMAIL = env("NOTIFY_TEMPLATE_EMAIL", "")
# Bearer token Notify sends with delivery-status callbacks; empty refuses every callback.
NOTIFY_CALLBACK_TOKEN = env("NOTIFY_CALLBACK_TOKEN", "")
# 12 tries wait about 5 hours in all (30 s doubling to an hour): an outage of Notify of an
# hour or more is waited out, not turned into a failure (ADR 0046).
NOTIFY_MAX_ATTEMPTS = int(env("NOTIFY_MAX_ATTEMPTS", "12"))
NOTIFY_RETRY_BASE_SECONDS = int(env("NOTIFY_RETRY_BASE_SECONDS", "30"))
# A worker's claim on a message it is sending; after this it counts as dead and another may
# take over (asking Notify by reference first). Far longer than the Notify client's timeout.
NOTIFY_CLAIM_SECONDS = int(env("NOTIFY_CLAIM_SECONDS", "900"))
# A message still waiting this long with nothing heard lost its sending task (a worker died
# mid-send): resume_outbox queues it again. Longer than the longest retry backoff (1 hour).
OUTBOX_RESUME_AFTER_SECONDS = int(env("OUTBOX_RESUME_AFTER_SECONDS", str(65 * 60)))

# A subject access export (gateway/records) can be downloaded once, by the person who asked for
# it, for this many days after it is made; then its content is deleted (ADR 0033).
SUBJECT_ACCESS_DOWNLOAD_DAYS = int(env("SUBJECT_ACCESS_DOWNLOAD_DAYS", "7"))

# The JSON API (gateway/api, ADR 0038). A token works for API_TOKEN_DAYS after it is made;
# rotating one gives the old token API_TOKEN_ROTATION_OVERLAP_HOURS more, so the system using
# it can switch, then it stops working. Each token may make API_RATE_LIMIT_REQUESTS requests
# in each window of API_RATE_LIMIT_WINDOW_SECONDS (counted in the database, so every web
# process shares the count); more get 429 with Retry-After. A list gives at most
# API_MAX_PAGE_SIZE items a page (a larger `limit` is lowered to it).
API_TOKEN_DAYS = int(env("API_TOKEN_DAYS", "90"))
API_TOKEN_ROTATION_OVERLAP_HOURS = int(env("API_TOKEN_ROTATION_OVERLAP_HOURS", "168"))
API_RATE_LIMIT_REQUESTS = int(env("API_RATE_LIMIT_REQUESTS", "120"))
API_RATE_LIMIT_WINDOW_SECONDS = int(env("API_RATE_LIMIT_WINDOW_SECONDS", "60"))
API_MAX_PAGE_SIZE = int(env("API_MAX_PAGE_SIZE", "100"))
# /api/docs and /api/openapi.json: off (the default), only staff signed in with their
# authenticator, or a system sending a valid API token, may read them. On in the local demo.
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", False)

# Where people reach Gateway, as they type it: "https://gateway.example.nhs.uk". Links in
# texts, emails and letters are built from it, never from the Host header a request sent.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Staff single sign-on with OpenID Connect (NHS CIS2 or Entra ID). Off unless configured.
OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
# Who issues the tokens (the id_token's iss); tokens from anyone else are refused.
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER", "")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid profile email nationalrbacaccess")
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:cis2-callback"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_CREATE_USER = True
# CIS2 assurance (ADR 0037): Gateway asks for these ACR values and refuses a sign-in whose
# id_token acr is not one of the accepted ones (AAL2 or above: multi-factor).
CIS2_ACR_VALUES = env("CIS2_ACR_VALUES", "AAL2_OR_ABOVE")
CIS2_ACCEPTED_ACR = env_list("CIS2_ACCEPTED_ACR", "AAL2_OR_ABOVE,AAL2_ANY,AAL3_ANY")
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": CIS2_ACR_VALUES}
# Which Gateway role each CIS2 national RBAC role code gives at each kind of organisation,
# as JSON: {"R8000": {"gp_practice": ["practice_staff", "sas_practice_staff"]}}. A role
# the organisation cannot have (roles_for_organisation) is never given. Empty (the default)
# refuses everyone: a deployment that turns CIS2 on must say who gets what.
CIS2_ROLE_MAP = json.loads(env("CIS2_ROLE_MAP", "{}"))

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "https://assets.nhs.uk"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "gateway.core.logging.RequestIdFilter"}},
    "formatters": {"json": {"()": "gateway.core.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's request logger prints full URLs and can include query strings; our own
        # request log (gateway.request) records the route name instead.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
    },
}

# Checks of whether someone is already on Gateway (adding a person, by page or API): at most
# this many per user in this many seconds (ADR 0035). Counted in the cache.
PATIENT_LOOKUP_LIMIT = (
    int(env("PATIENT_LOOKUP_LIMIT", "60")),
    int(env("PATIENT_LOOKUP_WINDOW_SECONDS", "3600")),
)
