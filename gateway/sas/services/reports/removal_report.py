"""The removing practice's report of an immediate removal
(docs/domain/sas-removal-and-allocation.md): what the screening rules say about its answers, the
policy that governs it, the report itself and the written confirmation of a notice given another
way.

Every function checks who may act, writes, records status history and audit, and queues the
letters, all in one transaction (house rules)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.accounts.models import Organisation, Role
from gateway.accounts.rules import roles_in
from gateway.audit import services as audit
from gateway.patients.models import PatientFlag, PatientRelationship
from gateway.patients.queries import visible_patients

from ... import rules
from ...errors import NotAllowed
from ...models import Deadline, Episode, RemovalReport, StatusHistory
from ...queries import NoPolicyInForce, policy_in_force
from ...states import OPEN_STATES, State
from ..report_letters import organisation_address_lines, queue_letter

Action = audit.Action

# Fields of RemovalReport the practice fills in (page and API share them).
REPORT_FIELDS = (
    "signed_by_name",
    "signed_by_role",
    "incident_at",
    "setting",
    "behaviours",
    "description",
    "previously_non_aggressive_in_anguish",
    "health_condition_could_explain",
    "learning_disability_or_neurodiversity_considered",
    "alternatives_tried",
    "police_reported",
    "police_reported_at",
    "police_reference",
    "notice_given_at",
    "notice_method",
    "patient_told",
    "mental_health_conditions",
    "conditions_affecting_behaviour",
    "current_medications",
    "other_care_providers",
    "other_care_providers_will_be_told",
    "cqc_notified",
)
EXPLANATION_NEEDED = (
    "The report has warnings. Explain why you are sending it anyway, so the commissioner "
    "can decide."
)


def _could_explain(answer):
    # "Not sure" is not a silent pass: the rules treat it as unanswered and warn.
    return {"yes": True, "no": False}.get(answer)


def protected_since(patient):
    """The day the patient was discharged from the scheme, while they hold the
    protected-from-removal flag (SI 2020/911); None otherwise."""
    flag = (
        PatientFlag.objects.filter(
            patient=patient, kind=PatientFlag.Kind.PROTECTED_FROM_REMOVAL, ended_at__isnull=True
        )
        .order_by("-created_at")
        .first()
    )
    return rules.local_date(flag.created_at) if flag else None


def screen(patient, data):
    """What the screening rules say about the report's answers for this patient
    (gateway.sas.rules)."""
    return rules.screen_report(
        protected_since=protected_since(patient),
        setting=data["setting"],
        police_reported=data["police_reported"],
        police_reported_at=data.get("police_reported_at"),
        incident_at=data.get("incident_at"),
        behaviours=data.get("behaviours") or [],
        health_condition_could_explain=_could_explain(data.get("health_condition_could_explain")),
        learning_disability_considered=data.get("learning_disability_or_neurodiversity_considered"),
        alternatives_tried=bool((data.get("alternatives_tried") or "").strip()),
        previously_non_aggressive_in_anguish=data.get("previously_non_aggressive_in_anguish"),
    )


def needs_explanation(result):
    """A report that may not qualify, or needs approval, needs the practice to say why it
    is sending it anyway (docs/domain/sas-removal-and-allocation.md#what-does-not-qualify: warn,
    never silently reject)."""
    return result.route != rules.QUALIFIES


def practice_commissioner(organisation):
    if organisation.commissioner_id is None:
        raise NotAllowed(
            "Your practice is not linked to a commissioner, so the report has nowhere to go. "
            "Ask your organisation admin to set the practice's commissioner."
        )
    return organisation.commissioner


def policy_for_practice(organisation, on_date=None):
    """The scheme policy in force for the practice's commissioner on on_date (today by
    default); NotAllowed if none."""
    commissioner = practice_commissioner(organisation)
    try:
        return policy_in_force(commissioner, on_date)
    except NoPolicyInForce as missing:
        raise NotAllowed(missing.message) from None


def policy_for_notice(organisation, notice_given_at):
    """The scheme policy that governs a removal: the version in force on the day notice was
    given, because the removal took effect then. A version that takes effect later never
    changes a removal already made; one in force by then does (screening and the report's
    deadlines both follow it)."""
    notice_on = rules.local_date(notice_given_at) if notice_given_at else None
    return policy_for_practice(organisation, notice_on)


def _require_practice_staff(actor, organisation):
    if (
        organisation is None
        or organisation.kind != Organisation.Kind.GP_PRACTICE
        or Role.PRACTICE_STAFF not in roles_in(actor, organisation)
    ):
        raise NotAllowed(
            "Only staff of a GP practice can report an immediate removal. Switch to your "
            "practice, or ask someone at the practice to do it."
        )


def _relate(patient, organisation, kind, reason):
    PatientRelationship.objects.get_or_create(
        patient=patient,
        organisation=organisation,
        kind=kind,
        is_active=True,
        defaults={"reason": reason},
    )


def submit_removal_report(actor, organisation, patient, data):
    """A practice reports an immediate removal: an episode in 'reported', the report with what
    screening said, the written-confirmation deadline (only when notice was not in writing)
    and the allocation target, the commissioner's access to the patient, and the written
    acknowledgement to the practice. The removal took effect when notice was given."""
    _require_practice_staff(actor, organisation)
    if not visible_patients(actor, organisation).filter(pk=patient.pk).exists():
        raise NotAllowed("Your practice is not linked to this patient's record.")
    policy = policy_for_notice(organisation, data.get("notice_given_at"))
    commissioner = organisation.commissioner
    result = screen(patient, data)
    explanation = (data.get("explanation") or "").strip()
    if needs_explanation(result) and not explanation:
        raise ValidationError({"explanation": EXPLANATION_NEEDED})

    with transaction.atomic():
        if Episode.objects.filter(patient=patient, state__in=OPEN_STATES).exists():
            raise ValidationError(
                "This patient already has an open Special Allocation Scheme episode. Open "
                "it from the patient's record instead of reporting again."
            )
        now = timezone.now()
        episode = Episode.objects.create(
            patient=patient,
            commissioner=commissioner,
            removing_practice=organisation,
            state=State.REPORTED,
            state_changed_at=now,
        )
        report = RemovalReport.objects.create(
            episode=episode,
            reporting_practice=organisation,
            reported_by=actor if getattr(actor, "pk", None) else None,
            screening_route=result.route,
            screening_policy=policy,
            screening_warnings=[
                {"code": w.code, "rule": w.rule, "message": w.message} for w in result.warnings
            ],
            explanation=explanation,
            **{name: data[name] for name in REPORT_FIELDS if name in data},
        )
        StatusHistory.objects.create(
            episode=episode,
            to_state=State.REPORTED,
            transition="report",
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=getattr(actor, "display_name", "") or "",
            organisation=organisation,
            at=now,
            reason="Immediate removal reported by the practice",
        )
        deadlines = [rules.allocation_target(report.notice_given_at, policy)]
        if not report.notice_in_writing:
            deadlines.append(rules.written_confirmation_due(report.notice_given_at, policy))
        Deadline.objects.bulk_create(Deadline.from_rule(episode, d, policy) for d in deadlines)
        _relate(patient, commissioner, PatientRelationship.Kind.COMMISSIONER, "SAS episode")
        audit.record(
            Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=episode,
            patient=patient,
            changed_fields=["state"],
            detail={"state": State.REPORTED, "screening_route": result.route},
        )
        audit.record(
            Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=report,
            patient=patient,
            changed_fields=[n for n in REPORT_FIELDS if n in data],
        )
        queue_letter(
            actor,
            organisation,
            template="letters/sas/removal_acknowledgement.jinja",
            context={"episode": episode, "report": report, "commissioner": commissioner},
            patient=patient,
            recipient_organisation=organisation,
            address_lines=organisation_address_lines(organisation),
            related=episode,
        )
    return episode


def _report(episode):
    try:
        return RemovalReport.objects.select_for_update().get(episode=episode)
    except RemovalReport.DoesNotExist:
        raise ValidationError("This episode has no removal report.") from None


def _require_part(actor, organisation, episode, roles_by_org, action):
    roles = roles_in(actor, organisation) if organisation is not None else set()
    for org_id, wanted in roles_by_org:
        if organisation is not None and org_id == organisation.pk and roles & wanted:
            return
    raise NotAllowed(
        f"You cannot {action} for this episode. Switch to the organisation involved in it."
    )


def confirm_in_writing(actor, organisation, episode, received_at=None):
    """Record that the practice confirmed a notice given another way in writing
    (docs/domain/sas-removal-and-allocation.md#notice-and-when-the-removal-takes-effect): the
    written-confirmation deadline is met."""
    _require_part(
        actor,
        organisation,
        episode,
        [
            (episode.commissioner_id, {Role.COMMISSIONER}),
            (episode.removing_practice_id, {Role.PRACTICE_STAFF}),
        ],
        "record the written confirmation",
    )
    received_at = received_at or timezone.now()
    with transaction.atomic():
        report = _report(episode)
        if report.written_confirmation_received_at is not None:
            raise ValidationError("The written confirmation has already been recorded.")
        report.written_confirmation_received_at = received_at
        report.save(update_fields=["written_confirmation_received_at", "updated_at"])
        Deadline.objects.filter(
            episode=episode, kind="written_confirmation", met_at__isnull=True
        ).update(met_at=received_at)
        audit.record(
            Action.UPDATE,
            actor=actor,
            organisation=organisation,
            obj=report,
            patient=episode.patient_id,
            changed_fields=["written_confirmation_received_at"],
        )
    return report
