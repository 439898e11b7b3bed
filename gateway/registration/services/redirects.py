"""Redirecting an open registration referral when its practice closes or merges
(docs/adr/0045-practice-closures-and-mergers.md): the practice's commissioner chooses another
practice; a referral already sent is sent again there through the outbox, one still waiting for
its practice to be chosen just takes the new one. The referral keeps its history (a row says
from where to where and why) and the referrer is told by an alert."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gateway.accounts.models import Organisation
from gateway.core.permissions import require

from .common import Action, Kind, Status, advance, history, raise_alert, record, require_status
from .sending import dispatch, require_consent

OVERSEE = "registration.oversee"


def practices_to_redirect_to(commissioner, leaving):
    """The commissioner's active GP practices that are not closing, other than ``leaving``."""
    return (
        Organisation.objects.filter(
            kind=Organisation.Kind.GP_PRACTICE,
            commissioner=commissioner,
            is_active=True,
            closed_on__isnull=True,
        )
        .exclude(pk=leaving.pk)
        .order_by("name")
    )


def redirect(actor, organisation, referral, practice, *, reason, expected_version):
    """Point the open referral at ``practice`` instead of its closing one. Returns it."""
    require(actor, OVERSEE, organisation)
    leaving = referral.practice
    if leaving is None or leaving.commissioner_id != organisation.pk:
        raise PermissionDenied("Only the practice's commissioner can do this")
    require_status(
        referral,
        *sorted(referral.OPEN_STATUSES),
        message="This referral is no longer open, so it cannot be redirected",
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the referral is redirected"})
    if (
        practice is None
        or not practices_to_redirect_to(organisation, leaving).filter(pk=practice.pk).exists()
    ):
        raise ValidationError({"practice": "Choose one of your practices that is not closing"})
    was_sent = referral.status == Status.SENT
    if was_sent:
        require_consent(referral)
    note = f"From {leaving.name} to {practice.name}. {reason}"
    with transaction.atomic():
        advance(
            referral,
            expected_version,
            practice=practice,
            practice_choice_note=f"Redirected by the commissioner: {leaving.name} is closing",
        )
        history(
            referral,
            "redirected",
            referral.status,
            actor=actor,
            organisation=organisation,
            note=note,
        )
        record(
            Action.UPDATE,
            referral,
            actor=actor,
            organisation=organisation,
            changed=["practice"],
            redirected_from=str(leaving.public_id),
            redirected_to=str(practice.public_id),
        )
        if was_sent:
            dispatch(actor, organisation, referral, referral.version, event="sent again")
        told = f"{leaving.name} is closing, so the referral now goes to {practice.name}." + (
            " It has been sent there." if was_sent else " Send it when you are ready."
        )
        raise_alert(referral, Kind.PRACTICE_CLOSING, referral.referring_organisation, told)
    return referral
