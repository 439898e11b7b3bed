"""Settings for running Gateway on one machine: `make run` and development.
Debug is on, cookies are not marked secure (plain http on 127.0.0.1) and demo mode is allowed."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DEBUG", True)
DEMO_MODE = env_bool("DEMO_MODE", True)
ALLOW_TEST_NHS_NUMBERS = env_bool("ALLOW_TEST_NHS_NUMBERS", True)
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", True)
SECRET_KEY = env("SECRET_KEY", "") or "local-only-not-secret-6b1f0e2c9a7d4e3f8b5a1c0d9e8f7a6b"

INSTALLED_APPS = [*INSTALLED_APPS, "gateway.nonprod"]  # noqa: F405
