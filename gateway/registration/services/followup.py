"""What happens after sending: chasing and escalation in working days,
pre-release alerts for prison leavers, the first-appointment reminder, the refusal letter
tracked, and returned post (docs/domain/gp-registration.md#national-rules FP69: an unconfirmed
address means removal after six months). The daily job itself is in daily.py."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

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
    raise_alert,
    record,
    require_status,
)
from .daily import dates_text

Basis = RegistrationReferral.AddressBasis


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


def returned_post(referral, *, returned_on, actor=None, organisation=None):
    """Post to the person came back: alert the referrer and the practice so the registration
    is not lost six months later (docs/domain/gp-registration.md#national-rules). Used by the staff
    action below and by the outbox's returned-letter hook (gateway/comms/events.py, when it
    lands)."""
    basis = referral.get_address_basis_display().lower()
    policy = queries.policy_for(referral.practice, returned_on)
    fp69 = dates.fp69_dates(returned_on, policy)
    detail = RETURNED_DETAIL.format(basis=basis, removal=dates_text(fp69.removal_on))
    with transaction.atomic():
        advance(
            referral,
            None,
            post_returned_on=returned_on,
            fp69_removal_on=fp69.removal_on,
            address_confirmed_on=None,
            # The daily job warns from these dates (ADR 0044); a new return starts again.
            fp69_warn_on=fp69.warn_from,
            fp69_escalate_on=fp69.escalate_from,
            fp69_warned_on=None,
            fp69_escalated_on=None,
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
