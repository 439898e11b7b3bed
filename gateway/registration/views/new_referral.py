"""The new-referral journey: the referral form (the person if they are new to Gateway,
consent, address, identity, support at the practice, leaving prison), then check your answers,
where consent, the address and the referral are saved. What was typed waits in the session
under a random token between the two pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.audit.services import record_view
from gateway.core import check_answers
from gateway.core.forms import show_refusal
from gateway.core.permissions import permission_required
from gateway.patients.queries import get_visible_patient
from gateway.patients.services import DuplicatePatient

from .. import services
from ..forms import PersonForm, ReferralForm
from .common import REFER, AddressBasis

DRAFTS = "registration_referral_drafts"


def _form_url(patient):
    if patient is None:
        return reverse("registration:new")
    return reverse("registration:new-for-patient", kwargs={"public_id": patient.public_id})


def _about(patient):
    return str(patient.public_id) if patient is not None else None


def _forms(data, patient):
    person_form = PersonForm(data, prefix="person") if patient is None else None
    return person_form, ReferralForm(data)


def _render_form(request, form, person_form, patient):
    errors = bool(form.errors) or bool(person_form and person_form.errors)
    return render(
        request,
        "registration/new.jinja",
        {
            "form": form,
            "person_form": person_form,
            "patient": patient,
            "organisation": request.current_organisation,
            "page_has_errors": errors,
        },
    )


def _referral_page(request, patient=None):
    """The referral form. A valid form goes to the check-answers page; what was typed waits
    in the session under a random token, and Change links come back here with it."""
    organisation = request.current_organisation
    draft = check_answers.recall(request, DRAFTS, request.GET.get("draft", ""))
    if draft is not None and draft["about"] != _about(patient):
        draft = None
    if request.method == "POST":
        data = request.POST
    else:
        data = check_answers.as_data(draft) if draft else None
    person_form, form = _forms(data, patient)
    if request.method == "POST":
        person_ok = person_form is None or person_form.is_valid()
        if form.is_valid() and person_ok:
            try:
                services.check_referral(organisation, form.cleaned_data)
            except ValidationError as error:
                show_refusal(form, error)
            else:
                token = check_answers.remember(request, DRAFTS, request.POST, _about(patient))
                return redirect("registration:check", token=token)
    return _render_form(request, form, person_form, patient)


def _check_sections(form, person_form, organisation, change_url):
    rows = check_answers.rows
    sections = []
    if person_form is not None:
        skip = ("birth_year",) if person_form.cleaned_data.get("date_of_birth") else ()
        if not person_form.cleaned_data.get("date_of_birth"):
            skip = ("date_of_birth",)
        sections.append({"heading": "The person", "rows": rows(person_form, change_url, skip=skip)})
    data = form.cleaned_data
    sections.append(
        {
            "heading": "Consent",
            "rows": rows(form, change_url, ["consent_given", "consent_method"]),
        }
    )
    address = rows(form, change_url, ["address_basis"])
    if data["address_basis"] == AddressBasis.PROXY:
        office = [organisation.name, *organisation.postal_lines]
        address.append(
            {
                "key": "Proxy address",
                "value": ", ".join(office),
                "href": f"{change_url}#id_address_basis",
            }
        )
    else:
        address += rows(form, change_url, ["address_line_1", "address_line_2", "town", "postcode"])
    sections.append({"heading": "Address", "rows": address})
    identity = ["identity_confirmed"]
    if data.get("identity_confirmed"):
        identity += ["identity_method", "identity_note"]
    sections.append({"heading": "Identity", "rows": rows(form, change_url, identity)})
    sections.append(
        {"heading": "Support at the practice", "rows": rows(form, change_url, ["adjustments"])}
    )
    prison = ["is_prison_leaver"]
    if data.get("is_prison_leaver"):
        prison += [
            "release_date",
            "releasing_establishment",
            "medication_on_release",
            "medication_days",
            "opioid_substitution",
        ]
        if data.get("opioid_substitution"):
            prison.append("opioid_substitution_days")
    sections.append({"heading": "Leaving prison", "rows": rows(form, change_url, prison)})
    return sections


def _typed_name(person_form):
    data = person_form.cleaned_data
    return f"{data['given_name']} {data['family_name']}"


@require_http_methods(["GET", "POST"])
@permission_required(REFER)
def referral_check(request, token):
    """Check your answers, then save: consent, the address and the referral are written
    only here."""
    organisation = request.current_organisation
    draft = check_answers.recall(request, DRAFTS, token)
    if draft is None:
        messages.info(request, "Your referral was not found. Start it again.")
        return redirect("registration:new")
    patient = None
    if draft["about"]:
        patient = get_visible_patient(request.user, organisation, draft["about"])
    change_url = f"{_form_url(patient)}?draft={token}"
    person_form, form = _forms(check_answers.as_data(draft), patient)
    if not form.is_valid() or (person_form is not None and not person_form.is_valid()):
        return redirect(change_url)
    if request.method == "POST":
        try:
            if patient is None:
                referral = services.refer_new_person(
                    request.user, organisation, person_form.person_data(), form.cleaned_data
                )
            else:
                referral = services.refer(request.user, organisation, patient, form.cleaned_data)
        except DuplicatePatient:
            person_form.add_error(
                None,
                "This person may already be on Gateway. Find them with 'Find a patient' "
                "and refer them from their record.",
            )
            return _render_form(request, form, person_form, patient)
        except ValidationError as error:
            show_refusal(form, error)
            return _render_form(request, form, person_form, patient)
        check_answers.forget(request, DRAFTS, token)
        messages.success(request, "Consent and the referral are recorded. Now choose the practice.")
        return redirect("registration:choose", public_id=referral.public_id)
    if patient is not None:
        record_view(request, patient, what="registration: check the referral")
    return render(
        request,
        "registration/check.jinja",
        {
            "patient": patient,
            "person_name": patient.full_name if patient else _typed_name(person_form),
            "sections": _check_sections(form, person_form, organisation, change_url),
            "change_url": change_url,
            "token": token,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(REFER)
def referral_new(request):
    return _referral_page(request)


@require_http_methods(["GET", "POST"])
@permission_required(REFER)
def referral_new_for_patient(request, public_id):
    patient = get_visible_patient(request.user, request.current_organisation, public_id)
    if request.method == "GET":
        record_view(request, patient, what="registration: new referral")
    return _referral_page(request, patient)
