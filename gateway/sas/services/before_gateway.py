"""An episode that began before Gateway (docs/adr/0031): a commissioner brings a person who is
already on their scheme, allocated to an SAS practice before Gateway was used, from the
commissioner's own records (the caseload import, gateway/imports/caseloads).

It ends in the state a removal report reaches through screening and allocation: allocated to the
SAS practice (or remaining, when the records show a review), the practice responsible for the
person, the "attend the SAS practice only" flag, and the next review from the scheme policy
(gateway.sas.rules.before_gateway). What is different, and why:
- No removal report, screening or allocation letter: they happened before Gateway, outside it.
  The dates the records hold are kept on the episode's RecordBeforeGateway.
- The status history rows are dated when the records say the person was allocated (and last
  reviewed), so the figures count them on the scheme from then; each says it was imported,
  from where, when and by whom.
- An appeal window is set only if it is still open (the allocation letter was sent on the day
  allocated)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.accounts.models import Organisation, Role
from gateway.accounts.rules import roles_in
from gateway.audit import services as audit
from gateway.patients.models import PatientFlag, PatientRelationship

from .. import rules
from ..errors import NotAllowed
from ..models import Deadline, Episode, RecordBeforeGateway, StatusHistory
from ..queries import policy_in_force
from ..rules.before_gateway import dates_in_order, review_due_before_gateway
from ..states import OPEN_STATES, State
from .review_scheduling import ensure_review_scheduled

Action = audit.Action

BEGAN = "began_before_gateway"
REVIEWED = "reviewed_before_gateway"
TRANSITIONS = (BEGAN, REVIEWED)


def imported_note(source_name, actor, today):
    """ "Imported from caseload.xlsx on 3 May 2026 by Chris Commissioner"."""
    who = getattr(actor, "display_name", "") or str(actor)
    return f"Imported from {source_name} on {rules.long_date(today)} by {who}"


def _moment(day):
    """Midday of a day in Europe/London: the records hold dates, not times."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _check(actor, organisation, sas_practice, removing_practice):
    if (
        organisation is None
        or organisation.kind != Organisation.Kind.COMMISSIONER
        or Role.COMMISSIONER not in roles_in(actor, organisation)
    ):
        raise NotAllowed(
            "Only a commissioner can bring people already on their scheme into Gateway. "
            "Switch to your commissioner organisation."
        )
    if not (
        sas_practice.is_sas_practice
        and sas_practice.is_active
        and sas_practice.commissioner_id == organisation.pk
    ):
        raise ValidationError({"sas_practice": "Choose one of your area's SAS practices"})
    if removing_practice is not None and removing_practice.kind != Organisation.Kind.GP_PRACTICE:
        raise ValidationError({"removing_practice": "The removing practice must be a GP practice"})


def record_episode_begun_before_gateway(
    actor,
    organisation,
    patient,
    *,
    sas_practice,
    allocated_on,
    removing_practice=None,
    removed_on=None,
    last_reviewed_on=None,
    next_review_on=None,
    notes="",
    source_name,
    source_detail="",
    today=None,
):
    """Put a person already on the commissioner's scheme onto Gateway as an episode in the
    right state with its next review. ``source_name`` is where the records came from (a file
    name); ``source_detail`` where in it (a line). Returns the episode."""
    today = today or timezone.localdate()
    _check(actor, organisation, sas_practice, removing_practice)
    problems = dates_in_order(removed_on, allocated_on, last_reviewed_on, next_review_on, today)
    if problems:
        raise ValidationError(problems)
    policy = policy_in_force(organisation, today)
    review_rule = review_due_before_gateway(
        allocated_on, last_reviewed_on, next_review_on, policy.values()
    )
    note = imported_note(source_name, actor, today)
    state = State.REMAINING if last_reviewed_on else State.ALLOCATED
    with transaction.atomic():
        if Episode.objects.filter(patient=patient, state__in=OPEN_STATES).exists():
            raise ValidationError("This person is already on the scheme in Gateway.")
        now = timezone.now()
        episode = Episode.objects.create(
            patient=patient,
            commissioner=organisation,
            removing_practice=removing_practice,
            sas_practice=sas_practice,
            state=state,
            state_changed_at=now,
        )
        history = [(BEGAN, "", State.ALLOCATED, allocated_on)]
        if last_reviewed_on:
            history.append((REVIEWED, State.ALLOCATED, State.REMAINING, last_reviewed_on))
        for name, from_state, to_state, on in history:
            StatusHistory.objects.create(
                episode=episode,
                from_state=from_state,
                to_state=to_state,
                transition=name,
                actor=actor,
                actor_name=actor.display_name,
                organisation=organisation,
                at=_moment(on),
                reason=note,
            )
        record = RecordBeforeGateway.objects.create(
            episode=episode,
            removed_on=removed_on,
            allocated_on=allocated_on,
            last_reviewed_on=last_reviewed_on,
            next_review_in_records=next_review_on,
            next_review_set=review_rule.due_on,
            notes=(notes or "").strip(),
            source=", ".join(part for part in (source_name, source_detail) if part)[:300],
            recorded_by=actor,
        )
        for relation, kind, reason in (
            (organisation, PatientRelationship.Kind.COMMISSIONER, "SAS episode"),
            (sas_practice, PatientRelationship.Kind.RESPONSIBLE, "SAS practice for the episode"),
        ):
            PatientRelationship.objects.get_or_create(
                patient=patient,
                organisation=relation,
                kind=kind,
                is_active=True,
                defaults={"reason": reason},
            )
        flag = PatientFlag.objects.create(
            patient=patient,
            kind=PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY,
            detail=f"Attend {sas_practice.name} only",
            set_by=actor,
            set_by_organisation=organisation,
            source_type="sas.Episode",
            source_id=str(episode.public_id),
        )
        deadlines = [Deadline.from_rule(episode, review_rule, policy)]
        appeal = rules.appeal_deadline(
            last_reviewed_on or allocated_on,
            rules.APPEAL_AGAINST_REMAINING if last_reviewed_on else rules.APPEAL_AGAINST_PLACEMENT,
            policy.values(),
        )
        if appeal.due_on >= today:
            deadlines.append(Deadline.from_rule(episode, appeal, policy))
        Deadline.objects.bulk_create(deadlines)
        _audit(actor, organisation, episode, record, flag, state)
        # The review takes over the review deadline row written above.
        ensure_review_scheduled(episode, actor=actor, organisation=organisation, today=today)
    return episode


def _audit(actor, organisation, episode, record, flag, state):
    patient = episode.patient
    for obj, fields, detail, object_type in (
        (
            episode,
            ["state", "sas_practice", "removing_practice"],
            {"state": state, "began_before_gateway": True},
            None,
        ),
        (record, ["removed_on", "allocated_on", "last_reviewed_on", "notes"], None, None),
        (flag, ["kind"], {"kind": flag.kind}, "patients.PatientFlag"),
    ):
        extra = {"object_type": object_type, "object_id": str(obj.pk)} if object_type else {}
        audit.record(
            Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=obj,
            patient=patient,
            changed_fields=fields,
            detail=detail,
            **extra,
        )
