"""The end of an appeal (docs/domain/sas-appeals.md#appeals): the panel's decision, with its
letters, or withdrawal.
Lodging and the steps up to the panel are in appeals.py."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from gateway.audit import services as audit

from .. import rules
from ..models import Appeal, Deadline, Episode
from .appeal_steps import (
    PANEL,
    appeal_deadlines,
    appeal_letter_context,
    appeal_step,
    audit_appeal,
    meet_appeal_deadline,
    reload_appeal,
    update_appeal,
)
from .appeals import DECIDE_ROLES, MANAGE_ROLES, window_kind
from .changes import end_attend_sas_flag, queue_sas_letter
from .episodes import transition

UPHELD = Appeal.Status.UPHELD
DISMISSED = Appeal.Status.DISMISSED


def check_decision(appeal, outcome, reasons, out_of_order_reason=""):
    """The decision's own checks, without saving anything (the check-answers page runs them
    before it shows the answers): an outcome, the panel's reasons, and the panel order rule
    (gateway.sas.rules.appeal_order): a decision before the appeal was acknowledged and the
    panel arranged needs a reason to go out of order."""
    errors = {}
    if outcome not in (UPHELD, DISMISSED):
        errors["outcome"] = "Choose whether the appeal was upheld or dismissed"
    if not (reasons or "").strip():
        errors["reasons"] = "Enter the panel's reasons for its decision"
    missing = rules.steps_missing_before_decision(appeal.acknowledged_on, appeal.panel_on)
    if missing and not (out_of_order_reason or "").strip():
        errors["out_of_order_reason"] = (
            f"{rules.out_of_order_explanation(missing)} Say why the panel is deciding now"
        )
    if errors:
        raise ValidationError(errors)


def decide_appeal(
    actor,
    organisation,
    appeal,
    expected_version,
    outcome,
    reasons,
    decided_on,
    out_of_order_reason="",
):
    """The panel's decision. Upheld: the episode ends as overturned, the attend SAS practice
    only flag ends and the patient may register anywhere. Dismissed: reasons are required and
    the episode carries on as it was. Letters go to the patient and the practices. The panel
    order rule: before the appeal is acknowledged and the panel arranged, only with a reason
    to go out of order, kept with the appeal and in the audit trail."""
    reasons = (reasons or "").strip()
    out_of_order_reason = (out_of_order_reason or "").strip()
    with appeal_step(
        actor, organisation, appeal, expected_version, DECIDE_ROLES, "decide the appeal"
    ) as a:
        # Checked on the locked row, so a step recorded meanwhile counts.
        check_decision(a, outcome, reasons, out_of_order_reason)
        out_of_order = bool(rules.steps_missing_before_decision(a.acknowledged_on, a.panel_on))
        kept_reason = out_of_order_reason if out_of_order else ""
        update_appeal(
            a,
            expected_version,
            status=outcome,
            decision_reasons=reasons,
            decided_on=decided_on,
            decided_out_of_order_reason=kept_reason,
            decided_by=actor if getattr(actor, "pk", None) else None,
        )
        now = timezone.now()
        episode = Episode.objects.select_for_update().get(pk=a.episode_id)
        if outcome == UPHELD:
            # The appeal's version guards what the panel saw; the episode is read under lock.
            transition(
                actor, organisation, episode, "uphold_appeal", episode.version, reason=reasons
            )
            # The transition cancels the ended episode's open deadlines, this appeal's too.
            end_attend_sas_flag(actor, episode, now)
        else:
            meet_appeal_deadline(a, PANEL)
            appeal_deadlines(a).filter(met_at__isnull=True, cancelled_at__isnull=True).update(
                cancelled_at=now
            )
        a.status, a.decision_reasons, a.decided_on = outcome, reasons, decided_on
        fields = ["status", "decision_reasons"]
        detail = {}
        if kept_reason:
            fields.append("decided_out_of_order_reason")
            detail["decided_out_of_order_reason"] = kept_reason
        audit_appeal(actor, organisation, a, audit.Action.UPDATE, fields, **detail)
        context = appeal_letter_context(a, episode)
        queue_sas_letter(
            actor,
            organisation,
            template="letters/sas/appeal_decision_patient.jinja",
            context=context,
            patient=episode.patient,
            related=a,
        )
        for practice in {episode.removing_practice, episode.sas_practice} - {None}:
            queue_sas_letter(
                actor,
                organisation,
                template="letters/sas/appeal_decision_practice.jinja",
                context={**context, "practice": practice},
                recipient=practice,
                related=a,
            )
    return reload_appeal(appeal)


def withdraw_appeal(actor, organisation, appeal, expected_version, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the appeal is withdrawn"})
    with appeal_step(actor, organisation, appeal, expected_version, MANAGE_ROLES, "withdraw") as a:
        update_appeal(
            a,
            expected_version,
            status=Appeal.Status.WITHDRAWN,
            decision_reasons=reason,
            decided_on=timezone.localdate(),
        )
        appeal_deadlines(a).filter(met_at__isnull=True, cancelled_at__isnull=True).update(
            cancelled_at=timezone.now()
        )
        _reopen_window(a)
        audit_appeal(actor, organisation, a, audit.Action.UPDATE, ["status"])
    return reload_appeal(appeal)


def _reopen_window(appeal):
    """A withdrawn appeal gives the patient back the rest of their window: if its date has
    not passed, the window is due again (lodging had closed it)."""
    window = (
        Deadline.objects.filter(
            episode_id=appeal.episode_id,
            kind=window_kind(appeal.against),
            cancelled_at__isnull=True,
        )
        .order_by("-starts_on", "-id")
        .first()
    )
    if window is not None and window.met_at is not None and window.due_on >= timezone.localdate():
        window.met_at = None
        window.save(update_fields=["met_at", "updated_at"])
