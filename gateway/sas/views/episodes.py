"""The episode list, an episode's page and its timeline. Reads only, through
gateway.sas.queries (which reach patients through gateway.patients.queries)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gateway.audit import services as audit
from gateway.core import lists
from gateway.core.list_reads import ListRead
from gateway.core.pagination import page_of
from gateway.core.permissions import permission_required
from gateway.patients.presenters import date_of_birth_text, nhs_number_text
from gateway.patients.queries import reads_whole_organisation

from .. import presenters, queries
from ..services import roles_on_episode
from ..services.appeals import LODGE_ROLES
from ..services.reports import ANSWER_ROLES, SCREEN_ROLES
from ..states import BEFORE_ALLOCATION, STATE_LABELS, State, available_transitions

# Episodes, reviews and appeals are part of a patient's record: the same permission.
VIEW_EPISODES = "patients.view_patient"
# The detail page shows the latest steps; the timeline page shows them all.
TIMELINE_ON_DETAIL = 5


def _practices_on_its_scheme(request, field):
    """The practice filter's choices: both filters' read in one query, once a request."""
    if not hasattr(request, "_practices_on_its_scheme"):
        found = queries.practices_on_its_scheme(request.current_organisation)
        request._practices_on_its_scheme = found
    found = request._practices_on_its_scheme
    return None if found is None else found[field]


EPISODE_LIST = lists.ListSpec(
    name="sas-episodes",
    url_name="sas:episode-list",
    csv_url_name="sas:episode-list-csv",
    noun="episode",
    audit_type="sas.Episode",
    default_sort="due",
    columns=(
        lists.Column(
            "Patient",
            lambda e: e.patient.display_name,
            key="patient",
            order_by=("patient__search_family_name", "patient__search_given_name"),
        ),
        lists.Column("State", lambda e: e.get_state_display(), key="state", order_by=("state",)),
        lists.Column(
            "SAS practice",
            lambda e: e.sas_practice.name if e.sas_practice else "Not allocated",
            key="sas-practice",
            order_by=("sas_practice__name",),
        ),
        lists.Column(
            "Next deadline",
            lambda e: e.next_due_label or "Nothing due",
            key="due",
            order_by=("next_due_on",),
        ),
        lists.Column("Due on", lambda e: e.next_due_on, in_table=False),
        lists.Column(
            "Removing practice",
            # None when the commissioner placed the person (or the records had none).
            lambda e: e.removing_practice.name if e.removing_practice else "",
            in_table=False,
        ),
    ),
    filters=(
        lists.Filter(
            "state",
            "State",
            "state",
            choices=queries.state_filter_choices(),
            any_text="Any state",
            apply=queries.filter_by_state,
        ),
        # A commissioner's choices come off an index (ADR 0051), not its whole scope.
        lists.Filter(
            "sas_practice",
            "SAS practice",
            "sas_practice",
            choices="organisations",
            organisations=lambda request: _practices_on_its_scheme(request, "sas_practice"),
        ),
        lists.Filter(
            "removing_practice",
            "Removing practice",
            "removing_practice",
            choices="organisations",
            organisations=lambda request: _practices_on_its_scheme(request, "removing_practice"),
        ),
        lists.Filter("due", "Next deadline due", "next_due_on", kind="dates"),
    ),
)


def _episodes(request):
    return queries.episode_list(request.user, request.current_organisation).select_related(
        "removing_practice"
    )


# What a page of the list shows, the only columns its rows read (ADR 0061, ADR 0065): the
# CSV, which has more, reads _episodes.
LISTED = (
    "public_id",
    "state",
    "next_due_on",
    "next_due_label",
    "patient__given_name",
    "patient__preferred_name",
    "patient__family_name",
    "sas_practice__name",
)


def _listed(request):
    return queries.episode_list(request.user, request.current_organisation).only(*LISTED)


def _listed_for_organisation(organisation_id, today):
    return queries.organisation_episode_list(organisation_id, today).only(*LISTED)


# The list as it is opened, its page read by a statement compiled once a process.
EPISODE_LIST_READ = ListRead(EPISODE_LIST, _listed_for_organisation, whole=reads_whole_organisation)


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_EPISODES)
def episode_list(request):
    listing = lists.ListPage(request, EPISODE_LIST, _listed(request), read=EPISODE_LIST_READ)
    if listing.redirect:
        return listing.redirect
    return render(
        request,
        "sas/episode/list.jinja",
        {
            "listing": listing,
            "rows": _list_rows(listing.page),
            "page_has_errors": bool(listing.form.errors),
        },
    )


@require_http_methods(["GET"])
@permission_required(VIEW_EPISODES)
def episode_list_csv(request):
    return lists.export_csv(request, EPISODE_LIST, _episodes(request))


def _list_rows(page):
    today = timezone.localdate()
    return [
        {
            "episode": episode,
            "patient_name": episode.patient.display_name,
            "state": episode.get_state_display(),
            "sas_practice": episode.sas_practice.name if episode.sas_practice else "",
            "next_due_on": episode.next_due_on,
            "next_due_label": episode.next_due_label,
            "overdue": bool(episode.next_due_on and episode.next_due_on < today),
            "due_text": presenters.due_text(episode.next_due_on, today)
            if episode.next_due_on
            else "",
        }
        for episode in page
    ]


@require_http_methods(["GET"])
@permission_required(VIEW_EPISODES)
def episode_detail(request, public_id):
    organisation = request.current_organisation
    # Each kind of row is read once and every part of the page is cut from it: a fixed
    # number of queries whatever the episode's history (docs/adr/0043, issue 17).
    episode = queries.get_episode_for_page(request.user, organisation, public_id)
    patient = episode.patient
    audit.record_view(request, patient, what="SAS episode")
    roles = roles_on_episode(request.user, organisation, episode)
    transitions = available_transitions(episode.state, roles)
    rows = queries.episode_page_rows(episode)
    appeal, review = (rows.open_appeal, rows.scheduled_review) if transitions else (None, None)
    entries = presenters.timeline(episode, rows.timeline_rows())
    deadlines = rows.open_deadlines
    in_custody = episode.state == State.ON_HOLD_CUSTODY
    custody = queries.custody_period(episode) if in_custody else None
    return render(
        request,
        "sas/episode/detail.jinja",
        {
            "episode": episode,
            "patient": patient,
            "flags": patient.open_flags,
            "patient_rows": _patient_rows(patient),
            "state_name": episode.get_state_display(),
            "state_label": STATE_LABELS[episode.state],
            "state_meaning": presenters.state_meaning(episode, custody),
            "deadlines": presenters.deadline_rows(deadlines),
            "screening_open": episode.state in BEFORE_ALLOCATION,
            "may_screen": bool(roles & SCREEN_ROLES),
            "may_answer_questions": bool(roles & ANSWER_ROLES),
            "can_record_appeal": presenters.can_record_appeal(
                episode, bool(roles & LODGE_ROLES), deadlines, appeal
            ),
            "actions": transitions,
            "action_links": presenters.action_links(transitions, episode, appeal, review, roles),
            "reviews": rows.reviews,
            "timeline": entries[:TIMELINE_ON_DETAIL],
            "timeline_has_more": len(entries) > TIMELINE_ON_DETAIL,
        },
    )


def _patient_rows(patient):
    return [
        {"key": {"text": "Name"}, "value": {"text": patient.display_name}},
        {"key": {"text": "NHS number"}, "value": {"text": nhs_number_text(patient)}},
        {"key": {"text": "Date of birth"}, "value": {"text": date_of_birth_text(patient)}},
    ]


@require_http_methods(["GET"])
@permission_required(VIEW_EPISODES)
def timeline(request, public_id):
    organisation = request.current_organisation
    episode = queries.get_visible_episode(request.user, organisation, public_id)
    audit.record_view(request, episode.patient, what="SAS timeline")
    entries = presenters.timeline(episode, queries.episode_timeline_rows(episode))
    page = page_of(request, entries)
    return render(
        request,
        "sas/episode/timeline.jinja",
        {
            "episode": episode,
            "patient": episode.patient,
            "page": page,
        },
    )
