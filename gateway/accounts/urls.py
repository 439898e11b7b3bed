from django.urls import path

from . import organisation_views, user_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in", views.sign_in, name="sign-in"),
    path("sign-in/verify", views.verify, name="verify"),
    path("sign-in/set-up-mfa", views.set_up_mfa, name="set-up-mfa"),
    path("sign-out", views.sign_out_view, name="sign-out"),
    path("organisation", views.switch_organisation, name="switch-organisation"),
    path("organisations", organisation_views.organisations, name="organisations"),
    path(
        "organisations/<uuid:public_id>/edit",
        organisation_views.organisation_edit,
        name="organisation-edit",
    ),
    # An organisation admin's staff pages (accounts.manage_users).
    path("users", user_views.users, name="users"),
    path("users/invite", user_views.invite, name="user-invite"),
    path("users/invited/<str:token>", user_views.invited, name="user-invited"),
    path("users/<uuid:public_id>", user_views.user_detail, name="user-detail"),
    path("users/<uuid:public_id>/roles", user_views.user_roles, name="user-roles"),
    path("users/<uuid:public_id>/deactivate", user_views.user_deactivate, name="user-deactivate"),
    path(
        "users/<uuid:public_id>/reset-authenticator",
        user_views.mfa_reset_request,
        name="user-mfa-reset",
    ),
    path(
        "users/authenticator-resets/<uuid:public_id>",
        user_views.mfa_reset_confirm,
        name="mfa-reset-confirm",
    ),
    # Public: the invited person's one-time link.
    path("invitation/<str:token>", user_views.invitation, name="invitation"),
]
