"""Discharge and step-down (docs/domain/sas-reviews-and-discharge.md#discharge-and-step-down): the
step-down plan made at a review or by an exception panel, completing the discharge when the new
mainstream registration is recorded, and automatic discharge when the window passes, if the scheme's
policy says so.

After discharge the patient carries a "protected from removal" note: since 1 October 2020
(SI 2020/911) a practice cannot remove them for the old incident
(docs/domain/sas-removal-and-allocation.md#other-ways-onto-the-scheme)."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gateway.accounts.models import Organisation
from gateway.audit import services as audit
from gateway.comms.routing import MissingContactDetails
from gateway.patients.models import PatientFlag, PatientRelationship

from .. import rules
from ..models import Deadline, DischargePlan, Review
from ..states import State
from .common import audit_episode, check_took_part, stored_actor
from .episodes import SYSTEM, system_transition, transition
from .review_letters import letter_to_patient
from .review_scheduling import allocation_date, policy_for

Action = audit.Action
logger = logging.getLogger(__name__)
MAX_STAY_IN_TOUCH_MONTHS = 24
PLAN_FIELDS = (
    "target_practice",
    "target_practice_note",
    "medication_cover",
    "referrals_to_hand_over",
    "stay_in_touch_months",
)


def clean_plan(data):
    """Errors in the step-down plan, by field (empty when it is complete)."""
    errors = {}
    if data.get("target_practice") is None and not (data.get("target_practice_note") or "").strip():
        errors["target_practice"] = (
            "Choose the practice the patient will register with, or describe it (for example "
            "'not chosen yet: the SAS practice will help them find one')"
        )
    if not (data.get("medication_cover") or "").strip():
        errors["medication_cover"] = (
            "Say how the SAS practice will cover the patient's medicines until they are "
            "registered (write 'none needed' if there are none)"
        )
    months = data.get("stay_in_touch_months")
    if months is None or not 0 <= months <= MAX_STAY_IN_TOUCH_MONTHS:
        errors["stay_in_touch_months"] = (
            f"Enter how many months the SAS practice stays in touch, from 0 to "
            f"{MAX_STAY_IN_TOUCH_MONTHS}"
        )
    return errors


def check_minimum_stay(episode, policy, decision_date):
    """docs/domain/sas-reviews-and-discharge.md#reviews: a scheme may set a minimum stay; a review
    cannot discharge before it ends (an exception panel still can)."""
    earliest = rules.earliest_discharge(allocation_date(episode), policy.values())
    if earliest is None or decision_date is None or decision_date >= earliest.due_on:
        return {}
    ends = rules.long_date(earliest.due_on)
    return {
        "decision": (
            f"The patient cannot be discharged at a review before {ends}: this scheme has "
            f"a minimum stay of {policy.minimum_stay_months} months from "
            "allocation. Decide that they remain, or ask an exception discharge panel."
        )
    }


def make_plan(actor, organisation, episode, review, policy, decision_date, data):
    """The step-down plan and its discharge-by deadline (inside the caller's transaction)."""
    due = rules.discharge_by(decision_date, policy.values())
    plan = DischargePlan.objects.create(
        episode=episode,
        review=review,
        target_practice=data.get("target_practice"),
        target_practice_note=(data.get("target_practice_note") or "").strip(),
        discharge_by=due.due_on,
        medication_cover=data["medication_cover"].strip(),
        referrals_to_hand_over=(data.get("referrals_to_hand_over") or "").strip(),
        stay_in_touch_months=data["stay_in_touch_months"],
    )
    Deadline.from_rule(episode, due, policy).save()
    audit_episode(
        Action.CREATE,
        actor,
        organisation,
        plan,
        episode,
        PLAN_FIELDS,
        {"discharge_by": str(due.due_on)},
    )
    return plan


def _end_scheduled_reviews(episode, now):
    episode.reviews.filter(status=Review.Status.SCHEDULED).update(
        status=Review.Status.CANCELLED, version=F("version") + 1, updated_at=now
    )
    Deadline.objects.filter(
        episode=episode,
        kind__startswith="review",
        met_at__isnull=True,
        cancelled_at__isnull=True,
    ).update(cancelled_at=now)


def exception_discharge(actor, organisation, episode, expected_version, data):
    """An exception discharge panel discharges early, at any time, with reasons and the same
    step-down plan (docs/domain/sas-reviews-and-discharge.md#reviews). Minimum stay does not apply:
    that is what it is for."""
    errors = clean_plan(data)
    reasons = (data.get("reasons") or "").strip()
    if not reasons:
        errors["reasons"] = "Enter the panel's reasons for discharging the patient early"
    if data.get("held_on") is None:
        errors["held_on"] = "Enter the date the panel met"
    elif data["held_on"] > timezone.localdate():
        errors["held_on"] = "The date the panel met must be today or in the past"
    errors.update(check_took_part(data))
    if errors:
        raise ValidationError(errors)
    held_on = data["held_on"]
    policy = policy_for(episode, held_on)
    with transaction.atomic():
        transition(
            actor, organisation, episode, "exception_discharge", expected_version, reason=reasons
        )
        now = timezone.now()
        _end_scheduled_reviews(episode, now)
        review = Review.objects.create(
            episode=episode,
            due_on=held_on,
            is_exception=True,
            status=Review.Status.DECIDED,
            held_on=held_on,
            patient_took_part=data["patient_took_part"],
            decision=Review.Decision.DISCHARGE,
            reasons=reasons,
            decided_by=stored_actor(actor),
            decided_at=now,
        )
        audit_episode(
            Action.CREATE,
            actor,
            organisation,
            review,
            episode,
            ["decision", "reasons"],
            {"is_exception": True},
        )
        plan = make_plan(actor, organisation, episode, review, policy, held_on, data)
        letter_to_patient(
            actor,
            organisation,
            episode,
            "review_outcome_discharge",
            {"review": review, "plan": plan, "sas_practice": episode.sas_practice},
        )
    return plan


def protected_note(discharged_on):
    return (
        f"Discharged from SAS on {rules.long_date(discharged_on)} — protected from removal "
        "for the old incident"
    )


def complete_discharge(
    actor, organisation, episode, expected_version, registered_practice, registered_on
):
    """The patient is registered with a mainstream practice: the discharge completes
    (docs/domain/sas-reviews-and-discharge.md#discharge-and-step-down). Commissioner or SAS practice
    staff."""
    errors = {}
    if registered_practice is None:
        errors["registered_practice"] = "Choose the practice the patient is now registered with"
    if registered_on is None:
        errors["registered_on"] = "Enter the date the patient registered"
    elif registered_on > timezone.localdate():
        errors["registered_on"] = "The date they registered must be today or in the past"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _meet_discharge_deadline(episode)
        transition(actor, organisation, episode, "complete_discharge", expected_version)
        return _finish(actor, organisation, episode, registered_practice, registered_on)


def _meet_discharge_deadline(episode):
    """Done before the episode closes: closing cancels whatever is still open."""
    Deadline.objects.filter(
        episode=episode, kind="discharge", met_at__isnull=True, cancelled_at__isnull=True
    ).update(met_at=timezone.now())


def _finish(actor, organisation, episode, registered_practice, registered_on, automatic=False):
    now = timezone.now()
    today = timezone.localdate()
    plan = DischargePlan.objects.select_for_update().get(episode=episode)
    plan.registered_practice = registered_practice
    plan.registered_on = registered_on
    plan.completed_automatically = automatic
    plan.completed_at = now
    plan.save()
    _end_scheduled_reviews(episode, now)
    PatientFlag.objects.filter(
        patient_id=episode.patient_id,
        kind=PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY,
        ended_at__isnull=True,
    ).update(ended_at=now, ended_by=stored_actor(actor), updated_at=now)
    flag = PatientFlag.objects.create(
        patient_id=episode.patient_id,
        kind=PatientFlag.Kind.PROTECTED_FROM_REMOVAL,
        detail=protected_note(today),
        set_by=stored_actor(actor),
        set_by_organisation=organisation,
        source_type="sas.Episode",
        source_id=str(episode.public_id),
    )
    if registered_practice is not None:
        # The new practice is now responsible, and must see the protection note.
        PatientRelationship.objects.get_or_create(
            patient_id=episode.patient_id,
            organisation=registered_practice,
            kind=PatientRelationship.Kind.RESPONSIBLE,
            is_active=True,
            defaults={"reason": "Registered after discharge from the SAS"},
        )
    audit_episode(
        Action.UPDATE,
        actor,
        organisation,
        plan,
        episode,
        ["registered_practice", "registered_on", "completed_at"],
        {"automatic": automatic},
    )
    audit_episode(Action.CREATE, actor, organisation, flag, episode, ["kind", "detail"])
    letter_to_patient(
        actor,
        organisation or episode.commissioner,
        episode,
        "discharge",
        {"plan": plan, "sas_practice": episode.sas_practice, "discharged_on": today},
    )
    return plan


AUTOMATIC_REASON = (
    "Discharged automatically: the discharge-by date passed without a new registration, and "
    "the scheme's policy discharges automatically"
)


def overdue_plans(today=None):
    """Plans whose discharge-by date has passed without the discharge completing."""
    today = today or timezone.localdate()
    return DischargePlan.objects.filter(
        completed_at__isnull=True,
        discharge_by__lt=today,
        episode__state=State.DISCHARGE_PLANNED,
    ).select_related("episode")


def discharge_overdue_plans(today=None):
    """Daily: complete overdue discharges where the policy that set the discharge-by date
    says so. Where it does not, the plan stays on the worklist as overdue. Returns how many
    were discharged."""
    done = 0
    for plan in overdue_plans(today).filter(left_for_staff_on__isnull=True):
        deadline = (
            Deadline.objects.filter(episode=plan.episode, kind="discharge")
            .select_related("policy")
            .order_by("-id")
            .first()
        )
        policy = deadline.policy if deadline else policy_for(plan.episode)
        if not policy.automatic_discharge_when_not_registered:
            # Left on the worklist as overdue; the job does not read this plan again.
            DischargePlan.objects.filter(pk=plan.pk).update(
                left_for_staff_on=today or timezone.localdate()
            )
            continue
        try:
            with transaction.atomic():
                _meet_discharge_deadline(plan.episode)
                episode = system_transition(plan.episode, "complete_discharge", AUTOMATIC_REASON)
                _finish(SYSTEM, None, episode, None, None, automatic=True)
        except MissingContactDetails as missing:
            # Not discharged without telling the person: tried again on the next run.
            logger.warning("Plan %s: not discharged yet: %s", plan.pk, missing.messages[0])
            continue
        done += 1
    return done


def gp_practices_for(episode):
    """Mainstream practices in the commissioner's area, for choosing the new practice."""
    return Organisation.objects.filter(
        kind=Organisation.Kind.GP_PRACTICE,
        is_sas_practice=False,
        is_active=True,
        commissioner=episode.commissioner_id,
    ).order_by("name")
