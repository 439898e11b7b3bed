"""The text that tells a person how to sign in to the demo."""

from django_otp.oath import totp

from gateway.accounts.demo import DEMO_TOTP_SECRET_BASE32, DEMO_TOTP_SECRET_HEX
from gateway.accounts.models import Role

from .demo_data import DEMO_PASSWORD, USERS, demo_email, demo_users


def current_demo_code():
    """The 6-digit code an authenticator holding the demo secret shows now (30-second steps,
    the django-otp TOTPDevice defaults)."""
    code = totp(bytes.fromhex(DEMO_TOTP_SECRET_HEX), step=30, t0=0, digits=6, drift=0)
    return f"{code:06d}"


def sign_ins_text(url):
    loaded = {user.username for user, _role, _org in demo_users()}
    width = max(len(demo_email(local)) for local, *_ in USERS)
    lines = [
        "",
        "=" * 78,
        " Gateway demo (demo data only: no real people)",
        "=" * 78,
        f" Open:       {url}/sign-in",
        f" Password:   {DEMO_PASSWORD}   (the same for every demo user)",
        "",
        " Demo users (email, role, organisation):",
    ]
    for local_part, _name, role, org_name in USERS:
        email = demo_email(local_part)
        missing = "" if email in loaded else "   [not loaded yet: run make demo]"
        lines.append(f"   {email:<{width}}  {Role(role).label:<20} {org_name}{missing}")
    lines += [
        "",
        " Multi-factor sign-in: every demo user shares one published authenticator secret.",
        f"   Secret (base32):  {DEMO_TOTP_SECRET_BASE32}",
        "   To use your phone: in an authenticator app (NHS-approved apps, Google or Microsoft",
        "   Authenticator) choose 'Add account', then 'Enter a setup key', type the secret",
        "   above, and choose 'Time based'. Or skip the app and run: make demo-code",
        f"   Code right now:   {current_demo_code()}   (changes every 30 seconds)",
        "=" * 78,
        "",
    ]
    return "\n".join(lines)
