"""Every write about staff and organisations, and the sign-in steps: signing in and out
(sign_in.py), disabling an account and changing an organisation (organisations.py), and an
organisation admin's staff (users.py)."""

from .organisations import disable_user, update_organisation
from .sign_in import (
    active_organisations,
    confirm_totp_device,
    enrolment_device,
    has_confirmed_device,
    sign_in_with_password,
    sign_out,
    verify_totp,
)

__all__ = [
    "active_organisations",
    "confirm_totp_device",
    "disable_user",
    "enrolment_device",
    "has_confirmed_device",
    "sign_in_with_password",
    "sign_out",
    "update_organisation",
    "verify_totp",
]
