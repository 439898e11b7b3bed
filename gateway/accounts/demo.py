"""The published demo MFA secret. Every demo user's authenticator shares it so anyone can
sign in to the demo. It is public on purpose: demo users exist only in demo mode, and
production settings refuse to start with DEMO_MODE on."""

import base64

# 20 fixed random bytes (the RFC 4226 recommended length for a TOTP key).
DEMO_TOTP_SECRET_HEX = "e71a5c454f9c49b975b4ed5997dc0afce7fd8432"
# The same key as authenticator apps want it typed in.
DEMO_TOTP_SECRET_BASE32 = base64.b32encode(bytes.fromhex(DEMO_TOTP_SECRET_HEX)).decode()
