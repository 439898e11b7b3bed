"""Chasing and escalating unanswered referrals in the daily job (ADR 0044, ADR 0055).

The job works in set-based batches: one UPDATE marks a batch of referrals chased (or
escalated), and the alerts, history and audit rows are each one INSERT. It does not write the
reminder letters itself: marking a chase also marks its letter owed (``reminder_owed_on``) and
queues one background task per letter in the same transaction, so the job takes seconds
whatever the backlog (a first run over years of history, or after a caseload import) and the
task workers write the letters. ``write_reminder`` writes a letter and empties its marker in
one transaction, after claiming the marker with a conditional UPDATE: a task run twice, or by
two workers at once, writes one letter. A task that fails leaves its letter owed (and shows as
failed in the task results); the next day's run queues it again."""

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from gateway.audit import services as audit
from gateway.comms.services import queue_letter
from gateway.core.task_queue import enqueue_each

from ..models import ReferralChange, RegistrationAlert, RegistrationReferral
from .common import Action, Kind, Status, organisation_address_lines

logger = logging.getLogger(__name__)
RELATED = ("patient", "practice__commissioner", "referring_organisation")
# At most this many owed letters are queued again per run (only failed or lost tasks are owed
# after a day, so this is a bound on a fault, not on normal work).
REQUEUE_LIMIT = 5000


def raise_alerts(rows_and_organisations, kind, today):
    """One open alert of the kind per (referral, organisation, detail), in one INSERT; an
    alert already open is left as it is (the open-alert unique constraint)."""
    RegistrationAlert.objects.bulk_create(
        [
            RegistrationAlert(
                referral_id=referral_id,
                kind=kind,
                organisation_id=organisation_id,
                raised_on=today,
                detail=detail[:400],
            )
            for referral_id, organisation_id, detail in rows_and_organisations
            if organisation_id is not None
        ],
        ignore_conflicts=True,
    )


def _mark(rows, **values):
    """The batch's step is done: the markers set and the version moved on (a form open on a
    referral the job changed is stale, as when the job changed it one at a time)."""
    RegistrationReferral.objects.filter(pk__in=[r.pk for r in rows]).update(
        version=F("version") + 1, updated_at=timezone.now(), **values
    )


def _history_and_audit(rows, event, note, changed):
    on = timezone.localdate()
    ReferralChange.objects.bulk_create(
        ReferralChange(
            referral_id=r.pk,
            from_status=r.status,
            to_status=r.status,
            event=event,
            on=on,
            note=note,
        )
        for r in rows
    )
    audit.record_many(
        Action.UPDATE,
        [(r, changed, {"automatic": True}, r.patient_id) for r in rows],
    )


def chase_batch(rows, today):
    """No answer by the chase date: a reminder letter to the practice (queued) and an alert to
    the referrer. Gateway does this itself (no user). chased_on is the marker."""
    _mark(rows, chased_on=today, reminder_owed_on=today)
    raise_alerts(
        [
            (
                r.pk,
                r.referring_organisation_id,
                f"{r.practice.name} has not answered; Gateway sent a reminder",
            )
            for r in rows
        ],
        Kind.CHASE,
        today,
    )
    _history_and_audit(rows, "chased", "No answer: reminder sent", ["chased_on"])
    enqueue_each(write_reminder, [(r.pk,) for r in rows])
    return len(rows)


def escalate_batch(rows, today):
    """Still no answer by the escalation date: on the commissioner's worklist."""
    _mark(rows, escalated_on=today)
    raise_alerts(
        [
            (
                r.pk,
                r.practice.commissioner_id or r.referring_organisation_id,
                f"{r.practice.name} has not answered a registration referral",
            )
            for r in rows
        ],
        Kind.ESCALATION,
        today,
    )
    _history_and_audit(rows, "escalated", "No answer after the reminder", ["escalated_on"])
    return len(rows)


def due_to_chase(today):
    return RegistrationReferral.objects.filter(
        status=Status.SENT, chased_on__isnull=True, chase_on__lte=today
    )


def due_to_escalate(today):
    return RegistrationReferral.objects.filter(
        status=Status.SENT,
        chased_on__isnull=False,
        escalated_on__isnull=True,
        escalate_on__lte=today,
    )


def locked(due):
    """The due referrals with what the batch needs, locked while it is marked, so a second
    job running at the same moment waits and then finds them handled."""
    return due.select_related("practice").select_for_update(of=("self",))


def queue_owed_reminders_again(today):
    """Reminders owed since before today: their task failed or was lost (a worker stopped).
    Queue them again; the claim in write_reminder means one already queued and still waiting
    does not make a second letter. Returns how many were queued."""
    owed = list(
        RegistrationReferral.objects.filter(reminder_owed_on__lt=today)
        .order_by("pk")
        .values_list("pk", flat=True)[:REQUEUE_LIMIT]
    )
    if owed:
        with transaction.atomic():
            enqueue_each(write_reminder, [(pk,) for pk in owed])
        logger.warning("Queued %s reminder letters again: their task failed or was lost", len(owed))
    return len(owed)


@task()
def write_reminder(referral_id):
    """Write the chase's reminder letter to the practice, once: claim the owed letter (empty
    its marker) and write it in one transaction. A referral answered, withdrawn or sent again
    since the chase owes no letter any more. Returns whether a letter was written."""
    with transaction.atomic():
        claimed = RegistrationReferral.objects.filter(
            pk=referral_id, reminder_owed_on__isnull=False
        ).update(reminder_owed_on=None)
        if not claimed:
            return False
        referral = RegistrationReferral.objects.select_related(*RELATED).get(pk=referral_id)
        if referral.status != Status.SENT or referral.chased_on is None:
            return False
        queue_letter(
            None,
            referral.referring_organisation,
            template="letters/registration/reminder.jinja",
            context={
                "referral": referral,
                "patient": referral.patient,
                "practice": referral.practice,
                "referrer": referral.referring_organisation,
                "escalate_on": referral.escalate_on,
            },
            patient=referral.patient,
            recipient_organisation=referral.practice,
            address_lines=organisation_address_lines(referral.practice),
            related=referral,
        )
    return True
