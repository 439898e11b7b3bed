"""Production settings: everything secure by default. Refuses to start in demo mode or
without a real secret key, so a misconfigured deployment fails loudly instead of quietly."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEMO_MODE, SECRET_KEY, env, env_bool

if DEMO_MODE:
    raise ImproperlyConfigured(
        "DEMO_MODE is on under production settings. Demo users share a published MFA secret, "
        "so Gateway will not start. Unset DEMO_MODE."
    )
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to at least 50 random characters.")

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-gateway-session"
CSRF_COOKIE_NAME = "__Host-gateway-csrf"

# Links people are sent (texts, emails, letters) are built from SITE_URL, never from the Host
# header; a server must say where it is, over https.
if not env("SITE_URL", "").startswith("https://"):
    raise ImproperlyConfigured(
        "SITE_URL must be set to the https address people use for Gateway, for example "
        "https://gateway.example.nhs.uk: links in texts and emails are built from it."
    )
