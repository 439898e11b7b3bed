"""Read-side helpers for the scheme."""

import datetime

from django.utils import timezone

from .models import SchemePolicy
from .rules import long_date


class NoPolicyInForce(LookupError):
    def __init__(self, commissioner, on_date):
        self.message = (
            f"{commissioner} has no scheme policy in force on {long_date(on_date)}. "
            "A commissioner must set one up before deadlines can be worked out."
        )
        super().__init__(self.message)


def policy_in_force(commissioner, on_date=None):
    """The latest version of the commissioner's policy whose effective date is on or before
    on_date (today by default)."""
    on_date = on_date or timezone.localdate()
    policy = (
        SchemePolicy.objects.filter(commissioner=commissioner, effective_from__lte=on_date)
        .order_by("-version")
        .first()
    )
    if policy is None:
        raise NoPolicyInForce(commissioner, on_date)
    return policy


def visible_episodes(user, organisation):
    """Episodes of patients the organisation may see (gateway.patients.queries): scoping
    rests on one mechanism, the patient relationship, and fails closed the same way.
    Services that create or allocate an episode add the relationships for the
    commissioner, the SAS practice and the removing practice."""
    from gateway.patients.queries import visible_patients

    from .models import Episode

    return Episode.objects.filter(patient__in=visible_patients(user, organisation))


def get_visible_episode(user, organisation, public_id):
    """The episode, or 404 when it does not exist or is not visible."""
    from django.http import Http404

    episode = (
        visible_episodes(user, organisation)
        .select_related(
            "patient", "commissioner", "sas_practice", "removing_practice", "removal_report"
        )
        .filter(public_id=public_id)
        .first()
    )
    if episode is None:
        raise Http404("No episode matches the given query.")
    return episode


# --- Episode list, worklist and timeline reads (episodes part) -------------------------

# The state groups a list can be filtered by: (URL value, heading, states).
STATE_GROUPS = {
    "before-allocation": "Before allocation",
    "on-the-scheme": "On the scheme",
    "closed": "Closed",
}


def _group_states(group):
    from .states import ACTIVE_STATES, BEFORE_ALLOCATION, TERMINAL_STATES

    return {
        "before-allocation": BEFORE_ALLOCATION,
        "on-the-scheme": ACTIVE_STATES,
        "closed": TERMINAL_STATES,
    }.get(group)


def state_filter_choices():
    """The state filter of the episode list: the three groups, then each state."""
    from .states import STATE_CHOICES

    groups = [(value, f"{heading} (all)") for value, heading in STATE_GROUPS.items()]
    return groups + list(STATE_CHOICES)


def filter_by_state(episodes, value):
    """Episodes in a group of states ("closed") or in one state ("allocated")."""
    states = _group_states(value)
    return episodes.filter(state__in=sorted(states) if states is not None else [value])


def open_deadlines():
    """Deadlines still to be met. Those paused while the patient is in custody are left out:
    they are on no worklist and never overdue until release moves them on (docs/adr/0019)."""
    from .models import Deadline

    return Deadline.objects.filter(
        met_at__isnull=True, cancelled_at__isnull=True, suspended_at__isnull=True
    )


def episode_list(user, organisation, group=None):
    """Visible episodes with what each page row shows, in one query whatever the number:
    the patient and SAS practice joined, the next open deadline as subqueries."""
    from django.db.models import F, OuterRef, Subquery

    episodes = visible_episodes(user, organisation).select_related("patient", "sas_practice")
    states = _group_states(group)
    if states is not None:
        episodes = episodes.filter(state__in=sorted(states))
    next_deadline = open_deadlines().filter(episode=OuterRef("pk")).order_by("due_on", "id")
    return episodes.annotate(
        next_due_on=Subquery(next_deadline.values("due_on")[:1]),
        next_due_label=Subquery(next_deadline.values("label")[:1]),
    ).order_by(F("next_due_on").asc(nulls_last=True), "-created_at", "-pk")


# What each role acts on. Deadline kinds are stable codes set by the
# rules (gateway.sas.rules.deadlines) and the parts' services.
PRACTICE_KINDS = frozenset(
    {"written_confirmation", "practice_incident_form", "information_request"}
)
SAS_PRACTICE_KIND_PREFIXES = ("review", "discharge")
PANEL_KINDS = frozenset({"appeal_panel", "panel_papers", "exception_panel"})


def _deadline_scope(organisation, roles):
    """Which open deadlines the roles held in organisation act on, as a Q (None: none)."""
    from django.db.models import Q

    from gateway.accounts.models import Role

    scope = Q(pk__in=[])
    matched = False
    if Role.COMMISSIONER in roles:
        scope |= Q(episode__commissioner=organisation)
        matched = True
    if Role.PANEL_MEMBER in roles:
        scope |= Q(episode__commissioner=organisation, kind__in=sorted(PANEL_KINDS))
        matched = True
    if Role.PRACTICE_STAFF in roles:
        scope |= Q(episode__removing_practice=organisation, kind__in=sorted(PRACTICE_KINDS))
        matched = True
    if Role.SAS_PRACTICE_STAFF in roles:
        kinds = Q(kind__startswith=SAS_PRACTICE_KIND_PREFIXES[0])
        for prefix in SAS_PRACTICE_KIND_PREFIXES[1:]:
            kinds |= Q(kind__startswith=prefix)
        scope |= Q(episode__sas_practice=organisation) & kinds
        matched = True
    return scope if matched else None


def _information_request_scope(organisation, roles):
    from django.db.models import Q

    from gateway.accounts.models import Role

    scope = Q(pk__in=[])
    matched = False
    if Role.COMMISSIONER in roles:
        scope |= Q(episode__commissioner=organisation)
        matched = True
    if Role.PRACTICE_STAFF in roles:
        scope |= Q(episode__removing_practice=organisation)
        matched = True
    return scope if matched else None


def _worklist_sources(user, organisation, roles):
    """(open deadlines, open information requests) the organisation and roles act on, on
    open episodes it may see. Nothing is due on a closed episode."""
    from django.db.models import Exists, OuterRef

    from .models import Deadline, InformationRequest
    from .states import OPEN_STATES

    roles = {str(r) for r in roles or ()}
    episodes = visible_episodes(user, organisation).filter(state__in=sorted(OPEN_STATES))
    deadline_scope = _deadline_scope(organisation, roles)
    request_scope = _information_request_scope(organisation, roles)
    deadlines = (
        open_deadlines().filter(deadline_scope, episode__in=episodes)
        if deadline_scope is not None
        else Deadline.objects.none()
    )
    # The request service also writes an "information_request" deadline; where it has,
    # that row stands for the request, so it is not listed twice.
    has_deadline = open_deadlines().filter(episode=OuterRef("episode"), kind="information_request")
    requests = (
        InformationRequest.objects.filter(
            request_scope, answered_at__isnull=True, episode__in=episodes
        ).exclude(Exists(has_deadline))
        if request_scope is not None
        else InformationRequest.objects.none()
    )
    return deadlines, requests


WORKLIST_HORIZON_DAYS = 56


def worklist_horizon(today=None):
    """The last day the worklist shows by default: what is overdue or due in the next 8
    weeks. A review a year away is not today's work; it stays one click away."""
    return (today or timezone.localdate()) + datetime.timedelta(days=WORKLIST_HORIZON_DAYS)


def worklist(user, organisation, roles, *, until=None, after=None):
    """Everything due, soonest (so most overdue) first, as one sortable queryset of
    (source, id, due_on) rows that a Paginator can count and slice in the database.
    ``until`` keeps rows due on or before a day; ``after`` keeps rows due after one.
    ``worklist_items`` turns a page of these rows into objects with what to show."""
    from django.db.models import CharField, Value

    deadlines, requests = _worklist_sources(user, organisation, roles)
    if until is not None:
        deadlines, requests = (
            deadlines.filter(due_on__lte=until),
            requests.filter(due_on__lte=until),
        )
    if after is not None:
        deadlines, requests = deadlines.filter(due_on__gt=after), requests.filter(due_on__gt=after)
    # Each side drops its model's default ordering: a compound query orders as a whole.
    rows = (
        deadlines.order_by()
        .annotate(source=Value("deadline", output_field=CharField()))
        .values_list("source", "pk", "due_on")
    )
    request_rows = (
        requests.order_by()
        .annotate(source=Value("information_request", output_field=CharField()))
        .values_list("source", "pk", "due_on")
    )
    return rows.union(request_rows, all=True).order_by("due_on", "source", "pk")


def worklist_items(rows):
    """The objects behind one page of worklist rows, in the page's order: two queries
    whatever the page holds."""
    from .models import Deadline, InformationRequest

    rows = list(rows)
    related = ("episode__patient", "episode__sas_practice", "episode__commissioner")
    deadline_ids = [pk for source, pk, _ in rows if source == "deadline"]
    request_ids = [pk for source, pk, _ in rows if source == "information_request"]
    found = {}
    if deadline_ids:
        for d in Deadline.objects.select_related(*related).filter(pk__in=deadline_ids):
            found[("deadline", d.pk)] = d
    if request_ids:
        for r in InformationRequest.objects.select_related(*related).filter(pk__in=request_ids):
            found[("information_request", r.pk)] = r
    return [found[(source, pk)] for source, pk, _ in rows if (source, pk) in found]


def worklist_counts(user, organisation, roles, today=None):
    """How many items are overdue and how many fall due in the next 7 days (home page)."""

    from django.db.models import Count, Q

    today = today or timezone.localdate()
    week = today + datetime.timedelta(days=7)
    counts = {"overdue": 0, "due_soon": 0}
    for source in _worklist_sources(user, organisation, roles):
        totals = source.aggregate(
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            due_soon=Count("pk", filter=Q(due_on__gte=today, due_on__lte=week)),
        )
        counts["overdue"] += totals["overdue"]
        counts["due_soon"] += totals["due_soon"]
    return counts


def episode_deadlines(episode):
    """The episode's open deadlines, soonest first, with their policy and its commissioner
    (one query)."""
    return list(open_deadlines().filter(episode=episode).select_related("policy__commissioner"))


def episode_timeline_rows(episode):
    """Everything the timeline tells, read in a fixed number of queries: status history,
    deadlines met or cancelled, appeals, reviews and allocations. An episode's history is
    tens of rows, so they are merged in Python (gateway.sas.presenters.timeline)."""
    from django.db.models import Q

    from .models import Allocation, Appeal, Deadline, Review, StatusHistory

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
    from .models import Appeal, Review

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
    from .models import CustodyPeriod

    return CustodyPeriod.objects.filter(episode=episode, ended_at__isnull=True).first()


def open_flags(patient):
    """The patient's flags still in force, for the banner."""
    return list(patient.flags.filter(ended_at__isnull=True).order_by("created_at"))


def home_counts(user, organisation, roles):
    """The home page's worklist counts, or None for someone who does not work with
    patients' records (they have no worklist)."""
    if organisation is None or not user.has_perm("patients.view_patient", organisation):
        return None
    return worklist_counts(user, organisation, roles)


def screening_summary(user, organisation):
    """How many removal reports wait for this commissioner to screen and allocate, and when
    the oldest one's 24-hour allocation target falls (None when none is set or none wait).
    Two queries, whatever the number of reports."""
    from django.db.models import Min

    from .models import Deadline
    from .states import BEFORE_ALLOCATION

    waiting = visible_episodes(user, organisation).filter(
        commissioner=organisation, state__in=sorted(BEFORE_ALLOCATION)
    )
    count = waiting.count()
    if not count:
        return {"count": 0, "oldest_due_at": None}
    oldest = Deadline.objects.filter(
        episode__in=waiting, kind="allocation", met_at__isnull=True, cancelled_at__isnull=True
    ).aggregate(due=Min("due_at"))["due"]
    return {"count": count, "oldest_due_at": oldest}


# The invitation goes four weeks before the review is due; look back a little further, for
# a review whose inputs were asked for late.
INVITATION_LOOKBACK = datetime.timedelta(days=60)


def review_input_requests(review):
    """The deadlines that asked for the review's inputs, by deadline kind (empty when the
    inputs have not been asked for yet)."""
    from .models import Deadline

    return {d.kind: d for d in Deadline.objects.filter(review=review).exclude(kind="review")}


def review_invitation_unreachable(review):
    """Whether the letter inviting the patient to give their view for this review reached
    no one: every route in their contact plan failed or none could be used."""
    from gateway.comms.models import Message

    return Message.objects.filter(
        patient_id=review.episode.patient_id,
        parent__isnull=True,
        template="sas/review_invitation",
        status=Message.Status.UNREACHABLE,
        created_at__date__gte=review.due_on - INVITATION_LOOKBACK,
    ).exists()


# --- The panel's queue: open appeals waiting for the panel to decide --------------------

PANEL_QUEUE_ROLES = frozenset({"commissioner", "panel_member"})


def has_panel_queue(organisation, roles):
    """Panel members (and the commissioners who run the panels) of a commissioner."""
    from gateway.accounts.models import Organisation

    return (
        organisation is not None
        and organisation.kind == Organisation.Kind.COMMISSIONER
        and bool({str(r) for r in roles or ()} & PANEL_QUEUE_ROLES)
    )


def panel_queue(user, organisation):
    """The commissioner's open appeals, each with when the panel's decision is due: on the
    panel date once it is arranged, otherwise by the date the panel must meet (28 days from
    both forms, or the scheme's figure), unknown until both forms are back. Soonest first,
    then the oldest appeals; one query for a page of rows, whatever the page holds."""
    from django.db.models import F, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from .models import Appeal, Deadline

    episodes = visible_episodes(user, organisation).filter(commissioner=organisation)
    panel_due = Deadline.objects.filter(
        appeal=OuterRef("pk"), kind="appeal_panel", cancelled_at__isnull=True
    ).order_by("-id")
    return (
        Appeal.objects.filter(
            episode__in=episodes,
            status__in=[
                Appeal.Status.LODGED,
                Appeal.Status.ACKNOWLEDGED,
                Appeal.Status.PANEL_SCHEDULED,
            ],
        )
        .select_related("episode__patient")
        .annotate(panel_due_on=Subquery(panel_due.values("due_on")[:1]))
        .annotate(decision_due_on=Coalesce("panel_on", "panel_due_on"))
        .order_by(F("decision_due_on").asc(nulls_last=True), "received_on", "id")
    )


def panel_queue_counts(user, organisation, today=None):
    """How many appeals wait for the panel, how many have a panel date and papers sent, and
    how many are past the day the decision was due (home page and menu). One query."""
    from django.db.models import Count, Q

    today = today or timezone.localdate()
    return (
        panel_queue(user, organisation)
        .order_by()
        .aggregate(
            waiting=Count("pk"),
            panel_arranged=Count("pk", filter=Q(panel_on__isnull=False)),
            papers_sent=Count("pk", filter=Q(papers_sent_on__isnull=False)),
            overdue=Count("pk", filter=Q(decision_due_on__lt=today)),
        )
    )


def next_review_due_on(episode):
    """When the episode's next review is due: its open review deadline (the date the
    episode page shows), or None when none is set or it is paused in custody."""
    row = open_deadlines().filter(episode=episode, kind="review").order_by("due_on", "id").first()
    return row.due_on if row is not None else None
