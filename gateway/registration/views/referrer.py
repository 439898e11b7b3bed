"""The referrer's pages: the new-referral journey (person, consent,
address, identity, prison release), choosing the practice and sending, the list of referrals,
and recording the first appointment."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.accounts.decorators import permission_required
from gateway.accounts.models import Organisation
from gateway.audit.services import record_view
from gateway.core import check_answers, lists
from gateway.core.forms import show_refusal
from gateway.patients.queries import get_visible_patient
from gateway.patients.services import DuplicatePatient

from .. import queries, services
from ..forms import (
    AfterRefusalForm,
    ChoosePracticeForm,
    DateForm,
    PersonForm,
    ReferralForm,
    WithdrawForm,
)
from ..models import RegistrationReferral
from .common import (
    REFER,
    audit_view,
    person_column,
    referral_for,
    run,
    status_column,
    status_filter,
)

REFERRALS = lists.ListSpec(
    name="registration-referrals",
    url_name="registration:list",
    csv_url_name="registration:list-csv",
    noun="referral",
    audit_type="registration.RegistrationReferral",
    default_sort="-referred",
    columns=(
        person_column(),
        lists.Column(
            "Referred", lambda r: r.referred_on, key="referred", order_by=("referred_on",)
        ),
        lists.Column(
            "Practice",
            lambda r: r.practice.name if r.practice else "Not chosen yet",
            key="practice",
            order_by=("practice__name",),
        ),
        status_column(),
        lists.Column("Sent", lambda r: r.sent_on, in_table=False),
        lists.Column("Answer due", lambda r: r.chase_on, in_table=False),
    ),
    filters=(
        status_filter(),
        lists.Filter(
            "practice", "Practice", "practice", choices="organisations", any_text="Any practice"
        ),
        lists.Filter("referred", "Referred", "referred_on", kind="dates"),
    ),
)


def _referrals(request):
    return queries.referrer_list(request.user, request.current_organisation)


@require_http_methods(["GET", "POST"])
@permission_required(REFER)
def referral_list(request):
    listing = lists.ListPage(request, REFERRALS, _referrals(request))
    if listing.redirect:
        return listing.redirect
    return render(
        request,
        "registration/list.jinja",
        {
            "listing": listing,
            "referrals": listing.page.object_list,
            "alerts": list(queries.open_alerts(request.current_organisation)[:25]),
            "page_has_errors": bool(listing.form.errors),
        },
    )


@require_http_methods(["GET"])
@permission_required(REFER)
def referral_list_csv(request):
    return lists.export_csv(request, REFERRALS, _referrals(request))


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
    if data["address_basis"] == RegistrationReferral.AddressBasis.PROXY:
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


def _own(request, referral):
    """Only the referring organisation acts on its referral (others who may see it get
    an honest 403: they know the referral exists)."""
    if referral.referring_organisation_id != request.current_organisation.pk:
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
@permission_required(REFER)
def choose(request, public_id):
    referral = referral_for(request, public_id)
    _own(request, referral)
    choice = services.practice_choice(referral)
    practices = Organisation.objects.filter(pk__in=[o.pk for o in choice.options])
    by_pk = {p.pk: p for p in practices}
    ordered = [by_pk[o.pk] for o in choice.options if o.pk in by_pk]
    form = ChoosePracticeForm(
        request.POST or None,
        practices=ordered,
        initial={"version": referral.version},
    )
    if request.method == "POST" and form.is_valid():
        practice = next(p for p in ordered if str(p.public_id) == form.cleaned_data["practice"])
        version = form.cleaned_data["version"]

        def choose_and_send():
            services.choose_practice(
                request.user, request.current_organisation, referral, practice, version
            )
            services.send(request.user, request.current_organisation, referral, referral.version)

        done = run(
            request,
            form,
            choose_and_send,
            f"The referral has been sent to {practice.name}.",
            reverse("registration:sent", kwargs={"public_id": referral.public_id}),
        )
        if done:
            return done
    if request.method == "GET":
        audit_view(request, referral, "registration: choose practice")
    return render(
        request,
        "registration/choose.jinja",
        {
            "referral": referral,
            "choice": choice,
            "form": form,
            "page_has_errors": bool(form.errors),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(REFER)
def attended(request, public_id):
    referral = referral_for(request, public_id)
    _own(request, referral)
    form = DateForm(request.POST or None, initial={"version": referral.version})
    form.fields["on"].label = "Date of the first appointment"
    if request.method == "POST" and form.is_valid():
        done = run(
            request,
            form,
            lambda: services.record_first_appointment(
                request.user,
                request.current_organisation,
                referral,
                attended_on=form.cleaned_data["on"],
                expected_version=form.cleaned_data["version"],
            ),
            "The first appointment is recorded.",
            reverse("registration:detail", kwargs={"public_id": referral.public_id}),
        )
        if done:
            return done
    return render(
        request,
        "registration/date_form.jinja",
        {
            "referral": referral,
            "form": form,
            "heading": "Record the first appointment",
            "action": reverse("registration:attended", kwargs={"public_id": referral.public_id}),
            "button_text": "Record the appointment",
            "page_has_errors": bool(form.errors),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(REFER)
def withdraw(request, public_id):
    referral = referral_for(request, public_id)
    _own(request, referral)
    form = WithdrawForm(request.POST or None, initial={"version": referral.version})
    if request.method == "POST" and form.is_valid():
        done = run(
            request,
            form,
            lambda: services.withdraw(
                request.user,
                request.current_organisation,
                referral,
                form.cleaned_data["reason"],
                form.cleaned_data["version"],
            ),
            "The referral has been withdrawn.",
            reverse("registration:detail", kwargs={"public_id": referral.public_id}),
        )
        if done:
            return done
    return render(
        request,
        "registration/withdraw.jinja",
        {"referral": referral, "form": form, "page_has_errors": bool(form.errors)},
    )


@require_http_methods(["GET", "POST"])
@permission_required(REFER)
def after_refusal(request, public_id):
    """The referrer's next step after a refusal: another practice, a challenge or stop."""
    referral = referral_for(request, public_id)
    _own(request, referral)
    if not services.next_steps_open(referral):
        messages.info(request, "You have already chosen what to do after this refusal.")
        return redirect("registration:detail", public_id=referral.public_id)
    form = AfterRefusalForm(request.POST or None, initial={"version": referral.version})
    if not services.can_challenge(referral):
        form.fields["next_step"].choices = [
            c for c in form.fields["next_step"].choices if c[0] != AfterRefusalForm.CHALLENGE
        ]
    if request.method == "POST" and form.is_valid():
        step = form.cleaned_data["next_step"]
        user, organisation = request.user, request.current_organisation
        version, reason = form.cleaned_data["version"], form.cleaned_data["reason"]
        try:
            if step == AfterRefusalForm.ANOTHER:
                new = services.choose_another_practice(user, organisation, referral, version)
                messages.success(request, "Now choose the practice to send the referral to.")
                return redirect("registration:choose", public_id=new.public_id)
            if step == AfterRefusalForm.CHALLENGE:
                services.challenge_refusal(user, organisation, referral, reason, version)
                messages.success(
                    request,
                    "The challenge has been sent to the commissioner, with the referral's "
                    "history. They will contact the practice and tell you the outcome here.",
                )
            else:
                services.stop_after_refusal(user, organisation, referral, reason, version)
                messages.success(request, "The referral is closed. The refusal stays on record.")
            return redirect("registration:detail", public_id=referral.public_id)
        except ValidationError as error:
            show_refusal(form, error)
    if request.method == "GET":
        audit_view(request, referral, "registration: after a refusal")
    return render(
        request,
        "registration/after_refusal.jinja",
        {"referral": referral, "form": form, "page_has_errors": bool(form.errors)},
    )


@require_http_methods(["GET"])
@permission_required(REFER)
def sent(request, public_id):
    """The confirmation page: the referral is sent, and what happens next and by when."""
    referral = referral_for(request, public_id)
    _own(request, referral)
    if referral.status != RegistrationReferral.Status.SENT:
        return redirect("registration:detail", public_id=referral.public_id)
    audit_view(request, referral, "registration: referral sent")
    return render(request, "registration/sent.jinja", {"referral": referral})
