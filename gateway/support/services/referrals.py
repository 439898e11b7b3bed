"""Every write to referrals to services
(docs/domain/multiple-disadvantage.md#referrals-and-their-outcomes: record every referral's outcome
and rejection reason — refuge referrals are often rejected because needs are "too high", and this
evidence changes commissioning).

One shape for every kind of service. A referral is sent only while the person's consent to
be referred is in force (nothing is written otherwise). What may follow what is the table in
rules/referrals.py. Every change is kept (ServiceReferralChange) and audited, and the worker
who made the referral is told of each change someone else records: it is marked as news on
their "Your referrals" list until they open it, and an email goes through the outbox."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.audit import services as audit
from gateway.comms import services as comms
from gateway.patients.models import Consent
from gateway.patients.queries import consent_in_force

from ..models import ServiceReferral, ServiceReferralChange
from ..rules import referrals as rules
from .common import require_access, save_if_unchanged

AuditAction = audit.Action
RECORD = "support.record_support"
Status = ServiceReferral.Status
NO_CONSENT = (
    "The person has not agreed to be referred to a service, or their agreement has been "
    "withdrawn or has ended. Record their consent first. Nothing has been sent."
)
NOT_YOURS = (
    "Only the organisation that made the referral, or the service it was sent to, can record "
    "what happened to it"
)


def referral_consent(patient, organisation, receiving_organisation=None, on_date=None):
    """The person's refer_to_service consent in force on on_date, given to the referring
    organisation (or to the receiving service), or None (gateway.patients' consent_in_force
    decides what is in force)."""
    purpose = Consent.Purpose.REFER_TO_SERVICE
    found = consent_in_force(patient, purpose, organisation, on_date=on_date)
    if found is None and receiving_organisation is not None:
        found = consent_in_force(patient, purpose, receiving_organisation, on_date=on_date)
    return found


def _check_new(values):
    errors = {}
    if values["service_type"] not in ServiceReferral.ServiceType.values:
        errors["service_type"] = "Choose the kind of service"
    elif (
        values["service_type"] == ServiceReferral.ServiceType.OTHER
        and not (values["service_type_other"])
    ):
        errors["service_type_other"] = "Say what kind of service it is"
    if values["receiving_organisation"] is None and not values["receiving_service_name"]:
        errors["receiving_service_name"] = "Enter the name of the service"
    if not values["reason"]:
        errors["reason"] = "Enter why the person is being referred"
    if values["sent_on"] > timezone.localdate():
        errors["sent_on"] = "The date it was sent must be today or in the past"
    return errors


def check_referral(organisation, patient, data):
    """The checks send_referral makes, without writing: for the form, before the person is
    asked to check their answers."""
    values = {
        "service_type": data.get("service_type"),
        "service_type_other": (data.get("service_type_other") or "").strip(),
        "receiving_organisation": data.get("receiving_organisation"),
        "receiving_service_name": (data.get("receiving_service_name") or "").strip(),
        "reason": (data.get("reason") or "").strip(),
        "sent_on": data.get("sent_on"),
    }
    errors = _check_new(values)
    if errors:
        raise ValidationError(errors)
    if referral_consent(patient, organisation, values["receiving_organisation"]) is None:
        raise ValidationError(NO_CONSENT, code="no_consent")


def send_referral(
    actor,
    organisation,
    patient,
    *,
    service_type,
    reason,
    sent_on,
    service_type_other="",
    receiving_organisation=None,
    receiving_service_name="",
    persons_wishes="",
):
    require_access(actor, organisation, patient, RECORD)
    values = {
        "service_type": service_type,
        "service_type_other": (service_type_other or "").strip(),
        "receiving_organisation": receiving_organisation,
        "receiving_service_name": (receiving_service_name or "").strip(),
        "reason": (reason or "").strip(),
        "persons_wishes": (persons_wishes or "").strip(),
        "sent_on": sent_on,
    }
    errors = _check_new(values)
    if errors:
        raise ValidationError(errors)
    if values["service_type"] != ServiceReferral.ServiceType.OTHER:
        values["service_type_other"] = ""
    consent = referral_consent(patient, organisation, receiving_organisation)
    if consent is None:
        raise ValidationError(NO_CONSENT, code="no_consent")
    with transaction.atomic():
        referral = ServiceReferral.objects.create(
            patient=patient,
            consent=consent,
            status=Status.SENT,
            status_changed_on=sent_on,
            referred_by=actor,
            referring_organisation=organisation,
            **values,
        )
        ServiceReferralChange.objects.create(
            referral=referral,
            from_status="",
            to_status=Status.SENT,
            on=sent_on,
            by=actor,
            by_organisation=organisation,
            note=values["reason"],
        )
        audit.record(
            AuditAction.CREATE,
            actor=actor,
            organisation=organisation,
            obj=referral,
            patient=patient,
            changed_fields=["service_type", "receiving", "reason", "sent_on", "consent"],
            detail={"service_type": service_type},
        )
    return referral


def may_change(organisation, referral):
    return organisation is not None and organisation.pk in {
        referral.referring_organisation_id,
        referral.receiving_organisation_id,
    }


def record_change(
    actor, organisation, referral, expected_version, *, to_status, on, decline_reason=None, note=""
):
    """What happened to the referral: accepted, declined (reason from the registry, and
    words when it needs them), completed or withdrawn."""
    require_access(actor, organisation, referral.patient, RECORD)
    if not may_change(organisation, referral):
        raise PermissionDenied(NOT_YOURS)
    if decline_reason is not None and not decline_reason.is_active:
        raise ValidationError({"decline_reason": "Choose a reason from the list"})
    errors = rules.check_change(
        referral.status,
        to_status,
        decline_reason_code=decline_reason.code if decline_reason else "",
        decline_needs_detail=bool(decline_reason and decline_reason.needs_detail),
        note=note,
    )
    if on is None:
        errors.setdefault("on", "Enter the date it happened")
    elif on > timezone.localdate():
        errors.setdefault("on", "The date it happened must be today or in the past")
    elif on < referral.sent_on:
        errors.setdefault("on", "The date it happened must be on or after the referral was sent")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _apply(actor, organisation, referral, expected_version, to_status, on, decline_reason, note)
    return referral


def _apply(actor, organisation, referral, expected_version, to_status, on, reason, note):
    note = (note or "").strip()
    from_status = referral.status
    news = actor.pk != referral.referred_by_id
    save_if_unchanged(
        referral,
        expected_version,
        status=to_status,
        status_changed_on=on,
        decline_reason=reason if to_status == Status.DECLINED else None,
        decline_detail=note if to_status == Status.DECLINED else "",
        news_for_referrer=news,
    )
    ServiceReferralChange.objects.create(
        referral=referral,
        from_status=from_status,
        to_status=to_status,
        on=on,
        by=actor,
        by_organisation=organisation,
        decline_reason=reason if to_status == Status.DECLINED else None,
        note=note,
    )
    audit.record(
        AuditAction.STATE_CHANGE,
        actor=actor,
        organisation=organisation,
        obj=referral,
        patient=referral.patient,
        changed_fields=["status"],
        detail={
            "from": from_status,
            "to": to_status,
            "decline_reason": reason.code if reason and to_status == Status.DECLINED else "",
        },
    )
    if news:
        _tell_referrer(actor, organisation, referral, reason, note, on)


def _tell_referrer(actor, organisation, referral, reason, note, on):
    """An email to the worker who made the referral (no personal details in it), queued in
    the referring organisation's outbox; sent after commit."""
    referrer = referral.referred_by
    comms.queue_email(
        actor,
        referral.referring_organisation,
        template="support/referral_update",
        context={
            "service": referral.receiving_organisation.name
            if referral.receiving_organisation_id
            else referral.receiving_service_name,
            "status": referral.get_status_display().lower(),
            "reason": (reason.label if reason else note)
            if referral.status == Status.DECLINED
            else "",
            "by_organisation": organisation.name,
            "on": on.strftime("%-d %B %Y"),
        },
        email_address=referrer.email,
        related=referral,
    )


def mark_seen(actor, referral):
    """The referrer has opened the referral: the news has reached them."""
    if referral.news_for_referrer and actor.pk == referral.referred_by_id:
        ServiceReferral.objects.filter(pk=referral.pk).update(news_for_referrer=False)
        referral.news_for_referrer = False


def withdraw_open_referrals(actor, organisation, patient, on, note):
    """Withdraw every open referral of the person (used when they die: the caller has
    checked permission and holds the transaction). Returns how many were withdrawn."""
    open_referrals = (
        # Lock the referrals only: PostgreSQL refuses FOR UPDATE on the nullable side of the
        # outer joins select_related makes.
        ServiceReferral.objects.select_for_update(of=("self",))
        .filter(patient=patient, status__in=rules.OPEN)
        .select_related(
            "patient", "referred_by", "referring_organisation", "receiving_organisation"
        )
    )
    count = 0
    for referral in open_referrals:
        _apply(actor, organisation, referral, referral.version, Status.WITHDRAWN, on, None, note)
        count += 1
    return count
