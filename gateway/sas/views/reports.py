"""Removal report, screening and allocation pages. Reads go through
gateway.sas.queries and gateway.patients.queries; writes through gateway.sas.services.
Refusals from the services are shown as plain messages, never a 500."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gateway.accounts.models import Organisation, Role
from gateway.accounts.rules import roles_in
from gateway.audit import services as audit
from gateway.core.form_pages import form_page
from gateway.core.pagination import page_of

from .. import queries, services
from ..errors import SasError
from ..forms.reports import (
    AllocateForm,
    AnswerInformationForm,
    DeclineForm,
    InformationRequestForm,
)
from ..queries import get_visible_episode
from ..rules import BEHAVIOURS
from ..rules.screening import ROUTES
from ..services import reports as report_services
from ..services.allocation import pending_allocation
from ..states import BEFORE_ALLOCATION, State


def not_allowed(request, message, status=403):
    return render(request, "sas/reports/not_allowed.jinja", {"message": message}, status=status)


def works_as(request, role, kind):
    organisation = request.current_organisation
    return (
        organisation is not None
        and organisation.kind == kind
        and role in roles_in(request.user, organisation)
    )


def posted(request):
    # An empty POST (nothing typed on the check page) is still a submission.
    return request.POST if request.method == "POST" else None


def open_flags_of(patient):
    if hasattr(patient, "open_flags"):  # prefetched by get_visible_patient
        return patient.open_flags
    return list(
        patient.flags.filter(ended_at__isnull=True).select_related("set_by", "set_by_organisation")
    )


# --- Screening (commissioner) ----------------------------------------------------------


def _commissioner_episode(request, public_id):
    """The episode (404 when not visible) for its own commissioner; NotAllowed otherwise."""
    organisation = request.current_organisation
    episode = get_visible_episode(request.user, organisation, public_id)
    if not report_services.may_screen(request.user, organisation, episode):
        return episode, (
            "Only the commissioner responsible for this episode can screen and allocate it. "
            "Switch to that commissioner organisation, or ask a commissioner to do it."
        )
    return episode, None


# What the screening queue shows of each episode (sas/reports/queue.jinja, _queue_row), the
# only columns its rows read (ADR 0061, ADR 0065); the allocation target is an annotation.
QUEUE_LISTED = (
    "public_id",
    "state",
    "patient__preferred_name",
    "patient__given_name",
    "patient__family_name",
    "removing_practice__name",
    "removal_report__notice_given_at",
    "removal_report__screening_route",
    "removal_report__screening_warnings",
)


@require_http_methods(["GET"])
def screening_queue(request):
    if not works_as(request, Role.COMMISSIONER, Organisation.Kind.COMMISSIONER):
        raise PermissionDenied
    organisation = request.current_organisation
    queue = queries.screening_queue(request.user, organisation).only(*QUEUE_LISTED)
    page = page_of(request, queue)
    now = timezone.now()
    rows = [_queue_row(episode, now) for episode in page]
    return render(
        request,
        "sas/reports/queue.jinja",
        {
            "page": page,
            "rows": rows,
        },
    )


def _queue_row(episode, now):
    report = getattr(episode, "removal_report", None)
    hours = report_services.hours_since(report.notice_given_at, now) if report else None
    return {
        "episode": episode,
        "report": report,
        "hours": int(hours) if hours is not None else None,
        "overdue": bool(episode.target_due_at and episode.target_due_at < now),
        "route": ROUTES.get(report.screening_route, "") if report else "",
        "warnings": report.screening_warnings if report else [],
    }


def _screen_context(request, episode, **extra):
    report = getattr(episode, "removal_report", None)
    return {
        "episode": episode,
        "patient": episode.patient,
        "flags": open_flags_of(episode.patient),
        "report": report,
        "behaviours": [BEHAVIOURS.get(b, b) for b in (report.behaviours if report else [])],
        "route": ROUTES.get(report.screening_route, "") if report else "",
        "requests": list(episode.information_requests.all()),
        "proposal": pending_allocation(episode),
        "screening_open": episode.state in BEFORE_ALLOCATION,
        **extra,
    }


@require_http_methods(["GET", "POST"])
def screen(request, public_id):
    episode, refusal = _commissioner_episode(request, public_id)
    if refusal:
        return not_allowed(request, refusal)
    problem = None
    if request.method == "POST":
        try:
            services.start_screening(
                request.user, request.current_organisation, episode, _version(request)
            )
        except SasError as refused:
            problem = refused.message
        else:
            messages.success(request, "Screening started")
            return redirect("sas:screen", public_id=episode.public_id)
    audit.record_view(request, episode.patient, what="SAS screening")
    return render(
        request,
        "sas/reports/screen.jinja",
        _screen_context(request, episode, problem=problem, page_has_errors=bool(problem)),
    )


def _version(request):
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1  # a conflict: the page did not say which version it showed


def _screen_form_page(request, episode, form_class, template, save, success, next_url, **kw):
    """A commissioner's or practice's form about the report: its refusals on the form, the
    report and its questions beside it."""
    return form_page(
        request,
        form_class,
        template=template,
        save=save,
        success=success,
        next_url=next_url,
        context=_screen_context(request, episode, **kw.pop("context", {})),
        refusals=(SasError,),
        **kw,
    )


@require_http_methods(["GET", "POST"])
def request_information(request, public_id):
    episode, refusal = _commissioner_episode(request, public_id)
    if refusal:
        return not_allowed(request, refusal)
    initial = {"version": episode.version, "due_on": report_services.default_information_due()}
    return _screen_form_page(
        request,
        episode,
        InformationRequestForm,
        "sas/reports/request_information.jinja",
        save=lambda form: services.request_more_information(
            request.user,
            request.current_organisation,
            episode,
            form.cleaned_data["version"],
            form.cleaned_data["question"],
            form.cleaned_data["due_on"],
        ),
        success="Your questions have been sent to the practice",
        next_url=reverse("sas:screen", kwargs={"public_id": episode.public_id}),
        form_kwargs={"initial": initial},
    )


@require_http_methods(["GET", "POST"])
def answer_information(request, public_id):
    organisation = request.current_organisation
    episode = get_visible_episode(request.user, organisation, public_id)
    if not report_services.may_answer_questions(request.user, organisation, episode):
        return not_allowed(
            request, "Only staff at the practice that made the report can answer the questions."
        )
    return _screen_form_page(
        request,
        episode,
        AnswerInformationForm,
        "sas/reports/answer_information.jinja",
        save=lambda form: services.answer_information_request(
            request.user,
            organisation,
            episode,
            form.cleaned_data["version"],
            form.cleaned_data["answer"],
        ),
        success="Your answer has been sent to the commissioner",
        next_url=reverse("sas:episode-detail", kwargs={"public_id": episode.public_id}),
        form_kwargs={"initial": {"version": episode.version}},
    )


@require_http_methods(["GET", "POST"])
def decline(request, public_id):
    episode, refusal = _commissioner_episode(request, public_id)
    if refusal:
        return not_allowed(request, refusal)
    return _screen_form_page(
        request,
        episode,
        DeclineForm,
        "sas/reports/decline.jinja",
        save=lambda form: services.decline(
            request.user,
            request.current_organisation,
            episode,
            form.cleaned_data["version"],
            form.cleaned_data["reason"],
        ),
        success="The report has been declined. The practice and patient are told.",
        next_url=reverse("sas:screening-queue"),
        form_kwargs={"initial": {"version": episode.version}},
    )


@require_http_methods(["GET", "POST"])
def allocate(request, public_id):
    episode, refusal = _commissioner_episode(request, public_id)
    if refusal:
        return not_allowed(request, refusal)
    organisation = request.current_organisation
    choice = services.allocation_options(episode)
    by_id = {str(o.practice.public_id): o.practice for o in choice.options}
    proposal = pending_allocation(episode) if episode.state == State.AWAITING_APPROVAL else None
    initial = {"version": episode.version}
    if choice.suggested:
        initial["sas_practice"] = str(choice.suggested.public_id)

    def save(form):
        data = form.cleaned_data
        if proposal is not None:
            services.confirm_allocation(request.user, organisation, episode, data["version"])
            return
        services.allocate(
            request.user,
            organisation,
            episode,
            by_id[data["sas_practice"]],
            data["version"],
            override_reason=data["override_reason"],
        )

    def success(_):
        if episode.state == State.AWAITING_APPROVAL:
            return "Allocation proposed. Another commissioner must confirm it."
        return "The patient has been allocated to the SAS practice"

    return _screen_form_page(
        request,
        episode,
        AllocateForm,
        "sas/reports/allocate.jinja",
        save=save,
        success=success,
        next_url=reverse("sas:episode-detail", kwargs={"public_id": episode.public_id}),
        form_kwargs={
            "initial": initial,
            "choices": [
                (key, o.practice.name) for key, o in zip(by_id, choice.options, strict=True)
            ],
            "confirming": proposal is not None,
        },
        context={"choice": choice, "confirming": proposal},
    )


@require_POST
def confirm_in_writing(request, public_id):
    organisation = request.current_organisation
    episode = get_visible_episode(request.user, organisation, public_id)
    try:
        services.confirm_in_writing(request.user, organisation, episode)
    except SasError as refused:
        return not_allowed(request, refused.message)
    except ValidationError as invalid:
        messages.info(request, " ".join(invalid.messages))
    else:
        messages.success(request, "Written confirmation recorded")
    return redirect("sas:episode-detail", public_id=episode.public_id)
