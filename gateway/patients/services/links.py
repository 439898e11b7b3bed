"""Linking the same person's two records as one, and undoing it (docs/adr/0040). Never a
merge: both records stay exactly as they are; a PatientLink row says "this record is the same
person as that one (the record to keep)", and undoing it ends the row, so both records are as
they were before. Records that disagree are refused with the reasons until someone resolves
them. Only someone who may see both records links or undoes; it gives nobody access to a
record they could not see before."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gateway.audit import services as audit
from gateway.core.permissions import require

from ..models import Patient, PatientLink
from ..queries import duplicates as duplicate_queries
from ..queries.scope import visible_patients
from ..rules import duplicates as rules

LINK = "patients.link_duplicates"

_link_checks = []


def link_check(function):
    """Register ``function(kept, duplicate) -> list of reasons in words`` that two records
    must not be linked yet (an app above this one: an open SAS episode on each)."""
    _link_checks.append(function)
    return function


class LinkRefused(ValidationError):
    """The records disagree; ``reasons`` says how, in words."""

    def __init__(self, reasons):
        super().__init__(reasons)
        self.reasons = reasons


def reasons_not_to_link(kept, duplicate):
    """Every reason the two records may not be linked now, in words (empty: they may)."""
    reasons = rules.disagreements(
        duplicate_queries.person_facts(kept), duplicate_queries.person_facts(duplicate)
    )
    if kept.pk == duplicate.pk:
        return reasons
    if duplicate_queries.link_of(duplicate) is not None:
        reasons.append("The second record is already linked to another record.")
    if duplicate_queries.link_of(kept) is not None:
        reasons.append("The record to keep is itself linked into another record.")
    if duplicate_queries.links_into(duplicate):
        reasons.append("Other records are linked into the second record: undo those first.")
    for check in _link_checks:
        reasons.extend(check(kept, duplicate))
    return reasons


def _require_both(actor, organisation, *patients):
    require(actor, LINK, organisation)
    keys = {patient.pk for patient in patients}
    seen = visible_patients(actor, organisation).filter(pk__in=keys).count()
    if seen != len(keys):
        raise PermissionDenied


def _audit_both(action, actor, organisation, link, detail):
    for patient in (link.kept, link.duplicate):
        audit.record(
            action,
            actor=actor,
            organisation=organisation,
            obj=link,
            patient=patient,
            detail=detail,
        )


def link_records(actor, organisation, kept, duplicate):
    """Link ``duplicate`` into ``kept`` (the record to keep). Refused with LinkRefused when
    the records disagree. Audited on both people's trails."""
    with transaction.atomic():
        _require_both(actor, organisation, kept, duplicate)
        # Lock both people (in a fixed order) so two links cannot cross.
        list(
            Patient.objects.select_for_update()
            .filter(pk__in=[kept.pk, duplicate.pk])
            .order_by("pk")
        )
        reasons = reasons_not_to_link(kept, duplicate)
        if reasons:
            raise LinkRefused(reasons)
        link = PatientLink.objects.create(
            kept=kept, duplicate=duplicate, linked_by=actor, linked_by_organisation=organisation
        )
        _audit_both(
            audit.Action.CREATE,
            actor,
            organisation,
            link,
            {
                "linked": "same person",
                "kept": str(kept.public_id),
                "duplicate": str(duplicate.public_id),
            },
        )
    return link


def undo_link(actor, organisation, link):
    """End the link: both records are shown apart again, exactly as before. Audited on both
    people's trails."""
    with transaction.atomic():
        _require_both(actor, organisation, link.kept, link.duplicate)
        now = timezone.now()
        updated = PatientLink.objects.filter(pk=link.pk, undone_at__isnull=True).update(
            undone_at=now, undone_by=actor, undone_by_organisation=organisation, updated_at=now
        )
        if not updated:
            raise ValidationError("This link has already been undone.")
        link.undone_at, link.undone_by, link.undone_by_organisation = now, actor, organisation
        _audit_both(audit.Action.UPDATE, actor, organisation, link, {"link": "undone"})
    return link


def end_links_of(actor, organisation, patient):
    """Undo every active link the person's record is part of (a record made in error is
    nobody's duplicate). Inside the caller's transaction; audited. Returns how many."""
    links = list(
        PatientLink.objects.filter(undone_at__isnull=True)
        .filter(Q(kept=patient) | Q(duplicate=patient))
        .select_related("kept", "duplicate")
    )
    now = timezone.now()
    for link in links:
        PatientLink.objects.filter(pk=link.pk).update(
            undone_at=now, undone_by=actor, undone_by_organisation=organisation, updated_at=now
        )
        _audit_both(
            audit.Action.UPDATE,
            actor,
            organisation,
            link,
            {"link": "undone", "because": "made in error"},
        )
    return len(links)
