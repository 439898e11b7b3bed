"""Every write about staff and organisations, and the sign-in steps: signing in and out
(sign_in.py, throttled by throttle.py; NHS Care Identity in cis2.py), disabling an account
and changing an organisation (organisations.py), and an organisation admin's staff
(users.py)."""

from .cis2 import Cis2Refusal, record_cis2_failure, sign_in_with_cis2, start_cis2_session
from .organisations import disable_user, update_organisation
from .sign_in import (
    active_organisations,
    active_organisations_and_roles,
    complete_sign_in,
    confirm_totp_device,
    enrolment_device,
    has_confirmed_device,
    known_browser_cookie,
    sign_in_with_password,
    sign_out,
    verify_totp,
)

__all__ = [
    "Cis2Refusal",
    "active_organisations",
    "active_organisations_and_roles",
    "complete_sign_in",
    "confirm_totp_device",
    "disable_user",
    "enrolment_device",
    "has_confirmed_device",
    "known_browser_cookie",
    "record_cis2_failure",
    "sign_in_with_cis2",
    "sign_in_with_password",
    "sign_out",
    "start_cis2_session",
    "update_organisation",
    "verify_totp",
]
