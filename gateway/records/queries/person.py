"""Everything Gateway holds about one person, from every app, for their subject access
export (docs/domain/standards.md#right-of-access). Called only by the export's background work
for a person the requester's organisation could see when they asked. Each part is read with
what it needs in a fixed number of queries; names of organisations, staff and reference rows
are read once each (``Names``). Letters' PDFs are read one at a time (``letter_content``), so
a long record never holds every letter in memory at once."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Prefetch, Q

from gateway.audit.models import AuditEvent
from gateway.comms.models import DeliveryAttempt, Message
from gateway.comms.rendering import letter_pdf
from gateway.imports.models import ClosureMove
from gateway.patients.models import (
    Address,
    Consent,
    ContactRoute,
    LinkRequest,
    PatientFlag,
    PatientLink,
    PatientRelationship,
    RecordMadeInError,
)
from gateway.portal.models import AccessCode, PortalSession
from gateway.registration.models import RegistrationReferral
from gateway.sas.models import Episode
from gateway.support.models import (
    AbuseIncident,
    Action,
    Assessment,
    Death,
    MaracReferral,
    MCNStatus,
    Meeting,
    Need,
    ServiceReferral,
    SupportTeamMember,
    WorkingAgreement,
)

from ..models import SubjectAccessExport

LETTER_KINDS = (Message.Kind.LETTER, Message.Kind.IN_PERSON)
AUDIT_BATCH = 2000


@dataclass
class PersonRecord:
    patient: object
    parts: dict  # part key -> list of rows (with their children prefetched)
    audit_trail: object  # an iterator of AuditEvent rows, oldest first


def _episodes(patient):
    return (
        Episode.objects.filter(patient=patient)
        .select_related("removal_report", "discharge_plan", "record_before_gateway")
        .prefetch_related(
            "history",
            "deadlines",
            "information_requests",
            "allocations",
            "custody_periods",
            "appeals",
            "reviews",
        )
        .order_by("created_at", "id")
    )


def _messages(patient):
    return (
        Message.objects.filter(patient=patient)
        .defer("pdf", "body_html", "variants")
        .prefetch_related(
            Prefetch("attempts_made", queryset=DeliveryAttempt.objects.order_by("at", "id"))
        )
        .order_by("created_at", "id")
    )


def _meetings(patient):
    return (
        Meeting.objects.filter(patient=patient)
        .prefetch_related("attendees", Prefetch("actions", queryset=Action.objects.order_by("id")))
        .order_by("held_on", "id")
    )


def _oldest_first(model, patient, *order):
    return model.objects.filter(patient=patient).order_by(*(order or ("created_at",)), "id")


def everything_about(patient):
    """Every row about the person, part by part, in the order the export shows them."""
    parts = {
        "relationships": _oldest_first(PatientRelationship, patient),
        "addresses": _oldest_first(Address, patient),
        "flags": _oldest_first(PatientFlag, patient),
        "contact_routes": _oldest_first(ContactRoute, patient),
        "consents": _oldest_first(Consent, patient, "starts_on"),
        "link_requests": _oldest_first(LinkRequest, patient).select_related("organisation"),
        # The same person's other record, linked (docs/adr/0040), either way round.
        "linked_records": PatientLink.objects.filter(Q(kept=patient) | Q(duplicate=patient))
        .select_related("linked_by_organisation")
        .order_by("created_at", "id"),
        "made_in_error_requests": _oldest_first(RecordMadeInError, patient),
        "sas_episodes": _episodes(patient),
        "messages": _messages(patient),
        "practice_moves": ClosureMove.objects.filter(
            Q(episode__patient=patient) | Q(referral__patient=patient)
        )
        .select_related("to_practice", "closure__practice")
        .order_by("created_at", "id"),
        "registration_referrals": _oldest_first(RegistrationReferral, patient).prefetch_related(
            "changes", "alerts"
        ),
        "needs": _oldest_first(Need, patient, "noted_on"),
        "multiple_disadvantage_statuses": _oldest_first(MCNStatus, patient, "worked_out_on"),
        "assessments": _oldest_first(Assessment, patient, "assessed_on"),
        "marac_referrals": _oldest_first(MaracReferral, patient, "referred_on"),
        "abuse_incidents": _oldest_first(AbuseIncident, patient, "occurred_on"),
        "support_team": _oldest_first(SupportTeamMember, patient, "started_on"),
        "working_agreements": _oldest_first(
            WorkingAgreement, patient, "agreed_on"
        ).prefetch_related("services"),
        "meetings": _meetings(patient),
        "actions": _oldest_first(Action, patient, "due_on").filter(meeting__isnull=True),
        "service_referrals": _oldest_first(ServiceReferral, patient, "sent_on").prefetch_related(
            "changes"
        ),
        "death": Death.objects.filter(patient=patient).prefetch_related("revisions"),
        "own_page_codes": _oldest_first(AccessCode, patient),
        "own_page_visits": PortalSession.objects.filter(patient=patient).order_by(
            "started_at", "id"
        ),
        "subject_access_exports": _oldest_first(SubjectAccessExport, patient).defer("content"),
    }
    return PersonRecord(patient=patient, parts=parts, audit_trail=audit_trail(patient))


def audit_trail(patient):
    """Every audit row about the person (who looked at or changed their record, when, from
    which organisation), oldest first, read in batches."""
    last_id = 0
    while True:
        batch = list(
            AuditEvent.objects.filter(patient_id=patient.pk, id__gt=last_id)
            .select_related("organisation")
            .order_by("id")[:AUDIT_BATCH]
        )
        yield from batch
        if len(batch) < AUDIT_BATCH:
            return
        last_id = batch[-1].id


def count_audit_rows(patient):
    return AuditEvent.objects.filter(patient_id=patient.pk).count()


def letter_content(message):
    """The printed letter: the stored PDF (ADR 0010), or one made from the stored letter when
    it was never printed (held in the outbox, handed over in person)."""
    row = Message.objects.filter(pk=message.pk).values("pdf", "body_html").first()
    if row is None or not (row["pdf"] or row["body_html"]):
        return None
    return bytes(row["pdf"]) if row["pdf"] else letter_pdf(row["body_html"])


def is_letter(message):
    return message.kind in LETTER_KINDS


class Names:
    """The name of each organisation, member of staff or reference row a record points at,
    read once each however many rows point at it."""

    def __init__(self):
        self._seen = {}

    def of(self, model, pk):
        if pk is None:
            return None
        key = (model._meta.label, pk)
        if key not in self._seen:
            heavy = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, (models.BinaryField, models.TextField, models.JSONField))
            ]
            row = model._base_manager.filter(pk=pk).defer(*heavy).first()
            self._seen[key] = None if row is None else _name(row)
        return self._seen[key]


def _name(row):
    name = getattr(row, "display_name", None)
    return str(name if name else row)
