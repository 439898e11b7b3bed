"""Safety flags set and ended by hand: risk to staff, risk from others, do
not send letters. Each is shown as a banner wherever the person appears
(patients/_flags.jinja), with who set it and when; flags are ended, never deleted.

"Attend SAS practice only" and "protected from removal" are not set by hand: they follow the
person's SAS episode (set on allocation and discharge, ended by the episode's own changes,
such as death, in gateway.sas). A flag set here would go out of step with the episode, and
"attend SAS practice only" decides where the person may register. So this service refuses
them and leaves them to SAS."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gateway.audit import services as audit
from gateway.patients.models import PatientFlag

from .common import require_access

RECORD = "support.record_support"
Kind = PatientFlag.Kind
SETTABLE = (Kind.RISK_TO_STAFF, Kind.RISK_FROM_OTHERS, Kind.DO_NOT_SEND_LETTERS)
SET_BY_SAS = "This flag follows the person's SAS episode: it is set and ended there, not by hand"
DETAIL_PROMPT = {
    Kind.RISK_TO_STAFF: "Say what the risk is and how staff should keep safe",
    Kind.RISK_FROM_OTHERS: "Say who or what the person is at risk from, and what to do",
    Kind.DO_NOT_SEND_LETTERS: "Say why letters must not be sent",
}


def open_flags(patient):
    return PatientFlag.objects.filter(patient=patient, ended_at__isnull=True).select_related(
        "set_by", "set_by_organisation"
    )


def flag_history(patient):
    return (
        PatientFlag.objects.filter(patient=patient)
        .select_related("set_by", "set_by_organisation", "ended_by")
        .order_by("-created_at", "-id")
    )


def _audit(action, actor, organisation, flag, fields, detail):
    audit.record(
        action,
        actor=actor,
        organisation=organisation,
        object_type="patients.PatientFlag",
        object_id=str(flag.pk),
        patient=flag.patient_id,
        changed_fields=fields,
        detail=detail,
    )


def set_flag(actor, organisation, patient, *, kind, detail):
    require_access(actor, organisation, patient, RECORD)
    if kind not in SETTABLE:
        raise ValidationError({"kind": SET_BY_SAS if kind in Kind.values else "Choose a flag"})
    detail = (detail or "").strip()
    if not detail:
        raise ValidationError({"detail": DETAIL_PROMPT[kind]})
    if len(detail) > 300:
        raise ValidationError({"detail": "Keep it to 300 characters or fewer"})
    already = f"This person already has the flag '{Kind(kind).label}'. End it first to change it"
    if open_flags(patient).filter(kind=kind).exists():
        raise ValidationError({"kind": already})
    try:
        with transaction.atomic():
            flag = PatientFlag.objects.create(
                patient=patient,
                kind=kind,
                detail=detail,
                set_by=actor,
                set_by_organisation=organisation,
            )
            _audit(
                audit.Action.CREATE, actor, organisation, flag, ["kind", "detail"], {"kind": kind}
            )
    except IntegrityError:  # set by someone else a moment ago (one open flag of a kind)
        raise ValidationError({"kind": already}) from None
    return flag


def end_flag(actor, organisation, patient, *, kind, reason):
    """End the person's open flag of this kind, saying why (kept in the audit trail)."""
    require_access(actor, organisation, patient, RECORD)
    if kind not in SETTABLE:
        raise ValidationError(SET_BY_SAS)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the flag is no longer needed"})
    with transaction.atomic():
        flag = open_flags(patient).filter(kind=kind).select_for_update(of=("self",)).first()
        if flag is None:
            raise ValidationError("This flag has already been ended")
        ended = PatientFlag.objects.filter(pk=flag.pk, ended_at__isnull=True).update(
            ended_at=timezone.now(), ended_by=actor
        )
        if ended != 1:
            raise ValidationError("This flag has already been ended")
        _audit(
            audit.Action.STATE_CHANGE,
            actor,
            organisation,
            flag,
            ["ended_at"],
            {"kind": kind, "ended": True, "reason": reason},
        )
    return flag
