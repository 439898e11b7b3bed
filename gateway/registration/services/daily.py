"""The daily job (management command registration_daily): chasing and escalation in working
days, pre-release alerts for prison leavers, the first-appointment reminder, the overdue refusal
letter and the FP69 warnings (docs/domain/gp-registration.md#national-rules,
docs/domain/gp-registration.md#registration-before-release-from-prison).

Each step does only new work (ADR 0044): it selects the referrals that are due and not yet
handled (a dated marker on the referral is empty), and sets the marker in the same transaction
as the letter or alert. A second run on the same day finds nothing and reports zero, and the
cost of a run does not grow with the referrals handled on earlier days. The steps work through
their referrals in batches of BATCH, one transaction each, in id order: a run stopped half way
keeps the batches it finished, and the next run does the rest once. The services that start a
step again (sending, registering, refusing, returned post) empty its marker. The chase's
reminder letters are written by the task workers, one task per letter queued with the chase
(gateway.registration.services.chasing, ADR 0055), so a run's cost is set-based whatever the
backlog."""

from django.db import transaction
from django.utils import timezone

from .. import queries
from ..models import RegistrationReferral
from ..rules import dates
from ..rules.dates import add_days
from .chasing import (
    chase_batch,
    due_to_chase,
    due_to_escalate,
    escalate_batch,
    locked,
    queue_owed_reminders_again,
    raise_alerts,
)
from .common import Kind, Status

BATCH = 200
# One month before release is never more than 31 days before it.
PRE_RELEASE_LOOKAHEAD_DAYS = 31
FP69_OPEN_STATUSES = (Status.SENT, Status.REGISTERED)
STEPS = (
    "chased",
    "escalated",
    "pre_release",
    "first_appointment",
    "refusal_letter",
    "fp69",
    "reminders_queued_again",
)


def dates_text(day):
    return f"{day.day} {day:%B %Y}"


def in_batches(due, handle, batch=None):
    """Hand the due referrals to handle(rows) BATCH at a time, each batch in its own
    transaction, in id order; returns the sum of what handle returns. handle must mark what it
    handled, so a referral it leaves unmarked (it could not be done today) is passed over by
    this run and tried again by the next."""
    batch = batch or BATCH
    done, last = 0, 0
    while True:
        with transaction.atomic():
            rows = list(due.filter(pk__gt=last).order_by("pk")[:batch])
            if not rows:
                return done
            done += handle(rows)
        last = rows[-1].pk
        if len(rows) < batch:
            return done


def _mark(rows, marker, today):
    return RegistrationReferral.objects.filter(
        pk__in=[r.pk for r in rows], **{f"{marker}__isnull": True}
    ).update(**{marker: today})


def pre_release_alerts(today):
    """A prison leaver not yet registered, from one month before release
    (docs/domain/gp-registration.md#registration-before-release-from-prison): the referrer, and
    the practice when the referral has been sent to it. Sending empties the marker, so the
    practice is alerted on the run after a referral still choosing its practice is sent."""
    due = RegistrationReferral.objects.filter(
        status__in=sorted(RegistrationReferral.OPEN_STATUSES),
        is_prison_leaver=True,
        # A bound the index can use; the rule below decides each day exactly (a month is not
        # a fixed number of days).
        release_date__lte=add_days(today, PRE_RELEASE_LOOKAHEAD_DAYS),
        pre_release_alerted_on__isnull=True,
    )

    def handle(rows):
        rows = [
            r for r in rows if dates.pre_release_alert_due(r.release_date, today, registered=False)
        ]
        made = []
        for r in rows:
            due_by = dates.registration_due_by(r.release_date)
            detail = f"Release on {dates_text(r.release_date)}: register by {dates_text(due_by)}"
            made.append((r.pk, r.referring_organisation_id, detail))
            if r.practice_id and r.status == Status.SENT:
                made.append((r.pk, r.practice_id, detail))
        raise_alerts(made, Kind.PRE_RELEASE, today)
        return _mark(rows, "pre_release_alerted_on", today)

    return in_batches(due, handle)


def first_appointment_reminders(today):
    due = RegistrationReferral.objects.filter(
        status=Status.REGISTERED,
        first_appointment_attended_on__isnull=True,
        first_appointment_alerted_on__isnull=True,
        first_appointment_due_on__lte=today,
    ).only("pk", "referring_organisation_id")

    def handle(rows):
        detail = "Did the person go to a first appointment at the practice?"
        raise_alerts(
            [(r.pk, r.referring_organisation_id, detail) for r in rows],
            Kind.FIRST_APPOINTMENT,
            today,
        )
        return _mark(rows, "first_appointment_alerted_on", today)

    return in_batches(due, handle)


def refusal_letters_overdue(today):
    due = RegistrationReferral.objects.filter(
        status=Status.REFUSED,
        refusal_letter_sent_on__isnull=True,
        refusal_letter_alerted_on__isnull=True,
        refusal_letter_due_on__lt=today,
    ).select_related("practice")

    def handle(rows):
        raise_alerts(
            [
                (
                    r.pk,
                    r.practice.commissioner_id or r.referring_organisation_id,
                    f"{r.practice.name} has not recorded its letter to the person",
                )
                for r in rows
            ],
            Kind.REFUSAL_LETTER_OVERDUE,
            today,
        )
        return _mark(rows, "refusal_letter_alerted_on", today)

    return in_batches(due, handle)


def fill_fp69_dates(today):
    """Returned post recorded before the warning dates were kept on the referral: work them out
    once from the policy in force on the returned-post date. Finds nothing in steady state."""
    missing = RegistrationReferral.objects.filter(
        post_returned_on__isnull=False, fp69_warn_on__isnull=True
    ).select_related("practice")

    def handle(rows):
        for r in rows:
            policy = queries.policy_for(r.practice, r.post_returned_on)
            fp69 = dates.fp69_dates(r.post_returned_on, policy)
            RegistrationReferral.objects.filter(pk=r.pk).update(
                fp69_removal_on=r.fp69_removal_on or fp69.removal_on,
                fp69_warn_on=fp69.warn_from,
                fp69_escalate_on=fp69.escalate_from,
            )
        return len(rows)

    return in_batches(missing, handle)


def fp69_alerts(today):
    """Returned post, address still not confirmed: warn the worker and the practice from the
    policy's days before the removal date, and tell the commissioner nearer to it. Returns how
    many warning alerts were raised (one step per referral per stage)."""
    fill_fp69_dates(today)
    unconfirmed = RegistrationReferral.objects.filter(
        status__in=FP69_OPEN_STATUSES, address_confirmed_on__isnull=True
    ).select_related("practice")

    def warn(rows):
        made = []
        for r in rows:
            detail = (
                f"Post was returned on {dates_text(r.post_returned_on)}. Confirm the "
                f"address by {dates_text(r.fp69_removal_on)}, or the person may be removed "
                "from the practice list"
            )
            made += [(r.pk, r.referring_organisation_id, detail), (r.pk, r.practice_id, detail)]
        raise_alerts(made, Kind.FP69_REMOVAL_SOON, today)
        _mark(rows, "fp69_warned_on", today)
        return sum(1 for _, organisation_id, _ in made if organisation_id is not None)

    def escalate_to_commissioner(rows):
        made = []
        for r in rows:
            detail = (
                f"{r.practice.name if r.practice else 'The practice'} may remove the person "
                f"from its list on {dates_text(r.fp69_removal_on)}: the address is still not "
                "confirmed"
            )
            commissioner_id = r.practice.commissioner_id if r.practice else None
            made.append((r.pk, commissioner_id or r.referring_organisation_id, detail))
        raise_alerts(made, Kind.FP69_ESCALATION, today)
        _mark(rows, "fp69_escalated_on", today)
        return 0

    warned = in_batches(
        unconfirmed.filter(fp69_warned_on__isnull=True, fp69_warn_on__lte=today), warn
    )
    in_batches(
        unconfirmed.filter(fp69_escalated_on__isnull=True, fp69_escalate_on__lte=today),
        escalate_to_commissioner,
    )
    return warned


def run_daily(today=None):
    """Every due chase, escalation and alert not yet handled; returns how many of each this
    run did (zero when run again the same day). Reminder letters are queued to the task
    workers, not written here (ADR 0055); reminders_queued_again counts letters owed since an
    earlier day (their task failed or was lost) queued once more."""
    today = today or timezone.localdate()
    counts = dict.fromkeys(STEPS, 0)
    counts["chased"] = in_batches(
        locked(due_to_chase(today)), lambda rows: chase_batch(rows, today)
    )
    counts["escalated"] = in_batches(
        locked(due_to_escalate(today)), lambda rows: escalate_batch(rows, today)
    )
    counts["pre_release"] = pre_release_alerts(today)
    counts["first_appointment"] = first_appointment_reminders(today)
    counts["refusal_letter"] = refusal_letters_overdue(today)
    counts["fp69"] = fp69_alerts(today)
    counts["reminders_queued_again"] = queue_owed_reminders_again(today)
    return counts
