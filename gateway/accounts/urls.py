from django.urls import path

from . import organisation_views, views

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
]
