"""Settings for running Gateway on one machine: `make run` and development.
Debug is on, cookies are not marked secure (plain http on 127.0.0.1) and demo mode is allowed."""

from .base import *  # noqa: F403
from .base import AUDIT_ANCHOR_KEY_ID, AUDIT_CHAIN_KEY_ID, MFA_SECRET_KEY_ID, env, env_bool

DEBUG = env_bool("DEBUG", True)
DEMO_MODE = env_bool("DEMO_MODE", True)
ALLOW_TEST_NHS_NUMBERS = env_bool("ALLOW_TEST_NHS_NUMBERS", True)
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", True)
SECRET_KEY = env("SECRET_KEY", "") or "local-only-not-secret-6b1f0e2c9a7d4e3f8b5a1c0d9e8f7a6b"
PORTAL_CODE_KEY = env("PORTAL_CODE_KEY", "") or "local-only-portal-key-3c9d1e7a5b2f4a68"

INSTALLED_APPS = [*INSTALLED_APPS, "gateway.nonprod"]  # noqa: F405

# Fixed, published audit keys for the demo only (production requires its own, ADR 0034).
AUDIT_CHAIN_KEYS = {  # noqa: F405
    **AUDIT_CHAIN_KEYS,  # noqa: F405
    AUDIT_CHAIN_KEY_ID: env("AUDIT_CHAIN_KEY", "") or "local-only-audit-chain-key-not-secret",
}
AUDIT_ANCHOR_KEYS = {  # noqa: F405
    **AUDIT_ANCHOR_KEYS,  # noqa: F405
    AUDIT_ANCHOR_KEY_ID: env("AUDIT_ANCHOR_KEY", "") or "local-only-audit-anchor-key-not-secret",
}
MFA_SECRET_KEYS = {  # noqa: F405
    **MFA_SECRET_KEYS,  # noqa: F405
    MFA_SECRET_KEY_ID: env("MFA_SECRET_KEY", "") or "local-only-mfa-secret-key-not-secret",
}
