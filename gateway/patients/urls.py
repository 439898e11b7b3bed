from django.urls import path

from . import contact_views, views

app_name = "patients"

# Only random tokens and public ids in these paths: never a name, date of birth or NHS number.
urlpatterns = [
    path("", views.search, name="search"),
    path("results/<str:token>", views.results, name="results"),
    path("new", views.create, name="create"),
    path("clients", contact_views.caseload, name="caseload"),
    path("new/check/<str:token>", views.create_check, name="create-check"),
    path("<uuid:public_id>", views.detail, name="detail"),
    path("<uuid:public_id>/edit", views.edit, name="edit"),
    # How to contact the person and what they consented to
    path("<uuid:public_id>/contact/new", contact_views.route_add, name="contact-route-add"),
    path("contact/<uuid:public_id>/change", contact_views.route_edit, name="contact-route-edit"),
    path("contact/<uuid:public_id>/end", contact_views.route_end, name="contact-route-end"),
    path("contact/<uuid:public_id>/move", contact_views.route_move, name="contact-route-move"),
    path(
        "contact/<uuid:public_id>/confirm",
        contact_views.route_confirm,
        name="contact-route-confirm",
    ),
    path("contact/<uuid:public_id>/check", contact_views.route_review, name="contact-route-review"),
    path("<uuid:public_id>/consent/new", contact_views.consent_add, name="consent-add"),
    path(
        "consent/<uuid:public_id>/withdraw",
        contact_views.consent_withdraw,
        name="consent-withdraw",
    ),
]
