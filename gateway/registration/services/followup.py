"""What happens after sending: chasing and escalation in working days,
pre-release alerts for prison leavers, the first-appointment reminder, the refusal letter
tracked, and returned post (docs/domain/gp-registration.md#national-rules FP69: an unconfirmed
address means removal after six months). The daily job (management command registration_daily) calls
run_daily(); every step is idempotent, so running it twice in a day changes nothing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.comms.services import queue_letter
from gateway.core.permissions import require

from .. import queries
from ..models import RegistrationReferral
from ..rules import dates
from .common import (
    Action,
    Kind,
    Status,
    advance,
    clear_alerts,
    history,
    organisation_address_lines,
    raise_alert,
    record,
    require_status,
)

Basis = RegistrationReferral.AddressBasis


def chase(referral, today):
    """No answer by the chase date: a reminder letter to the practice and an alert to the
    referrer. Gateway does this itself (no user)."""
    if referral.status != Status.SENT or referral.chased_on or referral.chase_on > today:
        return False
    with transaction.atomic():
        advance(referral, None, chased_on=today)
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
        raise_alert(
            referral,
            Kind.CHASE,
            referral.referring_organisation,
            f"{referral.practice.name} has not answered; Gateway sent a reminder",
            today,
        )
        history(referral, "chased", referral.status, note="No answer: reminder sent")
        record(Action.UPDATE, referral, changed=["chased_on"], automatic=True)
    return True


def escalate(referral, today):
    """Still no answer by the escalation date: on the commissioner's worklist."""
    if (
        referral.status != Status.SENT
        or referral.escalated_on
        or not referral.chased_on
        or referral.escalate_on > today
    ):
        return False
    commissioner = referral.practice.commissioner
    with transaction.atomic():
        advance(referral, None, escalated_on=today)
        raise_alert(
            referral,
            Kind.ESCALATION,
            commissioner or referral.referring_organisation,
            f"{referral.practice.name} has not answered a registration referral",
            today,
        )
        history(referral, "escalated", referral.status, note="No answer after the reminder")
        record(Action.UPDATE, referral, changed=["escalated_on"], automatic=True)
    return True


def pre_release_alert(referral, today):
    """A prison leaver not yet registered, from one month before release
    (docs/domain/gp-registration.md#registration-before-release-from-prison)."""
    if not referral.is_open or not dates.pre_release_alert_due(
        referral.release_date, today, registered=False
    ):
        return False
    due = dates.registration_due_by(referral.release_date)
    detail = f"Release on {dates_text(referral.release_date)}: register by {dates_text(due)}"
    with transaction.atomic():
        made = raise_alert(
            referral, Kind.PRE_RELEASE, referral.referring_organisation, detail, today
        )
        if referral.practice_id and referral.status == Status.SENT:
            raise_alert(referral, Kind.PRE_RELEASE, referral.practice, detail, today)
    return made is not None


def dates_text(day):
    return f"{day.day} {day:%B %Y}"


def first_appointment_reminder(referral, today):
    if (
        referral.status != Status.REGISTERED
        or referral.first_appointment_attended_on
        or not referral.first_appointment_due_on
        or referral.first_appointment_due_on > today
    ):
        return False
    raise_alert(
        referral,
        Kind.FIRST_APPOINTMENT,
        referral.referring_organisation,
        "Did the person go to a first appointment at the practice?",
        today,
    )
    return True


def refusal_letter_overdue(referral, today):
    if (
        referral.status != Status.REFUSED
        or referral.refusal_letter_sent_on
        or referral.refusal_letter_due_on >= today
    ):
        return False
    raise_alert(
        referral,
        Kind.REFUSAL_LETTER_OVERDUE,
        referral.practice.commissioner or referral.referring_organisation,
        f"{referral.practice.name} has not recorded its letter to the person",
        today,
    )
    return True


def run_daily(today=None):
    """Every due chase, escalation and alert; returns counts. Idempotent."""
    today = today or timezone.localdate()
    counts = dict.fromkeys(
        ("chased", "escalated", "pre_release", "first_appointment", "refusal_letter", "fp69"),
        0,
    )
    related = ("patient", "practice__commissioner", "referring_organisation")
    sent = RegistrationReferral.objects.filter(status=Status.SENT).select_related(*related)
    for referral in sent.filter(chased_on__isnull=True, chase_on__lte=today):
        counts["chased"] += chase(referral, today)
    for referral in sent.filter(escalated_on__isnull=True, escalate_on__lte=today):
        counts["escalated"] += escalate(referral, today)
    leavers = RegistrationReferral.objects.filter(
        status__in=sorted(RegistrationReferral.OPEN_STATUSES),
        is_prison_leaver=True,
        release_date__isnull=False,
    ).select_related(*related)
    for referral in leavers:
        counts["pre_release"] += pre_release_alert(referral, today)
    registered = RegistrationReferral.objects.filter(
        status=Status.REGISTERED,
        first_appointment_attended_on__isnull=True,
        first_appointment_due_on__lte=today,
    ).select_related(*related)
    for referral in registered:
        counts["first_appointment"] += first_appointment_reminder(referral, today)
    refused = RegistrationReferral.objects.filter(
        status=Status.REFUSED, refusal_letter_sent_on__isnull=True, refusal_letter_due_on__lt=today
    ).select_related(*related)
    for referral in refused:
        counts["refusal_letter"] += refusal_letter_overdue(referral, today)
    returned = RegistrationReferral.objects.filter(
        status__in=FP69_OPEN_STATUSES,
        post_returned_on__isnull=False,
        address_confirmed_on__isnull=True,
    ).select_related(*related)
    for referral in returned:
        counts["fp69"] += fp69_alerts(referral, today)
    return counts


def record_first_appointment(actor, organisation, referral, *, attended_on, expected_version):
    require(actor, "registration.refer", organisation)
    if referral.referring_organisation_id != organisation.pk:
        raise PermissionDenied("Only the organisation that referred can record this")
    require_status(referral, Status.REGISTERED, message="The person is not registered yet")
    if attended_on is None or attended_on > timezone.localdate():
        raise ValidationError(
            {"attended_on": "Enter the date of the appointment, today or earlier"}
        )
    if attended_on < referral.registered_on:
        raise ValidationError({"attended_on": "The appointment must be on or after registering"})
    with transaction.atomic():
        advance(referral, expected_version, first_appointment_attended_on=attended_on)
        clear_alerts(referral, Kind.FIRST_APPOINTMENT)
        history(
            referral,
            "first appointment attended",
            referral.status,
            actor=actor,
            organisation=organisation,
        )
        record(
            Action.UPDATE,
            referral,
            actor=actor,
            organisation=organisation,
            changed=["first_appointment_attended_on"],
        )
    return referral


RETURNED_DETAIL = (
    "Post to the person's {basis} was returned. Confirm the address with the practice within "
    "6 months (by {removal}), or the person may be removed from the practice list (FP69)."
)
FP69_OPEN_STATUSES = (Status.SENT, Status.REGISTERED)


def returned_post(referral, *, returned_on, actor=None, organisation=None):
    """Post to the person came back: alert the referrer and the practice so the registration
    is not lost six months later (docs/domain/gp-registration.md#national-rules). Used by the staff
    action below and by the outbox's returned-letter hook (gateway/comms/events.py, when it
    lands)."""
    basis = referral.get_address_basis_display().lower()
    policy = queries.policy_for(referral.practice, returned_on)
    removal_on = dates.fp69_dates(returned_on, policy).removal_on
    detail = RETURNED_DETAIL.format(basis=basis, removal=dates_text(removal_on))
    with transaction.atomic():
        advance(
            referral,
            None,
            post_returned_on=returned_on,
            fp69_removal_on=removal_on,
            address_confirmed_on=None,
        )
        raise_alert(
            referral, Kind.RETURNED_POST, referral.referring_organisation, detail, returned_on
        )
        if referral.practice_id:
            raise_alert(referral, Kind.RETURNED_POST, referral.practice, detail, returned_on)
        history(referral, "post returned", referral.status, actor=actor, organisation=organisation)
        record(
            Action.UPDATE,
            referral,
            actor=actor,
            organisation=organisation,
            changed=["post_returned_on", "fp69_removal_on"],
            automatic=actor is None,
        )
    return referral


def fp69_alerts(referral, today):
    """Returned post, address still not confirmed: warn the worker and the practice from the
    policy's days before the removal date, and tell the commissioner nearer to it."""
    if (
        referral.status not in FP69_OPEN_STATUSES
        or referral.post_returned_on is None
        or referral.address_confirmed_on is not None
    ):
        return 0
    policy = queries.policy_for(referral.practice, referral.post_returned_on)
    fp69 = dates.fp69_dates(referral.post_returned_on, policy)
    removal = dates_text(fp69.removal_on)
    raised = 0
    with transaction.atomic():
        if today >= fp69.warn_from:
            detail = (
                f"Post was returned on {dates_text(referral.post_returned_on)}. Confirm the "
                f"address by {removal}, or the person may be removed from the practice list"
            )
            for organisation in (referral.referring_organisation, referral.practice):
                raised += (
                    raise_alert(referral, Kind.FP69_REMOVAL_SOON, organisation, detail, today)
                    is not None
                )
        if today >= fp69.escalate_from:
            detail = (
                f"{referral.practice.name if referral.practice else 'The practice'} may remove "
                f"the person from its list on {removal}: the address is still not confirmed"
            )
            commissioner = referral.practice.commissioner if referral.practice else None
            raise_alert(
                referral,
                Kind.FP69_ESCALATION,
                commissioner or referral.referring_organisation,
                detail,
                today,
            )
    return raised


def record_address_confirmed(actor, organisation, referral, *, confirmed_on):
    """The referrer or the practice confirms the address after returned post: the FP69
    removal no longer threatens, and its alerts close for everyone."""
    require(actor, "registration.view_referral", organisation)
    if organisation.pk not in (referral.referring_organisation_id, referral.practice_id):
        raise PermissionDenied("Only the referrer or the practice can confirm the address")
    if referral.post_returned_on is None or referral.address_confirmed_on is not None:
        raise ValidationError("There is no returned post waiting for the address to be confirmed")
    if confirmed_on is None or confirmed_on > timezone.localdate():
        raise ValidationError({"on": "Enter the date the address was confirmed, today or earlier"})
    if confirmed_on < referral.post_returned_on:
        raise ValidationError(
            {"on": "The address must be confirmed on or after the post came back"}
        )
    with transaction.atomic():
        advance(referral, None, address_confirmed_on=confirmed_on)
        clear_alerts(referral, Kind.RETURNED_POST, Kind.FP69_REMOVAL_SOON, Kind.FP69_ESCALATION)
        history(
            referral, "address confirmed", referral.status, actor=actor, organisation=organisation
        )
        record(
            Action.UPDATE,
            referral,
            actor=actor,
            organisation=organisation,
            changed=["address_confirmed_on"],
        )
    return referral


def record_returned_post(actor, organisation, referral, *, returned_on):
    """Staff say post to the person was returned (the referrer or the practice)."""
    require(actor, "registration.view_referral", organisation)
    if organisation.pk not in (referral.referring_organisation_id, referral.practice_id):
        raise PermissionDenied("Only the referrer or the practice can record returned post")
    if returned_on is None or returned_on > timezone.localdate():
        raise ValidationError(
            {"returned_on": "Enter the date the post came back, today or earlier"}
        )
    return returned_post(referral, returned_on=returned_on, actor=actor, organisation=organisation)
