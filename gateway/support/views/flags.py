"""Safety flags: the person's flags with who set and ended each, setting a
flag and ending one. The banner (patients/_flags.jinja) shows open flags on every page about
the person. Writes go through flag_services; every page is audited."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.audit import services as audit
from gateway.core.form_pages import form_page
from gateway.core.pagination import page_of
from gateway.core.permissions import permission_required

from ..forms.flags import EndFlagForm, FlagForm
from ..services import flags as flag_services
from .common import visible_patient

VIEW = "support.view_support"
RECORD = "support.record_support"


@require_http_methods(["GET"])
@permission_required(VIEW)
def flags(request, public_id):
    patient = visible_patient(request, public_id)
    audit.record_view(request, patient, what="support: safety flags")
    page = page_of(request, flag_services.flag_history(patient))
    return render(
        request,
        "support/flags/list.jinja",
        {
            "patient": patient,
            "page": page,
            "settable": [k.value for k in flag_services.SETTABLE],
            "can_record": request.user.has_perm(RECORD, request.current_organisation),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
def flag_new(request, public_id):
    patient = visible_patient(request, public_id)
    return form_page(
        request,
        FlagForm,
        template="support/flags/form.jinja",
        context={"patient": patient},
        save=lambda form: flag_services.set_flag(
            request.user, request.current_organisation, patient, **form.cleaned_data
        ),
        success="The flag is set and shows wherever the person appears",
        next_url=reverse("support:flags", kwargs={"public_id": patient.public_id}),
        on_view=lambda: audit.record_view(request, patient, what="support: set a safety flag"),
    )


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
def flag_end(request, public_id, kind):
    patient = visible_patient(request, public_id)
    flag = next((f for f in patient.open_flags if f.kind == kind), None)
    if flag is None or kind not in flag_services.SETTABLE:
        raise Http404("No such flag.")
    return form_page(
        request,
        EndFlagForm,
        template="support/flags/end.jinja",
        context={"patient": patient, "flag": flag},
        save=lambda form: flag_services.end_flag(
            request.user,
            request.current_organisation,
            patient,
            kind=kind,
            reason=form.cleaned_data["reason"],
        ),
        success="The flag has ended",
        next_url=reverse("support:flags", kwargs={"public_id": patient.public_id}),
        on_view=lambda: audit.record_view(request, patient, what="support: end a safety flag"),
    )
