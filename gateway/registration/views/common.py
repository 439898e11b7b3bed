"""Shared view helpers for the registration pages. Referrals and patients are read only
through gateway.registration.queries and gateway.patients.queries (404 for organisations not
involved); writes go through the services; every page showing a person is audited."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect

from gateway.audit import services as audit
from gateway.core.forms import show_refusal
from gateway.patients.presenters import pagination

from .. import queries

PAGE_SIZE = 25
VIEW = "registration.view_referral"
REFER = "registration.refer"
ANSWER = "registration.answer"
OVERSEE = "registration.oversee"


def referral_for(request, public_id):
    return queries.get_visible_referral(request.user, request.current_organisation, public_id)


def audit_view(request, referral, page):
    audit.record(
        audit.Action.VIEW,
        actor=request.user,
        organisation=request.current_organisation,
        obj=referral,
        patient=referral.patient,
        detail={"page": page},
    )


def page(request, queryset, url):
    current = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return list(current.object_list), pagination(current, url)


def run(request, form, action, success, target):
    """Call the service; on success say so and go to target, else show its refusal."""
    try:
        action()
    except ValidationError as error:
        show_refusal(form, error)
        return None
    messages.success(request, success)
    return redirect(target)
