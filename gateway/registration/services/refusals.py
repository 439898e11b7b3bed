"""After a refusal (docs/domain/gp-registration.md#national-rules: a practice may refuse only on
reasonable grounds). A refusal is never a dead end: the referrer chooses another practice,
challenges the refusal (it goes to the practice's commissioner with the referral's history) or
stops; the commissioner records contacting the practice and the outcome: the practice registers the
person after all, the refusal stands, or the commissioner assigns another practice."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.accounts.models import Organisation
from gateway.core.permissions import require
from gateway.patients.models import PatientRelationship

from ..models import RegistrationReferral
from .common import (
    REFER,
    Action,
    Kind,
    Status,
    advance,
    clear_alerts,
    history,
    raise_alert,
    record,
    relate,
    require_referrer,
    require_status,
)
from .referrals import REFERRAL_FIELDS
from .sending import dispatch, require_consent

OVERSEE = "registration.oversee"
After = RegistrationReferral.AfterRefusal
Outcome = RegistrationReferral.CommissionerOutcome

# Alerts the commissioner acts on; closed when the commissioner records the outcome.
COMMISSIONER_KINDS = (Kind.NOT_REASONABLE_REFUSAL, Kind.REFUSAL_CHALLENGED)


def require_commissioner(organisation, referral):
    practice = referral.practice
    if practice is None or practice.commissioner_id != organisation.pk:
        raise PermissionDenied("Only the practice's commissioner can do this")


def next_steps_open(referral):
    """The referrer may still choose what to do after the refusal: nothing chosen yet, or a
    challenge the commissioner answered with 'the refusal stands'."""
    if referral.status != Status.REFUSED:
        return False
    if referral.commissioner_outcome in (Outcome.PRACTICE_ASSIGNED,):
        return False
    return referral.after_refusal == "" or (
        referral.after_refusal == After.CHALLENGED
        and referral.commissioner_outcome == Outcome.REFUSAL_STANDS
    )


def can_challenge(referral):
    return (
        referral.status == Status.REFUSED
        and referral.after_refusal == ""
        and referral.commissioner_outcome == ""
    )


def commissioner_may_decide(referral):
    """The commissioner acts on a refusal it was told about (not on reasonable grounds) or
    that was challenged, until it records the outcome or the referrer moved on."""
    return (
        referral.status == Status.REFUSED
        and (referral.flagged_to_commissioner or referral.after_refusal == After.CHALLENGED)
        and referral.commissioner_outcome == ""
        and referral.after_refusal not in (After.ANOTHER_PRACTICE, After.WITHDRAWN)
    )


def _copy(referral, actor, organisation):
    """A new referral for the same person, consent and answers, following the refused one."""
    values = {name: getattr(referral, name) for name in REFERRAL_FIELDS}
    return RegistrationReferral.objects.create(
        patient=referral.patient,
        referring_organisation=referral.referring_organisation,
        referred_by=referral.referred_by,
        consent=referral.consent,
        referred_on=timezone.localdate(),
        identity_confirmed_by=referral.identity_confirmed_by,
        identity_confirmed_on=referral.identity_confirmed_on,
        follows=referral,
        **values,
    )


def choose_another_practice(actor, organisation, referral, expected_version):
    """The referrer refers the person again, to another practice: a new referral (same
    consent and answers) waits for the practice to be chosen. The refused one stays as it
    was, so the evidence of refusals keeps it. Returns the new referral."""
    require(actor, REFER, organisation)
    require_referrer(organisation, referral)
    if not next_steps_open(referral):
        raise ValidationError("You have already chosen what to do after this refusal")
    require_consent(referral)
    today = timezone.localdate()
    with transaction.atomic():
        advance(
            referral,
            expected_version,
            after_refusal=After.ANOTHER_PRACTICE,
            after_refusal_on=today,
        )
        clear_alerts(referral, Kind.REFUSED, Kind.REFUSAL_REVIEWED)
        new = _copy(referral, actor, organisation)
        history(
            referral,
            "referred to another practice",
            referral.status,
            actor=actor,
            organisation=organisation,
        )
        history(
            new,
            "referred again after a refusal",
            "",
            actor=actor,
            organisation=organisation,
            note=f"{referral.practice.name} refused on {referral.refused_on:%d/%m/%Y}",
        )
        record(
            Action.UPDATE,
            referral,
            actor=actor,
            organisation=organisation,
            changed=["after_refusal"],
            after_refusal=After.ANOTHER_PRACTICE,
        )
        record(Action.CREATE, new, actor=actor, organisation=organisation, changed=["follows"])
    return new


def challenge_refusal(actor, organisation, referral, reason, expected_version):
    """The referrer challenges the refusal: it goes on the practice's commissioner's worklist,
    where the referral's history is one click away."""
    require(actor, REFER, organisation)
    require_referrer(organisation, referral)
    require_status(referral, Status.REFUSED, message="Only a refusal can be challenged")
    if not can_challenge(referral):
        raise ValidationError("This refusal has already been challenged or decided")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the refusal is wrong"})
    commissioner = referral.practice.commissioner
    if commissioner is None:
        raise ValidationError(
            "The practice has no commissioner on Gateway, so the challenge cannot be sent. "
            "Choose another practice instead."
        )
    today = timezone.localdate()
    with transaction.atomic():
        advance(
            referral,
            expected_version,
            after_refusal=After.CHALLENGED,
            after_refusal_on=today,
            challenge_reason=reason,
        )
        clear_alerts(referral, Kind.REFUSED)
        raise_alert(
            referral,
            Kind.REFUSAL_CHALLENGED,
            commissioner,
            f"{referral.referring_organisation.name}: {reason}",
        )
        history(
            referral,
            "refusal challenged",
            referral.status,
            actor=actor,
            organisation=organisation,
            note=reason,
        )
        record(
            Action.UPDATE,
            referral,
            actor=actor,
            organisation=organisation,
            changed=["after_refusal", "challenge_reason"],
            after_refusal=After.CHALLENGED,
        )
    return referral


def stop_after_refusal(actor, organisation, referral, reason, expected_version):
    """The referrer takes the referral no further. The refusal stays on record (evidence),
    and any challenge to the commissioner is closed with it."""
    require(actor, REFER, organisation)
    require_referrer(organisation, referral)
    if not next_steps_open(referral):
        raise ValidationError("You have already chosen what to do after this refusal")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the referral is withdrawn"})
    with transaction.atomic():
        advance(
            referral,
            expected_version,
            after_refusal=After.WITHDRAWN,
            after_refusal_on=timezone.localdate(),
        )
        clear_alerts(referral, Kind.REFUSED, Kind.REFUSAL_REVIEWED, Kind.REFUSAL_CHALLENGED)
        history(
            referral,
            "withdrawn",
            referral.status,
            actor=actor,
            organisation=organisation,
            note=reason,
        )
        record(
            Action.UPDATE,
            referral,
            actor=actor,
            organisation=organisation,
            changed=["after_refusal"],
            after_refusal=After.WITHDRAWN,
        )
    return referral


def record_practice_contacted(actor, organisation, referral, *, on, note, expected_version):
    """The commissioner contacted the refusing practice."""
    require(actor, OVERSEE, organisation)
    require_commissioner(organisation, referral)
    if not commissioner_may_decide(referral):
        raise ValidationError("This refusal is not waiting for the commissioner")
    if on is None or on > timezone.localdate():
        raise ValidationError({"on": "Enter the date you contacted the practice, today or earlier"})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Say what the practice told you"})
    with transaction.atomic():
        advance(referral, expected_version, practice_contacted_on=on)
        history(
            referral,
            "commissioner contacted the practice",
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
            changed=["practice_contacted_on"],
        )
    return referral


def assignable_practices(organisation, referral):
    """The commissioner's active practices other than the one that refused, by name."""
    return (
        Organisation.objects.filter(
            kind=Organisation.Kind.GP_PRACTICE, is_active=True, commissioner=organisation
        )
        .exclude(pk=referral.practice_id)
        .order_by("name")
    )


def record_refusal_outcome(
    actor, organisation, referral, *, outcome, note, practice=None, expected_version
):
    """The commissioner's outcome. The practice agrees to register: the referral goes back
    to it to answer again. The refusal stands: the referrer chooses what to do next. Another
    practice assigned: a new referral is sent to it. The referrer is told each time. Returns
    the referral the person now waits on."""
    require(actor, OVERSEE, organisation)
    require_commissioner(organisation, referral)
    if not commissioner_may_decide(referral):
        raise ValidationError("This refusal is not waiting for the commissioner")
    note = (note or "").strip()
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome"})
    if not note:
        raise ValidationError({"note": "Say what was decided and why"})
    if outcome == Outcome.PRACTICE_ASSIGNED:
        if (
            practice is None
            or not assignable_practices(organisation, referral).filter(pk=practice.pk).exists()
        ):
            raise ValidationError({"practice": "Choose the practice to assign"})
        require_consent(referral)
    today = timezone.localdate()
    refusing = referral.practice
    with transaction.atomic():
        advance(
            referral,
            expected_version,
            commissioner_outcome=outcome,
            commissioner_outcome_on=today,
        )
        clear_alerts(referral, *COMMISSIONER_KINDS, Kind.REFUSED)
        history(
            referral,
            "commissioner's outcome",
            referral.status,
            actor=actor,
            organisation=organisation,
            note=f"{Outcome(outcome).label}. {note}",
        )
        record(
            Action.UPDATE,
            referral,
            actor=actor,
            organisation=organisation,
            changed=["commissioner_outcome"],
            outcome=outcome,
        )
        waiting_on = referral
        if outcome == Outcome.PRACTICE_WILL_REGISTER:
            _answer_again(actor, organisation, referral)
            told = f"{refusing.name} agreed to register them. It will answer the referral again."
        elif outcome == Outcome.REFUSAL_STANDS:
            told = "The refusal was on reasonable grounds. Choose another practice or stop."
        else:
            new = _copy(referral, actor, organisation)
            new.practice = practice
            new.practice_choice_note = "Assigned by the commissioner after a refusal"
            new.save(update_fields=["practice", "practice_choice_note"])
            history(
                new,
                "assigned by the commissioner",
                "",
                actor=actor,
                organisation=organisation,
                note=f"{refusing.name} refused on {referral.refused_on:%d/%m/%Y}",
            )
            record(Action.CREATE, new, actor=actor, organisation=organisation, changed=["follows"])
            dispatch(actor, organisation, new, new.version)
            waiting_on = new
            told = f"The commissioner assigned {practice.name}. The referral has been sent there."
        raise_alert(
            referral, Kind.REFUSAL_REVIEWED, referral.referring_organisation, f"{told} {note}"
        )
    return waiting_on


def _answer_again(actor, organisation, referral):
    """The refusing practice agreed to register: the referral is sent to it again (status
    back to waiting for its answer, with new chase dates); the refusal stays in the history."""
    relate(
        referral.patient,
        referral.practice,
        PatientRelationship.Kind.REGISTRATION,
        "GP registration referral",
    )
    PatientRelationship.objects.filter(
        patient=referral.patient,
        organisation=referral.practice,
        kind=PatientRelationship.Kind.REGISTRATION,
        is_active=True,
    ).update(expires_on=None)
    clear_alerts(referral, Kind.REFUSAL_LETTER_OVERDUE)
    dispatch(actor, organisation, referral, referral.version, event="sent again")
