"""What a person's support page reads, once each (issue 17: 15 queries for the whole GET).

The person is read as ``get_visible_patient`` scopes them (404 otherwise), with their recorded
death and open flags, and with every single value the page shows worked out in the same query
(``SupportPageFigures``): the commissioner whose definitions apply (as ``commissioner_for``
chooses), the multiple-disadvantage rule in force and the latest stored status under it, the
support policy in force and the last MARAC referral (for escalation), how many needs, open
referrals to services and team members there are, the lead worker and the working agreement.
Each kind of row the page lists is then one query: a page of needs (not counted again), the
latest assessments, the status with its rules, the recent meetings, the open actions, the
incidents (carrying the escalation count) and the MARAC referrals."""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from gateway.accounts.models import Organisation
from gateway.core.prepared import Statement
from gateway.patients.models import Patient, PatientRelationship
from gateway.patients.queries import (
    DEATH,
    open_flags_prefetch,
    organisation_scope_ids,
    read_scoped,
    visible_patients,
)

from ..models import (
    AbuseIncident,
    MaracReferral,
    MCNRule,
    MCNStatus,
    Meeting,
    Need,
    ServiceReferral,
    SupportPolicy,
    SupportTeamMember,
    WorkingAgreement,
)
from ..rules import dash
from ..rules import referrals as referral_rules
from .assessments import acting_commissioner_id, incidents_for
from .team import actions_for_patient


def count_of(rows):
    """How many of ``rows`` (a queryset filtered on OuterRef("pk")), as a scalar subquery."""
    counted = rows.order_by().values("patient").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted), 0)


def first_value(rows, field):
    return Subquery(rows.values(field)[:1])


def commissioner_expression(acting):
    """SQL for ``commissioner_for``'s choice: the commissioner of the person's care if one is
    linked, else the acting organisation's commissioner (``acting``, the key or None), else
    that of the organisation that created the record."""
    linked = PatientRelationship.objects.filter(
        patient=OuterRef("pk"),
        kind=PatientRelationship.Kind.COMMISSIONER,
        is_active=True,
    ).order_by("organisation_id")
    if acting is not None:
        # The creator's commissioner would never be reached past a value that is never
        # null; left out, each of the page's figures that names the commissioner (which
        # repeats this expression) has one subquery fewer to build and plan (ADR 0066).
        return Coalesce(
            first_value(linked, "organisation_id"), Value(acting), output_field=IntegerField()
        )
    creators = Organisation.objects.filter(pk=OuterRef("created_by_organisation_id"))
    return Coalesce(
        first_value(linked, "organisation_id"),
        first_value(creators, "commissioner_id"),
        output_field=IntegerField(),
    )


def figures(today):
    """The page's single values, as annotations on the person (after support_commissioner)."""
    commissioner = OuterRef("support_commissioner")
    statuses = MCNStatus.objects.filter(patient=OuterRef("pk"), commissioner=commissioner)
    policies = SupportPolicy.objects.filter(
        commissioner=commissioner, effective_from__lte=today
    ).order_by("-version")
    team = SupportTeamMember.objects.filter(patient=OuterRef("pk"), ended_on__isnull=True)
    # As team.lead_worker reads it: the first lead in the team's own order.
    lead = team.filter(is_lead=True).order_by("started_on", "id")
    agreement = WorkingAgreement.objects.filter(
        patient=OuterRef("pk"), superseded_at__isnull=True
    ).order_by("-agreed_on", "-id")
    return {
        "commissioner_name": first_value(Organisation.objects.filter(pk=commissioner), "name"),
        "mcn_rule_pk": first_value(
            MCNRule.objects.filter(commissioner=commissioner, effective_from__lte=today).order_by(
                "-version"
            ),
            "pk",
        ),
        "mcn_status_pk": first_value(statuses.order_by("-id"), "pk"),
        "mcn_status_rule_pk": first_value(statuses.order_by("-id"), "rule_id"),
        "policy_version": first_value(policies, "version"),
        "policy_incidents": first_value(policies, "dash_escalation_incidents"),
        "policy_months": first_value(policies, "dash_escalation_months"),
        "last_marac_referral_on": first_value(
            MaracReferral.objects.filter(patient=OuterRef("pk"), referred_on__lte=today).order_by(
                "-referred_on", "-id"
            ),
            "referred_on",
        ),
        "needs_count": count_of(Need.objects.filter(patient=OuterRef("pk"))),
        "open_referral_count": count_of(
            ServiceReferral.objects.filter(patient=OuterRef("pk"), status__in=referral_rules.OPEN)
        ),
        "team_size": count_of(team),
        "lead_name": first_value(
            lead.annotate(
                shown_name=Case(
                    When(worker__isnull=True, then=F("worker_name")),
                    When(worker__full_name="", then=F("worker__username")),
                    default=F("worker__full_name"),
                )
            ),
            "shown_name",
        ),
        "lead_organisation_name": first_value(lead, "organisation__name"),
        "agreement_agreed_on": first_value(agreement, "agreed_on"),
        "agreement_review_on": first_value(agreement, "review_on"),
    }


def _person(patients, today, acting):
    """The person of ``patients`` (already one at most) with the page's single values."""
    return (
        patients.select_related(DEATH)
        .prefetch_related(open_flags_prefetch())
        .annotate(support_commissioner=commissioner_expression(acting))
        .annotate(**figures(today))
        .order_by("pk")[:1]
    )


def _built(shape, *, organisation_id, today, public_id, acting=None):
    """The page's person statement for an organisation-wide scope, from values alone."""
    patients = Patient.objects.filter(
        pk__in=organisation_scope_ids(organisation_id, today), public_id=public_id
    )
    return _person(patients, today, acting)


# Built and compiled once a process (ADR 0068): the ORM took longer to build and compile
# this statement of fifteen subqueries than PostgreSQL takes to run it.
PERSON = Statement(_built, planned_once=True)


def get_patient_for_support_page(user, organisation, public_id, today=None):
    """The person as ``get_visible_patient`` scopes them (404 when not visible), with their
    recorded death, ``open_flags`` and the page's single values (see the module's docstring),
    in one query and the flags' prefetch."""
    today = today or timezone.localdate()
    acting = acting_commissioner_id(organisation)

    def orm():
        return _person(
            visible_patients(user, organisation).filter(public_id=public_id), today, acting
        )

    acting_value = {} if acting is None else {"acting": acting}
    found = read_scoped(
        PERSON, "support page", user, organisation, public_id, orm, today=today, **acting_value
    )
    if not found:
        raise Http404("No patient matches the given query.")
    return found[0]


# What the panel shows of an open action: its words, who owns it and by when.
PANEL_ACTION_FIELDS = (
    "description",
    "due_on",
    "owner__full_name",
    "owner__username",
    "owner_organisation__name",
)


@dataclass(frozen=True)
class WorkingAgreementDates:
    agreed_on: object
    review_on: object


def team_panel(patient, recent=3, shown_actions=5):
    """What the support page shows about the team and meetings: the lead, the team's size and
    the working agreement from the person's row, and two queries for the recent meetings and
    the open actions, however much has been recorded. Each reads only what the panel shows:
    the meetings list's counts of actions and attendees and who organised and recorded each
    meeting, and each action's meeting, are not on it (docs/adr/0061)."""
    actions = PANEL_ACTIONS.rows(shown_actions + 1, patient_id=patient.pk)
    agreed = patient.agreement_agreed_on
    return {
        "lead_name": patient.lead_name,
        "lead_organisation_name": patient.lead_organisation_name,
        "size": patient.team_size,
        "agreement": (
            WorkingAgreementDates(agreed, patient.agreement_review_on) if agreed else None
        ),
        "meetings": PANEL_MEETINGS.rows(recent, patient_id=patient.pk),
        "actions": actions[:shown_actions],
        "more_actions": len(actions) > shown_actions,
    }


def _panel_actions_built(shown, *, patient_id):
    return (
        actions_for_patient(Patient(pk=patient_id))
        .select_related(None)
        .select_related("owner", "owner_organisation")
        .only(*PANEL_ACTION_FIELDS)[:shown]
    )


def _panel_meetings_built(recent, *, patient_id):
    return (
        Meeting.objects.filter(patient_id=patient_id)
        .only("public_id", "held_on", "participation")
        .order_by("-held_on", "-id")[:recent]
    )


# The team panel's two reads, by the person's key alone (ADR 0068); shape: how many shown.
PANEL_ACTIONS = Statement(_panel_actions_built, planned_once=True)
PANEL_MEETINGS = Statement(_panel_meetings_built, planned_once=True)


def mcn_for_page(patient):
    """(the latest stored status or None, the rule in force or None) for the person's
    commissioner, in one query (none when there is neither): the rules the page names, the
    stored status read with the rule it was worked out under."""
    status_pk = patient.mcn_status_pk
    pks = {pk for pk in (patient.mcn_rule_pk, patient.mcn_status_rule_pk) if pk is not None}
    if not pks:
        return None, None
    rules = {
        rule.pk: rule
        for rule in MCNRule.objects.filter(pk__in=pks)
        .select_related("commissioner")
        .annotate(stored=FilteredRelation("statuses", condition=Q(statuses__pk=status_pk)))
        .annotate(
            stored_pk=F("stored__pk"),
            stored_meets=F("stored__meets"),
            stored_counted=F("stored__counted"),
            stored_worked_out_on=F("stored__worked_out_on"),
            stored_why=F("stored__why"),
        )
    }
    stored = None
    if status_pk is not None and patient.mcn_status_rule_pk in rules:
        rule = rules[patient.mcn_status_rule_pk]
        stored = MCNStatus(
            pk=rule.stored_pk,
            patient=patient,
            commissioner_id=patient.support_commissioner,
            rule=rule,
            meets=rule.stored_meets,
            counted=rule.stored_counted,
            worked_out_on=rule.stored_worked_out_on,
            why=rule.stored_why,
        )
    return stored, rules.get(patient.mcn_rule_pk)


def escalation_policy(patient):
    """The commissioner's support policy in force (read with the person), or the default."""
    if patient.policy_version is None:
        return dash.DEFAULT_ESCALATION
    return dash.EscalationPolicy(
        version=patient.policy_version,
        incidents=patient.policy_incidents,
        months=patient.policy_months,
    )


def incidents_and_escalation(patient, limit, today=None):
    """(the newest ``limit`` incidents, escalation to MARAC or None) in one query: each row
    carries how many incidents fall in the escalation window and the first of them
    (gateway.support.rules.dash), as ``dash_escalation`` works it out from every date."""
    today = today or timezone.localdate()
    policy = escalation_policy(patient)
    last = patient.last_marac_referral_on
    in_window = AbuseIncident.objects.filter(
        patient=OuterRef("patient"),
        occurred_on__gt=dash.escalation_window_opens_after(today, last, policy),
        occurred_on__lte=today,
    )
    incidents = list(
        incidents_for(patient).annotate(
            counted_in_window=count_of(in_window),
            first_in_window=first_value(in_window.order_by("occurred_on", "id"), "occurred_on"),
        )[:limit]
    )
    if not incidents:  # none at all: none to count (a policy asks for at least one)
        return incidents, None
    first = incidents[0]
    return incidents, dash.escalation_of_counted(
        first.counted_in_window, first.first_in_window, last, policy
    )
