"""What every step on an appeal shares, from lodging to the panel's decision: the step
deadlines' kinds, one step on an open appeal (permission, lock, version check, one
transaction), the versioned update, meeting a step's deadline, audit and the letters' context.
Lodging and the steps up to the panel (appeals.py) and the decision and withdrawal
(appeal_decisions.py) both use these."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.audit import services as audit
from gateway.core.models import save_if_unchanged

from ..errors import ConflictError, IllegalTransition
from ..models import Appeal, Deadline
from ..models.appeal import refresh_decide_by
from .changes import require_roles

ACKNOWLEDGEMENT = "appeal_acknowledgement"
PATIENT_FORM = "patient_appeal_form"
PRACTICE_FORM = "practice_incident_form"
PANEL = "appeal_panel"
PAPERS = "panel_papers"
APPEAL_STEP_KINDS = (ACKNOWLEDGEMENT, PATIENT_FORM, PRACTICE_FORM, PANEL, PAPERS)


def appeal_deadlines(appeal):
    """The appeal's step deadlines (acknowledgement, forms, panel, papers)."""
    return (
        Deadline.objects.filter(appeal=appeal, kind__in=APPEAL_STEP_KINDS)
        .select_related("policy__commissioner")
        .order_by("due_on", "id")
    )


@contextmanager
def appeal_step(actor, organisation, appeal, expected_version, roles, doing):
    """One step on an open appeal: permission, lock, version check, one transaction."""
    with transaction.atomic():
        current = (
            Appeal.objects.select_for_update()
            .select_related("episode", "episode__commissioner")
            .get(pk=appeal.pk)
        )
        if current.version != expected_version:
            raise _conflict()
        require_roles(actor, organisation, current.episode, roles, f"{doing} this appeal")
        if not current.is_open:
            raise IllegalTransition(
                f"You cannot {doing} this appeal because it is "
                f"{current.get_status_display().lower()}."
            )
        yield current


def update_appeal(appeal, expected_version, **values):
    """Write the values if nobody changed the appeal since expected_version. A panel date
    is also the date the panel must decide by, written in the same UPDATE (ADR 0062)."""
    if values.get("panel_on") is not None:
        values["decide_by"] = values["panel_on"]
    try:
        save_if_unchanged(appeal, expected_version, **values)
    except ValidationError:
        # Where select_for_update does not lock (SQLite) the version in the WHERE clause is
        # what keeps the first person's change.
        raise _conflict() from None
    if "panel_on" in values and values["panel_on"] is None:
        # The date cleared: back to the panel deadline's, worked out in the database.
        refresh_decide_by([appeal.pk])
        appeal.decide_by = current_decide_by(appeal)


def current_decide_by(appeal):
    return Appeal.objects.filter(pk=appeal.pk).values_list("decide_by", flat=True).first()


def meet_appeal_deadline(appeal, kind):
    return (
        appeal_deadlines(appeal)
        .filter(kind=kind, met_at__isnull=True, cancelled_at__isnull=True)
        .update(met_at=timezone.now())
    )


def reload_appeal(appeal):
    return Appeal.objects.select_related("episode").get(pk=appeal.pk)


def _conflict():
    return ConflictError(
        "Someone else changed this appeal while you were working on it, so your change was "
        "not saved. Reload the page to see what changed, then try again."
    )


def audit_appeal(actor, organisation, appeal, action, fields, **detail):
    audit.record(
        action,
        actor=actor,
        organisation=organisation,
        obj=appeal,
        patient=appeal.episode.patient_id,
        changed_fields=fields,
        detail={"status": appeal.status, **detail},
    )


def appeal_letter_context(appeal, episode, steps=()):
    return {
        "appeal": appeal,
        "episode": episode,
        "patient": episode.patient,
        "sas_practice": episode.sas_practice,
        "removing_practice": episode.removing_practice,
        "commissioner": episode.commissioner,
        "deadlines": {step.kind: step for step in steps},
        "today": timezone.localdate(),
    }
