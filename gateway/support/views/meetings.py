"""Multi-agency meetings, their actions, and the owner's worklist "Your actions"
(docs/domain/multiple-disadvantage.md#what-helps).
Patients are read only through gateway.patients.queries (404 for organisations not involved); writes
go through meeting_services; every page that shows a person's information is audited."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gateway.audit import services as audit
from gateway.core import check_answers
from gateway.core.form_pages import form_page
from gateway.core.forms import show_refusal
from gateway.core.pagination import COUNT_LIMIT, PAGE_SIZE, page_of
from gateway.core.permissions import permission_required

from ..forms.team import ActionForm, CloseActionForm, MeetingForm
from ..queries import team as team_queries
from ..services import meetings as meeting_services
from ..services.meetings import Attendee
from .common import visible_patient

VIEW = "support.view_support"
RECORD = "support.record_support"
# Caldicott access table: only roles with this part in full open its pages.
OPEN = "support.open_meetings"


@require_http_methods(["GET"])
@permission_required(VIEW)
@permission_required(OPEN)
def meetings(request, public_id):
    patient = visible_patient(request, public_id)
    audit.record_view(request, patient, what="support: meetings")
    page = page_of(request, team_queries.meetings_for(patient))
    return render(
        request,
        "support/meetings/list.jinja",
        {
            "patient": patient,
            "page": page,
            "can_record": request.user.has_perm(RECORD, request.current_organisation),
        },
    )


def _attendees(data):
    people = data["people"]
    with_people = {m.organisation_id for m in people}
    found = [Attendee(organisation=m.organisation, user=m.user) for m in people]
    found += [Attendee(organisation=o) for o in data["organisations"] if o.pk not in with_people]
    found += [Attendee(name=name, role=role) for name, role in data["others"] if name]
    return found


DRAFTS = "support_meeting_drafts"


def _meeting_form(data, patient):
    return MeetingForm(
        data,
        organisations=team_queries.involved_organisations(patient).order_by("name"),
        memberships=team_queries.action_owner_memberships(patient),
    )


def _meeting_form_page(request, form, patient):
    return render(request, "support/meetings/form.jinja", {"form": form, "patient": patient})


def _record(request, form, patient):
    """Record the meeting from a valid form; returns the meeting, or None with the service's
    refusal shown on the form."""
    data = dict(form.cleaned_data)
    attendees = _attendees(data)
    for name in ("people", "organisations", "others"):
        data.pop(name)
    try:
        return meeting_services.record_meeting(
            request.user, request.current_organisation, patient, attendees=attendees, **data
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "attendees" in error.error_dict:
            error.error_dict["organisations"] = error.error_dict.pop("attendees")
        show_refusal(form, error)
        return None


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
@permission_required(OPEN)
def meeting_new(request, public_id):
    """The meeting form; a valid form goes to check your answers (what was typed waits in the
    session under a random token, and Change links come back here with it)."""
    patient = visible_patient(request, public_id)
    draft = check_answers.recall(request, DRAFTS, request.GET.get("draft", ""))
    if draft is not None and draft["about"] != str(patient.public_id):
        draft = None
    if request.method == "POST":
        form = _meeting_form(request.POST, patient)
        if form.is_valid():
            try:
                attendees = _attendees(dict(form.cleaned_data))
                meeting_services.check_meeting(form.cleaned_data, has_attendees=bool(attendees))
            except ValidationError as error:
                if hasattr(error, "error_dict") and "attendees" in error.error_dict:
                    error.error_dict["organisations"] = error.error_dict.pop("attendees")
                show_refusal(form, error)
            else:
                token = check_answers.remember(request, DRAFTS, request.POST, patient.public_id)
                return redirect("support:meeting-check", token=token)
    else:
        form = _meeting_form(check_answers.as_data(draft) if draft else None, patient)
        audit.record_view(request, patient, what="support: record a meeting")
    return _meeting_form_page(request, form, patient)


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
@permission_required(OPEN)
def meeting_check(request, token):
    """Check your answers; the meeting is recorded only when confirmed here."""
    draft = check_answers.recall(request, DRAFTS, token)
    if draft is None:
        messages.info(request, "Your meeting was not found. Start it again.")
        return redirect("core:home")
    patient = visible_patient(request, draft["about"])
    change_url = (
        f"{reverse('support:meeting-new', kwargs={'public_id': patient.public_id})}?draft={token}"
    )
    form = _meeting_form(check_answers.as_data(draft), patient)
    if not form.is_valid():
        return redirect(change_url)
    if request.method == "POST":
        meeting = _record(request, form, patient)
        if meeting is None:
            return _meeting_form_page(request, form, patient)
        check_answers.forget(request, DRAFTS, token)
        return redirect("support:meeting-recorded", public_id=meeting.public_id)
    audit.record_view(request, patient, what="support: check a meeting")
    data = form.cleaned_data
    attendance = check_answers.rows(form, change_url, ["held_on", "organisations", "people"])
    attendance.append(
        check_answers.row(
            "Anyone else who attended",
            "; ".join(f"{name}, {role}" if role else name for name, role in data["others"])
            or "No one else",
            f"{change_url}#id_others",
        )
    )
    person = ["participation", "persons_views"]
    if data.get("participation") == "not_invited":
        person.append("not_invited_reason")
    return render(
        request,
        "support/meetings/check.jinja",
        {
            "patient": patient,
            "sections": [
                {"heading": "Who attended", "rows": attendance},
                {"heading": "The person", "rows": check_answers.rows(form, change_url, person)},
                {
                    "heading": "What was discussed and decided",
                    "rows": check_answers.rows(form, change_url, ["discussion", "decisions"]),
                },
            ],
            "change_url": change_url,
            "token": token,
        },
    )


@require_http_methods(["GET"])
@permission_required(VIEW)
@permission_required(OPEN)
def meeting_recorded(request, public_id):
    """The confirmation page: the meeting is recorded; what happens next."""
    meeting = team_queries.get_visible_meeting(
        request.user, request.current_organisation, public_id
    )
    patient = visible_patient(request, meeting.patient.public_id)
    audit.record_view(request, patient, what="support: meeting recorded", obj=meeting)
    return render(
        request,
        "support/meetings/recorded.jinja",
        {
            "patient": patient,
            "meeting": meeting,
            "can_record": request.user.has_perm(RECORD, request.current_organisation),
        },
    )


@require_http_methods(["GET"])
@permission_required(VIEW)
@permission_required(OPEN)
def meeting_detail(request, public_id):
    meeting = team_queries.get_visible_meeting(
        request.user, request.current_organisation, public_id
    )
    patient = visible_patient(request, meeting.patient.public_id)
    audit.record_view(request, patient, what="support: meeting", obj=meeting)
    return render(
        request,
        "support/meetings/detail.jinja",
        {
            "patient": patient,
            "meeting": meeting,
            "attendees": list(meeting.attendees.all()),
            "actions": list(meeting.actions.all()),
            "today": timezone.localdate(),
            "can_record": request.user.has_perm(RECORD, request.current_organisation),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
@permission_required(OPEN)
def action_new(request, public_id):
    organisation = request.current_organisation
    meeting = team_queries.get_visible_meeting(request.user, organisation, public_id)
    patient = visible_patient(request, meeting.patient.public_id)
    return form_page(
        request,
        ActionForm,
        template="support/meetings/action_form.jinja",
        context={"patient": patient, "meeting": meeting},
        form_kwargs={"memberships": team_queries.action_owner_memberships(patient)},
        save=lambda form: meeting_services.add_action(
            request.user,
            organisation,
            meeting,
            description=form.cleaned_data["description"],
            owner_membership=form.cleaned_data["owner"],
            due_on=form.cleaned_data["due_on"],
        ),
        success="The action has been added to the owner's worklist",
        next_url=reverse("support:meeting-detail", kwargs={"public_id": meeting.public_id}),
        on_view=lambda: audit.record_view(
            request, patient, what="support: add an action", obj=meeting
        ),
    )


def _after_closing(request, action, patient):
    if request.GET.get("next") == "actions":
        return reverse("support:actions")
    if action.meeting_id:
        return reverse("support:meeting-detail", kwargs={"public_id": action.meeting.public_id})
    return reverse("support:patient", kwargs={"public_id": patient.public_id})


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
def action_close(request, public_id):
    organisation = request.current_organisation
    action = team_queries.get_visible_action(request.user, organisation, public_id)
    patient = visible_patient(request, action.patient.public_id)

    def save(form):
        data = form.cleaned_data
        close = (
            meeting_services.complete_action
            if data["outcome_choice"] == "done"
            else meeting_services.cancel_action
        )
        close(request.user, organisation, action, data["version"], outcome=data["outcome"])

    return form_page(
        request,
        CloseActionForm,
        template="support/meetings/action_close.jinja",
        context={"patient": patient, "action": action, "next": request.GET.get("next", "")},
        form_kwargs={"initial": {"version": action.version}},
        save=save,
        success="The action is closed and has left the worklist",
        next_url=_after_closing(request, action, patient),
        on_view=lambda: audit.record_view(
            request, patient, what="support: close an action", obj=action
        ),
    )


@require_http_methods(["GET"])
@permission_required(VIEW)
def actions(request):
    """Your actions: the signed-in user's open actions for the current organisation, overdue
    first, with the working agreements they lead that are due for review."""
    user, organisation = request.user, request.current_organisation
    page = page_of(
        request, team_queries.open_actions_listed(user, organisation), count_limit=COUNT_LIMIT
    )
    reviews = team_queries.agreements_due_listed(user, organisation, shown=PAGE_SIZE)
    # One row for the page (as the other worklists): who looked at their worklist and how
    # many people it named; each person's own pages are audited when opened.
    audit.record(
        audit.Action.VIEW,
        actor=user,
        organisation=organisation,
        object_type="support.worklist",
        object_id="actions",
        detail={"page": "support: your actions", "actions": len(page), "reviews": len(reviews)},
    )
    return render(
        request,
        "support/meetings/actions.jinja",
        {
            "page": page,
            "reviews": reviews,
            "today": timezone.localdate(),
        },
    )
