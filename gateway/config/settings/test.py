"""Settings for the test suite: fast hashing, no debug, demo mode on (the tests use demo users)."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
DEMO_MODE = env_bool("DEMO_MODE", True)
ALLOW_TEST_NHS_NUMBERS = env_bool("ALLOW_TEST_NHS_NUMBERS", True)
SECRET_KEY = "test-only-not-secret-1f2e3d4c5b6a79880a1b2c3d4e5f6071"
PORTAL_CODE_KEY = "test-only-portal-key-8a2b4c6d1e3f5a79"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

INSTALLED_APPS = [*INSTALLED_APPS, "gateway.nonprod"]  # noqa: F405
# WhiteNoise looks for STATIC_ROOT at start-up; tests serve static files from the finders.
STATIC_ROOT.mkdir(exist_ok=True)  # noqa: F405

# Every page a test renders is checked for boxes with no words in them (gateway.core.page_checks).
MIDDLEWARE = [*MIDDLEWARE, "gateway.core.page_checks.PageChecksMiddleware"]  # noqa: F405

# Fixed audit keys, and anchors kept in memory (emptied before each test by conftest.py).
MFA_SECRET_KEY_ID = "test"
MFA_SECRET_KEYS = {"test": "test-only-mfa-secret-key-not-secret"}
AUDIT_CHAIN_KEY_ID = "test"
AUDIT_CHAIN_KEYS = {"test": "test-only-audit-chain-key-not-secret"}
AUDIT_ANCHOR_KEY_ID = "test"
AUDIT_ANCHOR_KEYS = {"test": "test-only-audit-anchor-key-not-secret"}
AUDIT_ANCHOR_STORE = {"BACKEND": "gateway.audit.anchors.MemoryAnchorStore", "OPTIONS": {}}

# Every run of a statement compiled once a process is compared with the ORM's own statement
# for the same values, and fails the test if they differ (gateway/core/prepared.py, ADR 0068).
GATEWAY_CHECK_PREPARED = True
