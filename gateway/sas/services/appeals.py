"""Appeals against being placed on the scheme or against remaining on it
(docs/domain/sas-appeals.md#appeals): lodging and the steps up to the panel. Staff record an appeal
however it arrived; the deadlines come from the scheme policy in force; the appeal never pauses the
episode. Every step checks the appeal's version so two people never overwrite each other. The
panel's decision and withdrawal are in appeal_decisions.py; what every step shares is in
appeal_steps.py."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.audit import services as audit
from gateway.comms.routing import MissingContactDetails

from .. import rules
from ..errors import IllegalTransition, NotAllowed
from ..models import Appeal, Deadline, Episode, StatusHistory
from ..queries import NoPolicyInForce, policy_in_force
from ..states import ACTIVE_STATES, STATE_LABELS
from .appeal_steps import (
    ACKNOWLEDGEMENT,
    PANEL,
    PAPERS,
    PATIENT_FORM,
    PRACTICE_FORM,
    appeal_deadlines,
    appeal_letter_context,
    appeal_step,
    audit_appeal,
    meet_appeal_deadline,
    reload_appeal,
    update_appeal,
)
from .changes import (
    queue_sas_letter,
    require_roles,
)

logger = logging.getLogger(__name__)
LODGE_ROLES = {Role.COMMISSIONER, Role.SAS_PRACTICE_STAFF}
MANAGE_ROLES = {Role.COMMISSIONER}
DECIDE_ROLES = {Role.COMMISSIONER, Role.PANEL_MEMBER}


def _policy(episode, on_date):
    try:
        return policy_in_force(episode.commissioner, on_date)
    except NoPolicyInForce as missing:
        raise ValidationError(missing.message) from None


def _letter_date(episode, against):
    """When the letter the appeal window runs from was sent: allocation, or the latest
    decision that the patient remains."""
    name = "allocate" if against == Appeal.Against.PLACEMENT else "decide_remain"
    at = (
        StatusHistory.objects.filter(episode=episode, transition=name)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    if at is not None:
        return rules.local_date(at)
    if against == Appeal.Against.PLACEMENT and episode.state in ACTIVE_STATES:
        return rules.local_date(episode.state_changed_at or episode.created_at)
    return None


def window_kind(against):
    """The deadline kind of the window to appeal against placement or remaining."""
    return f"appeal_against_{against}"


def appeal_window(episode, against):
    """The appeal deadline: the row set when the letter went out (allocation or review
    outcome), else worked out now from the policy in force on the letter's date. None when
    there is nothing to appeal against yet."""
    row = (
        Deadline.objects.filter(
            episode=episode, kind=window_kind(against), cancelled_at__isnull=True
        )
        .order_by("-starts_on", "-id")
        .first()
    )
    if row is not None:
        return row
    letter_date = _letter_date(episode, against)
    if letter_date is None:
        return None
    policy = _policy(episode, letter_date)
    return Deadline.from_rule(
        episode, rules.appeal_deadline(letter_date, against, policy.values()), policy
    )


def lodge_appeal(actor, organisation, episode, data):
    """Record an appeal. data: against, received_on, means, lodged_by, grounds, and
    optionally representative_name, representative_relationship, late_reason.
    Returns the Appeal. The episode's state is not touched (docs/domain/sas-appeals.md#appeals)."""
    require_roles(actor, organisation, episode, LODGE_ROLES, "record an appeal")
    return _lodge(actor, organisation, episode, data)


def lodge_own_appeal(person, episode, grounds, late_reason=""):
    """The patient lodges their own appeal on their own page (docs/domain/sas-appeals.md#appeals:
    appeals may be made by means other than writing). Narrow on purpose: the actor is the
    person of a signed-in portal session (gateway.portal), only about their own episode;
    received today, by the patient, through the portal. The same checks, deadlines, letters
    and audit as staff recording it; the letters go out in the commissioner's name."""
    session = getattr(person, "session", None)
    if (
        session is None
        or session.ended_at is not None
        or session.patient_id != episode.patient_id
        or getattr(person, "pk", None) is not None
    ):
        raise NotAllowed("You can only appeal about your own place on the scheme.")
    data = {
        "against": _own_appeal_against(episode),
        "received_on": timezone.localdate(),
        "means": Appeal.Means.PORTAL,
        "lodged_by": Appeal.LodgedBy.PATIENT,
        "grounds": grounds,
        "late_reason": late_reason,
    }
    return _lodge(person, episode.commissioner, episode, data)


def _own_appeal_against(episode):
    """After a review decided the person stays, they appeal against remaining; before
    that, against being placed on the scheme."""
    stayed = StatusHistory.objects.filter(episode=episode, transition="decide_remain").exists()
    return Appeal.Against.REMAINING if stayed else Appeal.Against.PLACEMENT


def _lodge(actor, organisation, episode, data):
    if episode.state not in ACTIVE_STATES:
        raise IllegalTransition(
            "You cannot record an appeal because the episode is "
            f"{STATE_LABELS[episode.state]}. Only a patient on the scheme can appeal."
        )
    against = data["against"]
    received_on = data["received_on"]
    errors = {}
    if received_on > timezone.localdate():
        errors["received_on"] = "The date the appeal was received must be today or in the past"
    if (
        data.get("lodged_by") == Appeal.LodgedBy.REPRESENTATIVE
        and not (data.get("representative_name") or "").strip()
    ):
        errors["representative_name"] = "Enter the name of the person representing the patient"
    if not (data.get("grounds") or "").strip():
        errors["grounds"] = "Enter the grounds for the appeal"
    window = appeal_window(episode, against)
    if window is None and "received_on" not in errors:
        errors["against"] = (
            "There is no review decision to appeal against yet. Choose being placed on the "
            "scheme instead."
        )
    is_late = window is not None and received_on > window.due_on
    late_reason = (data.get("late_reason") or "").strip()
    if is_late and not late_reason and not errors:
        errors["late_reason"] = (
            f"The appeal arrived after the deadline ({window.describe()}). Say why it is "
            "being accepted late"
        )
    if errors:
        raise ValidationError(errors)
    policy = _policy(episode, received_on).values()
    today = timezone.localdate()

    with transaction.atomic():
        current = Episode.objects.select_for_update().get(pk=episode.pk)
        if Appeal.objects.filter(
            episode=current,
            status__in=[
                Appeal.Status.LODGED,
                Appeal.Status.ACKNOWLEDGED,
                Appeal.Status.PANEL_SCHEDULED,
            ],
        ).exists():
            raise IllegalTransition(
                "This patient already has an appeal in progress. Add to that appeal, or "
                "record it as withdrawn before recording a new one."
            )
        appeal = Appeal.objects.create(
            episode=current,
            against=against,
            received_on=received_on,
            means=data["means"],
            lodged_by=data["lodged_by"],
            representative_name=(data.get("representative_name") or "").strip(),
            representative_relationship=(data.get("representative_relationship") or "").strip(),
            grounds=data["grounds"].strip(),
            is_late=is_late,
            late_reason=late_reason if is_late else "",
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        # The patient has used this window: it is no longer due (the page stops saying
        # "Appeal by ..." and stops offering to record an appeal against the same thing).
        Deadline.objects.filter(
            episode=current,
            kind=window_kind(against),
            met_at__isnull=True,
            cancelled_at__isnull=True,
        ).update(met_at=timezone.now())
        stored_policy = _policy(episode, received_on)
        steps = [
            rules.acknowledgement_due(received_on, policy),
            # The form goes with the acknowledgement queued now; the practice is asked now.
            rules.patient_form_due(today, policy),
            rules.practice_form_due(today, policy),
        ]
        Deadline.objects.bulk_create(
            [Deadline.from_rule(current, step, stored_policy, appeal=appeal) for step in steps]
        )
        audit_appeal(actor, organisation, appeal, audit.Action.CREATE, ["status"], is_late=is_late)
        context = appeal_letter_context(appeal, current, steps=steps)
        try:
            with transaction.atomic():
                queue_sas_letter(
                    actor,
                    organisation,
                    template="letters/sas/appeal_acknowledgement.jinja",
                    context=context,
                    patient=current.patient,
                    related=appeal,
                )
        except MissingContactDetails:
            if getattr(actor, "pk", None) is not None:
                raise  # staff see why, and nothing is saved
            # The person's own appeal is never lost: it is kept without the letter, and its
            # acknowledgement deadline stays open on the commissioner's worklist.
            logger.warning("Appeal %s: acknowledgement not written (contact missing)", appeal.pk)
        if current.removing_practice_id:
            queue_sas_letter(
                actor,
                organisation,
                template="letters/sas/appeal_form_to_practice.jinja",
                context=context,
                recipient=current.removing_practice,
                related=appeal,
            )
    return appeal


def record_acknowledgement(actor, organisation, appeal, expected_version, sent_on):
    """The acknowledgement and appeal form went to the patient."""
    with appeal_step(
        actor, organisation, appeal, expected_version, MANAGE_ROLES, "acknowledge"
    ) as a:
        update_appeal(
            a, expected_version, acknowledged_on=sent_on, status=Appeal.Status.ACKNOWLEDGED
        )
        meet_appeal_deadline(a, ACKNOWLEDGEMENT)
        audit_appeal(actor, organisation, a, audit.Action.UPDATE, ["acknowledged_on", "status"])
    return reload_appeal(appeal)


def record_patient_form(actor, organisation, appeal, expected_version, received_on):
    return _record_form(
        actor, organisation, appeal, expected_version, received_on, "patient_form_received_on"
    )


def record_practice_form(actor, organisation, appeal, expected_version, received_on):
    return _record_form(
        actor, organisation, appeal, expected_version, received_on, "practice_form_received_on"
    )


def _record_form(actor, organisation, appeal, expected_version, received_on, field):
    kind = PATIENT_FORM if field == "patient_form_received_on" else PRACTICE_FORM
    with appeal_step(
        actor, organisation, appeal, expected_version, MANAGE_ROLES, "record a form"
    ) as a:
        update_appeal(a, expected_version, **{field: received_on})
        setattr(a, field, received_on)
        meet_appeal_deadline(a, kind)
        if a.patient_form_received_on and a.practice_form_received_on:
            # docs/domain/sas-appeals.md#appeals: the panel meets within N days of receiving both
            # forms.
            both = max(a.patient_form_received_on, a.practice_form_received_on)
            policy = _policy(a.episode, both)
            Deadline.from_rule(
                a.episode, rules.panel_due(both, policy.values()), policy, appeal=a
            ).save()
        audit_appeal(actor, organisation, a, audit.Action.UPDATE, [field])
    return reload_appeal(appeal)


def panel_due_date(appeal):
    row = appeal_deadlines(appeal).filter(kind=PANEL, cancelled_at__isnull=True).last()
    return row.due_on if row is not None else None


def schedule_panel(actor, organisation, appeal, expected_version, panel_on, reason=""):
    """Set the panel date. Later than the panel due date only with a reason, kept with the
    appeal (a date in time clears it); the papers deadline follows from the date
    (docs/domain/sas-appeals.md#appeals)."""
    reason = (reason or "").strip()
    due = panel_due_date(appeal)
    if due is not None and panel_on > due and not reason:
        raise ValidationError(
            {
                "reason": f"The panel should meet by {rules.long_date(due)}. Choose an earlier "
                "date, or say why it has to be later"
            }
        )
    with appeal_step(
        actor, organisation, appeal, expected_version, MANAGE_ROLES, "arrange the panel"
    ) as a:
        late = due is not None and panel_on > due
        update_appeal(
            a,
            expected_version,
            panel_on=panel_on,
            panel_late_reason=reason if late else "",
            status=Appeal.Status.PANEL_SCHEDULED,
        )
        # A new date replaces the old papers deadline.
        appeal_deadlines(a).filter(
            kind=PAPERS, met_at__isnull=True, cancelled_at__isnull=True
        ).update(cancelled_at=timezone.now())
        policy = _policy(a.episode, timezone.localdate())
        Deadline.from_rule(
            a.episode, rules.papers_due(panel_on, policy.values()), policy, appeal=a
        ).save()
        detail = {"late_panel_reason": reason} if late else {}
        fields = ["panel_on", "panel_late_reason", "status"]
        audit_appeal(actor, organisation, a, audit.Action.UPDATE, fields, **detail)
    return reload_appeal(appeal)


def record_papers_sent(actor, organisation, appeal, expected_version, sent_on):
    with appeal_step(
        actor, organisation, appeal, expected_version, MANAGE_ROLES, "send papers"
    ) as a:
        if a.panel_on is None:
            raise IllegalTransition("Arrange the panel date before recording the papers sent.")
        update_appeal(a, expected_version, papers_sent_on=sent_on)
        meet_appeal_deadline(a, PAPERS)
        audit_appeal(actor, organisation, a, audit.Action.UPDATE, ["papers_sent_on"])
    return reload_appeal(appeal)
