"""Deaths: the person's death record with its revisions, recording a death
(which closes what was open: services/deaths.py) and changing the record later as the
learning review goes on. Patients are read only through gateway.patients.queries; writes go
through death_services; every page is audited."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gateway.accounts.decorators import permission_required
from gateway.audit import services as audit
from gateway.core.forms import DateField, show_refusal

from ..models import Death, DeathRevision
from ..services import deaths as death_services
from .common import visible_patient

VIEW = "support.view_support"
RECORD = "support.record_death"


def _radios(label, choices, message):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


def _text(label, max_length=4000, textarea=True):
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.Textarea if textarea else forms.TextInput,
    )


class DeathForm(forms.Form):
    died_on = DateField(label="Date they died", label_for_errors="the date the person died")
    date_is_estimated = forms.BooleanField(label="The date is an estimate", required=False)
    place = _radios("Where did they die?", Death.Place.choices, "Choose where the person died")
    place_detail = _text("More about where (optional)", max_length=300, textarea=False)
    cause_category = _radios(
        "Cause of death", Death.Cause.choices, "Choose the cause of death, or not known yet"
    )
    cause_detail = _text("More about the cause (optional)")
    preventable = _radios(
        "Was the death judged preventable?", Death.Judgement.choices, "Choose an answer"
    )
    treatable = _radios(
        "Was the cause judged treatable?", Death.Judgement.choices, "Choose an answer"
    )
    learning_review_status = _radios(
        "Learning review", Death.ReviewStatus.choices, "Choose where the learning review is"
    )
    learning_review_findings = _text("What the learning review found (optional until complete)")


class DeathEditForm(DeathForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _death(patient):
    return (
        Death.objects.filter(patient=patient).select_related("recorded_by", "organisation").first()
    )


@require_http_methods(["GET"])
@permission_required(VIEW)
def death(request, public_id):
    patient = visible_patient(request, public_id)
    audit.record_view(request, patient, what="support: death")
    record = _death(patient)
    revisions = []
    if record is not None:
        revisions = list(
            DeathRevision.objects.filter(death=record).select_related("by", "by_organisation")[:25]
        )
    return render(
        request,
        "support/deaths/detail.jinja",
        {
            "patient": patient,
            "death": record,
            "revisions": revisions,
            "labels": {name: dict(choices.choices) for name, choices in _CHOICES.items()},
            "can_record": request.user.has_perm(RECORD, request.current_organisation),
        },
    )


_CHOICES = death_services.CHOICES


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
def death_new(request, public_id):
    organisation = request.current_organisation
    patient = visible_patient(request, public_id)
    if _death(patient) is not None:
        return redirect("support:death-edit", public_id=patient.public_id)
    form = DeathForm(
        request.POST if request.method == "POST" else None,
        initial={
            "preventable": Death.Judgement.NOT_YET_KNOWN,
            "treatable": Death.Judgement.NOT_YET_KNOWN,
            "learning_review_status": Death.ReviewStatus.NOT_STARTED,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            recorded = death_services.record_death(
                request.user, organisation, patient, form.cleaned_data
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            closed = recorded.closed
            messages.success(
                request,
                "The death has been recorded. Closed: "
                f"{closed['sas_episodes']} SAS episode(s), {closed['referrals']} referral(s), "
                f"{closed['registration_referrals']} GP registration referral(s), "
                f"{closed['actions']} action(s), {closed['contact_routes']} contact route(s); "
                f"{closed['messages']} waiting message(s) cancelled.",
            )
            return redirect("support:death", public_id=patient.public_id)
    if request.method == "GET":
        audit.record_view(request, patient, what="support: record a death")
    return render(
        request,
        "support/deaths/form.jinja",
        {"form": form, "patient": patient, "editing": False, "page_has_errors": bool(form.errors)},
    )


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
def death_edit(request, public_id):
    organisation = request.current_organisation
    patient = visible_patient(request, public_id)
    record = _death(patient)
    if record is None:
        raise Http404("No death has been recorded.")
    initial = {name: getattr(record, name) for name in death_services.FIELDS}
    form = DeathEditForm(
        request.POST if request.method == "POST" else None,
        initial={**initial, "version": record.version},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            death_services.update_death(request.user, organisation, record, version, data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The death record has been updated")
            return redirect("support:death", public_id=patient.public_id)
    if request.method == "GET":
        audit.record_view(request, patient, what="support: change a death record", obj=record)
    return render(
        request,
        "support/deaths/form.jinja",
        {"form": form, "patient": patient, "editing": True, "page_has_errors": bool(form.errors)},
    )
