"""Shared view helpers for the registration pages. Referrals and patients are read only
through gateway.registration.queries and gateway.patients.queries (404 for organisations not
involved); writes go through the services; every page showing a person is audited."""

from django.urls import reverse

from gateway.audit import services as audit
from gateway.core import lists

from .. import queries
from ..models import RegistrationReferral

Status = RegistrationReferral.Status
AddressBasis = RegistrationReferral.AddressBasis
Outcome = RegistrationReferral.CommissionerOutcome

VIEW = "registration.view_referral"
REFER = "registration.refer"
ANSWER = "registration.answer"
OVERSEE = "registration.oversee"


def open_alerts_listed(request):
    """The organisation's first 25 open alerts, as the list pages' alerts panel shows them
    (registration/_alerts.jinja): only the columns it reads (ADR 0061, ADR 0065)."""
    alerts = queries.open_alerts(request.current_organisation)
    return list(
        alerts.select_related(None)
        .select_related("referral__patient")
        .only(
            "kind",
            "detail",
            "raised_on",
            "referral__public_id",
            "referral__patient__given_name",
            "referral__patient__family_name",
        )[:25]
    )


def referral_for(request, public_id):
    return queries.get_visible_referral(request.user, request.current_organisation, public_id)


def detail_url(referral):
    return reverse("registration:detail", kwargs={"public_id": referral.public_id})


def audit_view(request, referral, page):
    audit.record(
        audit.Action.VIEW,
        actor=request.user,
        organisation=request.current_organisation,
        obj=referral,
        patient=referral.patient,
        detail={"page": page},
    )


def person_column():
    """The person a referral is about: sorts by family name, then given name."""
    return lists.Column(
        "Person",
        lambda referral: referral.patient.full_name,
        key="person",
        order_by=("patient__search_family_name", "patient__search_given_name"),
    )


def status_column():
    return lists.Column(
        "Status",
        lambda referral: referral.get_status_display(),
        key="status",
        order_by=("status",),
    )


def status_filter():
    return lists.Filter("status", "Status", "status", choices=Status.choices, any_text="Any status")
