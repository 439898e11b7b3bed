"""Read-side helpers for the support team, working agreements, multi-agency meetings and
actions (docs/domain/multiple-disadvantage.md#what-helps "what helps"). Everything about a person is
reached through gateway.patients.queries.visible_patients, so an organisation with no active
relationship to the person sees nothing (404). Every query has a fixed number of round trips
whatever the number of rows (select_related / prefetch_related)."""

import datetime

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from gateway.accounts.models import Membership, Organisation, Role, User
from gateway.core.prepared import PreparedRows, Statement
from gateway.patients.models import Patient, PatientRelationship
from gateway.patients.queries import (
    WHOLE_ORGANISATION,
    organisation_scope_ids,
    scope_shape,
    visible_patients,
)

from ..models import Action, Meeting, MeetingAttendee, SupportTeamMember, WorkingAgreement

SOON_DAYS = 7
# The roles that work with people's records (gateway.accounts.rules.works_with_patients), so
# can open "Your actions": an action owned by anyone else would sit on no one's worklist.
WORKLIST_ROLES = (
    Role.COMMISSIONER,
    Role.PRACTICE_STAFF,
    Role.SAS_PRACTICE_STAFF,
    Role.SUPPORT_WORKER,
)


# Every kind of relationship except a registration request (gateway/patients/queries/scope.py).
SUPPORTING_KINDS = tuple(
    kind
    for kind in PatientRelationship.Kind.values
    if kind != PatientRelationship.Kind.REGISTRATION
)


def involved_organisations(patient, on_date=None):
    """Organisations with a relationship to the person in force (as active_relationships
    reads it: consent-only links end at the consent's expiry). A practice only asked to
    register the person is not part of their support."""
    on_date = on_date or timezone.localdate()
    return Organisation.objects.filter(
        Q(patient_relationships__expires_on__isnull=True)
        | Q(patient_relationships__expires_on__gte=on_date),
        patient_relationships__patient=patient,
        patient_relationships__is_active=True,
        patient_relationships__kind__in=SUPPORTING_KINDS,
    ).distinct()


def action_owner_memberships(patient):
    """Who may own an action about the person: an active member of an organisation with an
    active relationship to them, in a role that has a worklist."""
    return (
        Membership.objects.filter(
            is_active=True,
            role__in=WORKLIST_ROLES,
            user__is_active=True,
            user__is_system_account=False,
            organisation__in=involved_organisations(patient),
        )
        .select_related("user", "organisation")
        .order_by("user__full_name", "organisation__name", "id")
    )


def team_for(patient, include_ended=False):
    members = SupportTeamMember.objects.filter(patient=patient).select_related(
        "organisation", "worker", "consent", "added_by"
    )
    return members if include_ended else members.filter(ended_on__isnull=True)


def lead_worker(patient):
    return team_for(patient).filter(is_lead=True).first()


def agreements_for(patient):
    return (
        WorkingAgreement.objects.filter(patient=patient)
        .select_related("recorded_by", "organisation")
        .prefetch_related("services")
    )


def current_agreement(patient):
    return agreements_for(patient).filter(superseded_at__isnull=True).first()


def meetings_for(patient):
    return (
        Meeting.objects.filter(patient=patient)
        .select_related("organised_by", "recorded_by")
        .annotate(
            # distinct: the two joins multiply each other's rows.
            open_actions=Count(
                "actions", filter=Q(actions__status=Action.Status.OPEN), distinct=True
            ),
            attendee_count=Count("attendees", distinct=True),
        )
        # Said again: a query that groups (the counts above) does not use Meta.ordering.
        .order_by("-held_on", "-id")
    )


def actions_for_patient(patient, status=Action.Status.OPEN):
    return Action.objects.filter(patient=patient, status=status).select_related(
        "owner", "owner_organisation", "meeting"
    )


def _visible(queryset, user, organisation, public_id):
    found = (
        queryset.filter(public_id=public_id, patient__in=visible_patients(user, organisation))
        .select_related("patient")
        .first()
    )
    if found is None:
        raise Http404("Nothing matches the given query.")
    return found


def get_visible_meeting(user, organisation, public_id):
    attendees = MeetingAttendee.objects.select_related("organisation", "user")
    actions = Action.objects.select_related("owner", "owner_organisation", "closed_by")
    queryset = Meeting.objects.select_related("organised_by", "recorded_by").prefetch_related(
        Prefetch("attendees", queryset=attendees), Prefetch("actions", queryset=actions)
    )
    return _visible(queryset, user, organisation, public_id)


def get_visible_action(user, organisation, public_id):
    queryset = Action.objects.select_related("owner", "owner_organisation", "meeting")
    return _visible(queryset, user, organisation, public_id)


def get_visible_team_member(user, organisation, public_id):
    queryset = SupportTeamMember.objects.select_related("organisation", "worker")
    return _visible(queryset, user, organisation, public_id)


def open_actions_for(user, organisation, *, patients=None):
    """The owner's worklist: open actions they own for organisation, about people that
    organisation can still see — overdue first (earliest due date first), then by due date.
    ``patients``: those people already built (the home page's compiled scope)."""
    if organisation is None or user is None or not user.is_authenticated:
        return Action.objects.none()
    return (
        Action.objects.filter(
            owner=user,
            owner_organisation=organisation,
            status=Action.Status.OPEN,
            patient__in=visible_patients(user, organisation) if patients is None else patients,
        )
        .select_related("patient", "meeting")
        .order_by("due_on", "id")
    )


def open_actions_listed(user, organisation, today=None):
    """``open_actions_for`` as "Your actions" lists them: the same rows in the same order,
    reading only what the list shows of each action, its person and its meeting. For those
    who read their organisation's whole scope, counted and paged through statements compiled
    once a process (ADR 0068)."""
    if not _whole(user, organisation):
        return _actions_listed(open_actions_for(user, organisation))
    return PreparedRows(
        _open_actions_built,
        "owner",
        owner_id=user.pk,
        organisation_id=organisation.pk,
        today=today or timezone.localdate(),
    )


def _actions_listed(actions):
    return actions.only(
        "public_id",
        "description",
        "due_on",
        "meeting__public_id",
        "meeting__held_on",
        "patient__preferred_name",
        "patient__given_name",
        "patient__family_name",
    )


def _whole(user, organisation):
    return scope_shape(user, organisation) == WHOLE_ORGANISATION


def _scope_of(organisation_id, today):
    """The organisation's people on the day (WHOLE_ORGANISATION), from its key alone."""
    return Patient.objects.filter(pk__in=organisation_scope_ids(organisation_id, today))


def _open_actions_built(shape, *, owner_id, organisation_id, today):
    actions = open_actions_for(
        User(pk=owner_id),
        Organisation(pk=organisation_id),
        patients=_scope_of(organisation_id, today),
    )
    return _actions_listed(actions)


def agreements_due_for_review(user, organisation, today=None, *, patients=None, due_by=None):
    """Current working agreements whose review date is due within a week (by ``due_by``,
    when given: a week from today), for people the user is the open lead worker for, at
    organisation (among ``patients``, when given)."""
    if organisation is None or user is None or not user.is_authenticated:
        return WorkingAgreement.objects.none()
    today = today or timezone.localdate()
    due_by = due_by or today + datetime.timedelta(days=SOON_DAYS)
    leads = SupportTeamMember.objects.filter(
        worker=user, organisation=organisation, is_lead=True, ended_on__isnull=True
    ).values("patient_id")
    return (
        WorkingAgreement.objects.filter(
            superseded_at__isnull=True,
            review_on__lte=due_by,
            patient_id__in=leads,
        )
        .filter(patient__in=visible_patients(user, organisation) if patients is None else patients)
        .select_related("patient")
        .order_by("review_on", "id")
    )


def agreements_due_listed(user, organisation, today=None, *, shown):
    """The first ``shown`` of ``agreements_due_for_review`` as "Your actions" lists them: the
    same agreements in the same order, reading only the review date and the person's name
    and link (ADR 0065). Compiled once a process for those who read their organisation's
    whole scope (ADR 0068)."""
    today = today or timezone.localdate()
    due_by = today + datetime.timedelta(days=SOON_DAYS)

    def orm():
        return _agreements_listed(agreements_due_for_review(user, organisation, today))[:shown]

    return AGREEMENTS_DUE.rows_or(
        orm,
        shown if _whole(user, organisation) else None,
        worker_id=getattr(user, "pk", None),
        organisation_id=getattr(organisation, "pk", None),
        today=today,
        due_by=due_by,
    )


def _agreements_listed(agreements):
    return agreements.only(
        "review_on",
        "patient__public_id",
        "patient__preferred_name",
        "patient__given_name",
        "patient__family_name",
    )


def _agreements_built(shown, *, worker_id, organisation_id, today, due_by):
    agreements = agreements_due_for_review(
        User(pk=worker_id),
        Organisation(pk=organisation_id),
        today,
        patients=_scope_of(organisation_id, today),
        due_by=due_by,
    )
    return _agreements_listed(agreements)[:shown]


AGREEMENTS_DUE = Statement(_agreements_built, planned_once=True)


def worklist_counts(user, organisation, today=None):
    """Counts for the home page: a fixed number of queries."""
    today = today or timezone.localdate()
    actions = open_actions_for(user, organisation)
    counts = actions.aggregate(
        open=Count("id"),
        overdue=Count("id", filter=Q(due_on__lt=today)),
        due_soon=Count(
            "id",
            filter=Q(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=SOON_DAYS)),
        ),
    )
    counts["reviews_due"] = agreements_due_for_review(user, organisation, today).count()
    return counts
