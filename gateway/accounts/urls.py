from django.urls import path

from .views import cis2, leavers, organisations, sign_in, users

app_name = "accounts"

urlpatterns = [
    path("sign-in", sign_in.sign_in, name="sign-in"),
    path("sign-in/verify", sign_in.verify, name="verify"),
    path("sign-in/set-up-mfa", sign_in.set_up_mfa, name="set-up-mfa"),
    # NHS Care Identity (CIS2) single sign-on; 404 unless OIDC_ENABLED.
    path("sign-in/cis2", cis2.StartCis2SignIn.as_view(), name="cis2-start"),
    path("sign-in/cis2/callback", cis2.Cis2Callback.as_view(), name="cis2-callback"),
    path("sign-out", sign_in.sign_out_view, name="sign-out"),
    path("organisation", sign_in.switch_organisation, name="switch-organisation"),
    path("organisations", organisations.organisations, name="organisations"),
    path(
        "organisations/<uuid:public_id>/edit",
        organisations.organisation_edit,
        name="organisation-edit",
    ),
    # An organisation admin's staff pages (accounts.manage_users).
    path("users", users.users, name="users"),
    path("users/invite", users.invite, name="user-invite"),
    path("users/invited/<str:token>", users.invited, name="user-invited"),
    path("users/<uuid:public_id>", users.user_detail, name="user-detail"),
    path("users/<uuid:public_id>/roles", users.user_roles, name="user-roles"),
    path("users/<uuid:public_id>/deactivate", users.user_deactivate, name="user-deactivate"),
    # Handing on a leaving worker's open work (ADR 0039).
    path("users/<uuid:public_id>/work", leavers.work, name="user-work"),
    path(
        "users/<uuid:public_id>/work/check/<str:token>",
        leavers.work_check,
        name="user-work-check",
    ),
    path(
        "users/<uuid:public_id>/reset-authenticator",
        users.mfa_reset_request,
        name="user-mfa-reset",
    ),
    path(
        "users/authenticator-resets/<uuid:public_id>",
        users.mfa_reset_confirm,
        name="mfa-reset-confirm",
    ),
    # Public: the invited person's one-time link.
    path("invitation/<str:token>", users.invitation, name="invitation"),
]
