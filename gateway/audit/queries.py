"""Reads of the audit trail for auditors, scoped like every other read: an auditor reads the
trail of their own organisation and, at a commissioner, of the organisations in its area;
anyone else reads nothing (fail closed). People are found only among those the auditor's
organisation works with (gateway.patients.queries)."""

import datetime
import uuid

from django.db.models import Q
from django.utils import timezone

from gateway.accounts.models import Organisation, User
from gateway.patients.queries import search_patients, visible_patients

from .models import AuditEvent

# A name may match several people; the search covers at most this many.
MOST_PEOPLE = 50


# What a visit to the trail is recorded as being about.
TRAIL = AuditEvent._meta.label


def may_audit(user, organisation):
    return organisation is not None and user.has_perm("audit.view_access_log", organisation)


def auditable_organisations(user, organisation):
    """The organisations whose trail this auditor may read."""
    if not may_audit(user, organisation):
        return Organisation.objects.none()
    scope = Q(pk=organisation.pk)
    if organisation.kind == Organisation.Kind.COMMISSIONER:
        scope |= Q(commissioner=organisation)
    return Organisation.objects.filter(scope).order_by("name", "pk")


def auditable_staff(user, organisation, organisations=None):
    """Everyone who is or was a member of those organisations, for "who did it": what the
    search form's list shows of them (the name, else the username, and the email).
    ``organisations``: auditable_organisations(user, organisation), when already built."""
    if organisations is None:
        organisations = auditable_organisations(user, organisation)
    return (
        User.objects.filter(is_system_account=False, memberships__organisation__in=organisations)
        .distinct()
        .order_by("full_name", "pk")
        .only("pk", "full_name", "username", "email")
    )


def people_matching(user, organisation, *, nhs_number="", name=""):
    """Ids of the people with this NHS number and/or name whom the organisation works with."""
    criteria = {"nhs_number": nhs_number, "name": name, "date_of_birth": ""}
    found = search_patients(user, organisation, criteria).order_by("pk")
    return list(found.values_list("pk", flat=True)[:MOST_PEOPLE])


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def trail(user, organisation, criteria=None, organisations=None):
    """Audit rows newest first, filtered by the criteria kept in the session: people (ids),
    who (user id), organisation (public id), action, and the first and last day.
    ``organisations``: auditable_organisations(user, organisation), when already built."""
    criteria = criteria or {}
    if organisations is None:
        organisations = auditable_organisations(user, organisation)
    events = AuditEvent.objects.filter(organisation__in=organisations)
    if criteria.get("people") is not None:
        events = events.filter(patient_id__in=criteria["people"])
    if criteria.get("user"):
        events = events.filter(actor_id=criteria["user"])
    if criteria.get("organisation"):
        events = events.filter(organisation__public_id=criteria["organisation"])
    if criteria.get("action"):
        events = events.filter(action=criteria["action"])
    if criteria.get("from"):
        first_day = datetime.date.fromisoformat(criteria["from"])
        events = events.filter(occurred_at__gte=_start_of(first_day))
    if criteria.get("to"):
        day_after = datetime.date.fromisoformat(criteria["to"]) + datetime.timedelta(days=1)
        events = events.filter(occurred_at__lt=_start_of(day_after))
    return events.select_related("organisation").order_by("-id")


# What a row of the trail shows (presenters.event_row, csv_row): the page reads only these
# (ADR 0065 decision 2), not the request id, the actor's key or the organisation's other columns.
LISTED = (
    "occurred_at",
    "actor_name",
    "action",
    "detail",
    "object_type",
    "object_id",
    "patient_id",
    "changed_fields",
    "organisation__name",
)


def names_for(user, organisation, events):
    """What a page of rows needs to name its records, in three queries however many rows:
    the names of the people the organisation works with, of staff and of organisations."""
    events = list(events)
    patient_ids = {e.patient_id for e in events if e.patient_id}
    people = (
        {
            p.pk: p
            for p in visible_patients(user, organisation)
            .filter(pk__in=patient_ids)
            .only("pk", "public_id", "given_name", "family_name", "preferred_name")
        }
        if patient_ids
        else {}
    )
    staff_ids = _ids(e.object_id for e in events if e.object_type == "accounts.User")
    staff = {}
    if staff_ids[0] or staff_ids[1]:
        for member in User.objects.filter(
            Q(pk__in=staff_ids[0]) | Q(public_id__in=staff_ids[1])
        ).only("pk", "public_id", "full_name", "username"):
            staff[str(member.pk)] = staff[str(member.public_id)] = member.display_name
    organisation_ids = _ids(e.object_id for e in events if e.object_type == "accounts.Organisation")
    organisations = (
        {
            str(o.public_id): o.name
            for o in Organisation.objects.filter(public_id__in=organisation_ids[1]).only(
                "public_id", "name"
            )
        }
        if organisation_ids[1]
        else {}
    )
    return {"people": people, "staff": staff, "organisations": organisations}


def _ids(values):
    """(numeric ids, UUIDs) among stored object ids."""
    numbers, uuids = set(), set()
    for value in values:
        if value.isdigit():
            numbers.add(int(value))
            continue
        try:
            uuids.add(uuid.UUID(value))
        except ValueError:
            continue
    return numbers, uuids


def access_log(patient):
    """Every audit row about the person, at any organisation, newest first."""
    return (
        AuditEvent.objects.filter(patient_id=patient.pk)
        .select_related("organisation")
        .order_by("-id")
    )
