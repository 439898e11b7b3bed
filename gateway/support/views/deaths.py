"""Deaths: the person's death record with its revisions, recording a death
(which closes what was open: services/deaths.py) and changing the record later as the
learning review goes on. Patients are read only through gateway.patients.queries; writes go
through death_services; every page is audited."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.audit import services as audit
from gateway.core.form_pages import form_page
from gateway.core.permissions import permission_required

from ..forms.deaths import DeathEditForm, DeathForm
from ..queries import deaths as death_queries
from ..services import deaths as death_services
from .common import visible_patient

VIEW = "support.view_support"
RECORD = "support.record_death"
# A death record's answers and their choices, from the service that checks them.
CHOICES = death_services.CHOICES
NOT_YET_KNOWN = CHOICES["preventable"].NOT_YET_KNOWN
NOT_STARTED = CHOICES["learning_review_status"].NOT_STARTED


def _death_page(patient):
    return reverse("support:death", kwargs={"public_id": patient.public_id})


@require_http_methods(["GET"])
@permission_required(VIEW)
def death(request, public_id):
    patient = visible_patient(request, public_id)
    audit.record_view(request, patient, what="support: death")
    record = death_queries.death_of(patient)
    return render(
        request,
        "support/deaths/detail.jinja",
        {
            "patient": patient,
            "death": record,
            "revisions": death_queries.revisions_of(record) if record is not None else [],
            "labels": {name: dict(choices.choices) for name, choices in CHOICES.items()},
            "can_record": request.user.has_perm(RECORD, request.current_organisation),
        },
    )


def _recorded(recorded):
    closed = recorded.closed
    return (
        "The death has been recorded. Closed: "
        f"{closed['sas_episodes']} SAS episode(s), {closed['referrals']} referral(s), "
        f"{closed['registration_referrals']} GP registration referral(s), "
        f"{closed['actions']} action(s), {closed['contact_routes']} contact route(s); "
        f"{closed['messages']} waiting message(s) cancelled."
    )


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
def death_new(request, public_id):
    organisation = request.current_organisation
    patient = visible_patient(request, public_id)
    if death_queries.death_of(patient) is not None:
        return redirect("support:death-edit", public_id=patient.public_id)
    return form_page(
        request,
        DeathForm,
        template="support/deaths/form.jinja",
        context={"patient": patient, "editing": False},
        form_kwargs={
            "initial": {
                "preventable": NOT_YET_KNOWN,
                "treatable": NOT_YET_KNOWN,
                "learning_review_status": NOT_STARTED,
            }
        },
        save=lambda form: death_services.record_death(
            request.user, organisation, patient, form.cleaned_data
        ),
        success=_recorded,
        next_url=_death_page(patient),
        on_view=lambda: audit.record_view(request, patient, what="support: record a death"),
    )


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
def death_edit(request, public_id):
    organisation = request.current_organisation
    patient = visible_patient(request, public_id)
    record = death_queries.death_of(patient)
    if record is None:
        raise Http404("No death has been recorded.")

    def save(form):
        data = dict(form.cleaned_data)
        version = data.pop("version")
        return death_services.update_death(request.user, organisation, record, version, data)

    initial = {name: getattr(record, name) for name in death_services.FIELDS}
    return form_page(
        request,
        DeathEditForm,
        template="support/deaths/form.jinja",
        context={"patient": patient, "editing": True},
        form_kwargs={"initial": {**initial, "version": record.version}},
        save=save,
        success="The death record has been updated",
        next_url=_death_page(patient),
        on_view=lambda: audit.record_view(
            request, patient, what="support: change a death record", obj=record
        ),
    )
