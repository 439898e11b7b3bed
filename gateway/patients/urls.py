from django.urls import path

from .views import contact, link_requests, patients, records

app_name = "patients"

# Only random tokens and public ids in these paths: never a name, date of birth or NHS number.
urlpatterns = [
    path("", patients.search, name="search"),
    path("results/<str:token>", patients.results, name="results"),
    path("new", patients.create, name="create"),
    path("clients", contact.caseload, name="caseload"),
    # A commissioner's requests to link an organisation to a person (ADR 0035).
    path("link-requests", link_requests.link_requests, name="link-requests"),
    path("link-requests/<uuid:public_id>", link_requests.link_request, name="link-request"),
    path("new/check/<str:token>", patients.create_check, name="create-check"),
    path("<uuid:public_id>", patients.detail, name="detail"),
    path("<uuid:public_id>/edit", patients.edit, name="edit"),
    # Records over time: the same person twice (linked, never merged), a record made in error
    path("duplicates", records.duplicates, name="duplicates"),
    # The second record travels in the query (?duplicate=<public id>): the path has one id.
    path("<uuid:public_id>/link", records.link, name="link"),
    path("links/<uuid:public_id>/undo", records.undo, name="link-undo"),
    path("<uuid:public_id>/made-in-error", records.mark_made_in_error, name="made-in-error"),
    # How to contact the person and what they consented to
    path("<uuid:public_id>/contact/new", contact.route_add, name="contact-route-add"),
    path("contact/<uuid:public_id>/change", contact.route_edit, name="contact-route-edit"),
    path("contact/<uuid:public_id>/end", contact.route_end, name="contact-route-end"),
    path("contact/<uuid:public_id>/move", contact.route_move, name="contact-route-move"),
    path(
        "contact/<uuid:public_id>/confirm",
        contact.route_confirm,
        name="contact-route-confirm",
    ),
    path("contact/<uuid:public_id>/check", contact.route_review, name="contact-route-review"),
    path("<uuid:public_id>/consent/new", contact.consent_add, name="consent-add"),
    path(
        "consent/<uuid:public_id>/withdraw",
        contact.consent_withdraw,
        name="consent-withdraw",
    ),
]
