"""Episodes the organisation may see, the episode list, and what one episode's page reads:
its open deadlines, timeline, open appeal and review, custody and flags."""

from django.db.models import Count, Exists, F, Min, OuterRef, Q, Subquery
from django.http import Http404

from gateway.accounts.models import Organisation
from gateway.core.prepared import Statement
from gateway.patients.queries import (
    organisation_scope_ids,
    read_scoped,
    visible_patient_ids,
    visible_patient_ids_compiled,
)

from ..models import Allocation, Appeal, CustodyPeriod, Deadline, Episode, Review, StatusHistory
from ..models.deadline import OPEN_DEADLINE
from ..states import (
    ACTIVE_STATES,
    BEFORE_ALLOCATION,
    OPEN_STATES,
    STATE_CHOICES,
    TERMINAL_STATES,
)


def visible_episodes(user, organisation):
    """Episodes of patients the organisation may see (gateway.patients.queries): scoping
    rests on one mechanism, the patient relationship, and fails closed the same way.
    Services that create or allocate an episode add the relationships for the
    commissioner, the SAS practice and the removing practice."""
    # The ids themselves, not Patient rows filtered by them: the same episodes, without a
    # join to every person that PostgreSQL read in full before each list's page (ADR 0043).
    return Episode.objects.filter(patient_id__in=visible_patient_ids(user, organisation))


def visible_episodes_compiled(user, organisation):
    """The same episodes as ``visible_episodes``, their scope (the people the organisation
    may see) compiled to SQL once: for one statement that reads them in many figures (the
    home page's: ADR 0053, update), where the ORM would otherwise build and compile the
    scope again for each. The episode's person is matched to the scope's ids directly."""
    return Episode.objects.filter(patient_id__in=visible_patient_ids_compiled(user, organisation))


def _with_parts(episodes):
    return episodes.select_related(
        "patient",
        "commissioner",
        "sas_practice",
        "removing_practice",
        "removal_report",
        "record_before_gateway",
    ).order_by("pk")[:1]


def _visible_episode(shape, *, organisation_id, today, public_id):
    """``get_visible_episode``'s read for an organisation-wide scope, from values alone."""
    scope = organisation_scope_ids(organisation_id, today)
    return _with_parts(Episode.objects.filter(patient_id__in=scope, public_id=public_id))


# Built and compiled once a process (ADR 0068): every SAS page about an episode reads it.
VISIBLE_EPISODE = Statement(_visible_episode, planned_once=True)


def get_visible_episode(user, organisation, public_id):
    """The episode, or 404 when it does not exist or is not visible."""
    found = read_scoped(
        VISIBLE_EPISODE,
        "episode",
        user,
        organisation,
        public_id,
        lambda: _with_parts(visible_episodes(user, organisation).filter(public_id=public_id)),
    )
    if not found:
        raise Http404("No episode matches the given query.")
    return found[0]


# The state groups a list can be filtered by: (URL value, heading, states).
STATE_GROUPS = {
    "before-allocation": "Before allocation",
    "on-the-scheme": "On the scheme",
    "closed": "Closed",
}


def _group_states(group):
    return {
        "before-allocation": BEFORE_ALLOCATION,
        "on-the-scheme": ACTIVE_STATES,
        "closed": TERMINAL_STATES,
    }.get(group)


def state_filter_choices():
    """The state filter of the episode list: the three groups, then each state."""
    groups = [(value, f"{heading} (all)") for value, heading in STATE_GROUPS.items()]
    return groups + list(STATE_CHOICES)


def filter_by_state(episodes, value):
    """Episodes in a group of states ("closed") or in one state ("allocated")."""
    states = _group_states(value)
    return episodes.filter(state__in=sorted(states) if states is not None else [value])


def open_deadlines():
    """Deadlines still to be met. Those paused while the patient is in custody are left out:
    they are on no worklist and never overdue until release moves them on (docs/adr/0019)."""
    return Deadline.objects.filter(OPEN_DEADLINE)


def episode_list(user, organisation, group=None):
    """Visible episodes with what each page row shows, in one query whatever the number:
    the patient and SAS practice joined, the next open deadline read off the episode row
    (kept there by every deadline write, docs/adr/0043-lists-that-stay-fast.md), so the
    order is the sas_episode_list_order index's."""
    return _listed(visible_episodes(user, organisation), group)


def organisation_episode_list(organisation_id, today):
    """``episode_list`` for an organisation-wide scope, from the organisation's key and the
    day alone: the list page's read compiled once a process (gateway.core.list_reads)."""
    scope = organisation_scope_ids(organisation_id, today)
    return _listed(Episode.objects.filter(patient_id__in=scope), None)


def _listed(episodes, group):
    episodes = episodes.select_related("patient", "sas_practice")
    states = _group_states(group)
    if states is not None:
        episodes = episodes.filter(state__in=sorted(states))
    return episodes.order_by(F("next_due_on").asc(nulls_last=True), "-created_at", "-pk")


def practices_on_its_scheme(organisation):
    """For a commissioner: {field: [(public id, name), ...]} for each field ("sas_practice",
    "removing_practice"), the practices that field names on an episode of its scheme, by
    name: the episode list's practice filters. One query for both, one probe of each
    (commissioner, field) index per practice, not every episode of the people it may see
    (ADR 0051 section 7). None for any other organisation: its list is its own few episodes,
    and the filter reads them."""
    if organisation is None or organisation.kind != Organisation.Kind.COMMISSIONER:
        return None
    on_its_scheme = Episode.objects.filter(commissioner=organisation)
    rows = (
        Organisation.objects.filter(kind=Organisation.Kind.GP_PRACTICE)
        .annotate(
            as_sas=Exists(on_its_scheme.filter(sas_practice=OuterRef("pk"))),
            as_removing=Exists(on_its_scheme.filter(removing_practice=OuterRef("pk"))),
        )
        .filter(Q(as_sas=True) | Q(as_removing=True))
        .order_by("name")
        .values_list("public_id", "name", "as_sas", "as_removing")
    )
    found = {"sas_practice": [], "removing_practice": []}
    for public_id, name, as_sas, as_removing in rows:
        if as_sas:
            found["sas_practice"].append((str(public_id), name))
        if as_removing:
            found["removing_practice"].append((str(public_id), name))
    return found


def episode_deadlines(episode):
    """The episode's open deadlines, soonest first, with their policy and its commissioner
    (one query)."""
    return list(open_deadlines().filter(episode=episode).select_related("policy__commissioner"))


def next_review_due_on(episode):
    """When the episode's next review is due: its open review deadline (the date the
    episode page shows), or None when none is set or it is paused in custody."""
    row = open_deadlines().filter(episode=episode, kind="review").order_by("due_on", "id").first()
    return row.due_on if row is not None else None


def episode_timeline_rows(episode):
    """Everything the timeline tells, read in a fixed number of queries: status history,
    deadlines met or cancelled, appeals, reviews and allocations. An episode's history is
    tens of rows, so they are merged in Python (gateway.sas.presenters.timeline)."""
    return {
        "history": list(
            StatusHistory.objects.filter(episode=episode).select_related("organisation")
        ),
        "deadlines": list(
            Deadline.objects.filter(episode=episode).filter(
                Q(met_at__isnull=False) | Q(cancelled_at__isnull=False)
            )
        ),
        "appeals": list(Appeal.objects.filter(episode=episode)),
        "reviews": list(
            Review.objects.filter(episode=episode).exclude(status=Review.Status.SCHEDULED)
        ),
        "allocations": list(
            Allocation.objects.filter(episode=episode).select_related("sas_practice")
        ),
    }


def open_appeal_and_review(episode):
    """The episode's open appeal and scheduled review, if any (for action links)."""
    appeal = (
        Appeal.objects.filter(
            episode=episode,
            status__in=[
                Appeal.Status.LODGED,
                Appeal.Status.ACKNOWLEDGED,
                Appeal.Status.PANEL_SCHEDULED,
            ],
        )
        .order_by("-received_on", "-id")
        .first()
    )
    review = (
        Review.objects.filter(episode=episode, status=Review.Status.SCHEDULED)
        .order_by("due_on", "id")
        .first()
    )
    return appeal, review


def custody_period(episode):
    """The episode's custody period still open (the patient is in custody), or None."""
    return CustodyPeriod.objects.filter(episode=episode, ended_at__isnull=True).first()


def open_flags(patient):
    """The patient's flags still in force, for the banner."""
    return list(patient.flags.filter(ended_at__isnull=True).order_by("created_at"))


def screening_summary(user, organisation):
    """How many removal reports wait for this commissioner to screen and allocate, and when
    the oldest one's 24-hour allocation target falls (None when none is set or none wait).
    Two queries, whatever the number of reports (the home page reads both in its one query:
    gateway/sas/queries/home.py)."""
    waiting = waiting_for_screening(user, organisation)
    count = waiting.count()
    if not count:
        return {"count": 0, "oldest_due_at": None}
    oldest = allocation_targets(waiting).aggregate(due=Min("due_at"))["due"]
    return {"count": count, "oldest_due_at": oldest}


def waiting_for_screening(user, organisation, *, episodes=None):
    """The removal reports waiting for this commissioner to screen and allocate (among
    ``episodes``, when given: the visible episodes already built)."""
    episodes = visible_episodes(user, organisation) if episodes is None else episodes
    return episodes.filter(commissioner=organisation, state__in=sorted(BEFORE_ALLOCATION))


def allocation_targets(episodes):
    """The 24-hour allocation targets still open on these episodes."""
    return Deadline.objects.filter(
        episode__in=episodes, kind="allocation", met_at__isnull=True, cancelled_at__isnull=True
    )


def screening_queue(user, organisation):
    """The commissioner's reports waiting for screening and allocation, oldest notice
    first, each with its allocation target (due_at) as target_due_at: one query."""
    target = Deadline.objects.filter(episode=OuterRef("pk"), kind="allocation").order_by("id")
    return (
        visible_episodes(user, organisation)
        .filter(commissioner=organisation, state__in=sorted(BEFORE_ALLOCATION))
        .select_related("patient", "removing_practice", "removal_report")
        .annotate(target_due_at=Subquery(target.values("due_at")[:1]))
        .order_by("removal_report__notice_given_at", "pk")
    )


def people_on_scheme_at(practice_ids):
    """{SAS practice id: how many people are on the scheme there (an open episode)} for
    these practices, in one query. Counts only, for the alert a closing practice raises for
    its commissioner (gateway/imports/practices)."""
    found = (
        Episode.objects.filter(sas_practice_id__in=list(practice_ids), state__in=OPEN_STATES)
        .order_by()
        .values_list("sas_practice_id")
        .annotate(count=Count("id"))
    )
    return dict(found)


def on_scheme_at(user, organisation, practice):
    """The people on the scheme (an active episode) at this SAS practice that the
    organisation may see and commissions, oldest allocation first: the list a commissioner
    works through when the practice closes (gateway/imports/closures)."""
    return (
        visible_episodes(user, organisation)
        .filter(commissioner=organisation, sas_practice=practice, state__in=sorted(ACTIVE_STATES))
        .select_related("patient")
        .order_by("state_changed_at", "pk")
    )


def open_at(practice_ids):
    """Every open episode (on the scheme or before allocation) at these practices, without
    scoping: for a closure alert's "is anybody left" check only, never shown."""
    return Episode.objects.filter(sas_practice_id__in=list(practice_ids), state__in=OPEN_STATES)
