"""GP practices written many at a time, as NHS practice data brings them
(gateway/imports/practices decides what changes; this module writes it and the audit rows).
Set-based: one query loads a batch, one inserts or updates it, one writes its audit rows.
A practice is never deleted; one that closes keeps its record with ``closed_on`` set and, once
the day has come, ``is_active`` off. Callers check who may do this and hold the transaction
(one per batch)."""

from django.utils import timezone

from gateway.audit import services as audit

from ..models import Organisation, PracticeClosure

# The import's names for an organisation's fields where they differ.
ATTRIBUTES = {"commissioner": "commissioner_id", "merged_into": "merged_into_id"}
PRACTICE_FIELDS = ("name", "address", "postcode", "phone", "commissioner", "closed_on", "is_active")


def may_import_practices(user, organisation):
    """An organisation admin of a commissioner brings its area's practice data
    (docs/adr/0030-practice-data-import.md)."""
    return (
        organisation is not None
        and user is not None
        and user.has_perm("imports.import_practices", organisation)
    )


def _attribute(name):
    return ATTRIBUTES.get(name, name)


def add_practices(actor, organisation, rows, *, detail):
    """Create GP practices from ``rows`` (dicts of PRACTICE_FIELDS) and audit each."""
    now = timezone.now()
    practices = [
        Organisation(
            kind=Organisation.Kind.GP_PRACTICE,
            ods_code=row["ods_code"],
            created_at=now,
            updated_at=now,
            **{_attribute(name): row[name] for name in PRACTICE_FIELDS},
        )
        for row in rows
    ]
    Organisation.objects.bulk_create(practices)
    audit.record_many(
        audit.Action.CREATE,
        [(p, PRACTICE_FIELDS, detail) for p in practices],
        actor=actor,
        organisation=organisation,
    )
    return practices


def update_practices(actor, organisation, changes, *, detail, state_change=False):
    """Apply ``changes`` ({practice id: {field: value}}) and audit each practice with the
    fields that changed (a closing as a state change). Returns the practices."""
    practices = list(Organisation.objects.filter(pk__in=list(changes)).order_by("pk"))
    now = timezone.now()
    touched = set()
    for practice in practices:
        for name, value in changes[practice.pk].items():
            setattr(practice, _attribute(name), value)
            touched.add(_attribute(name))
        practice.updated_at = now
    if practices:
        Organisation.objects.bulk_update(practices, sorted(touched | {"updated_at"}))
    audit.record_many(
        audit.Action.STATE_CHANGE if state_change else audit.Action.UPDATE,
        [(p, changes[p.pk], detail) for p in practices],
        actor=actor,
        organisation=organisation,
    )
    return practices


def raise_closure_alerts(actor, organisation, closures, *, detail):
    """An alert for the commissioner of each closing practice that has people on the scheme
    or open registration referrals. ``closures`` is (practice, closed on, people on the
    scheme, open referrals); a practice with an open alert gets no second one. Returns the
    alerts raised."""
    wanted = [c for c in closures if c[0].commissioner_id and (c[2] or c[3])]
    open_already = set(
        PracticeClosure.objects.filter(
            practice__in=[c[0] for c in wanted], resolved_at__isnull=True
        ).values_list("practice_id", flat=True)
    )
    alerts = PracticeClosure.objects.bulk_create(
        PracticeClosure(
            practice=practice,
            commissioner_id=practice.commissioner_id,
            closed_on=closed_on,
            people_on_scheme=people,
            open_referrals=referrals,
        )
        for practice, closed_on, people, referrals in wanted
        if practice.pk not in open_already
    )
    audit.record_many(
        audit.Action.CREATE,
        [(alert, ("closed_on", "people_on_scheme", "open_referrals"), detail) for alert in alerts],
        actor=actor,
        organisation=organisation,
    )
    return alerts


def resolve_closure(actor, organisation, closure):
    """The commissioner has moved everybody: the alert is done. Once only."""
    if closure.resolved_at is not None:
        return closure
    closure.resolved_at, closure.resolved_by = timezone.now(), actor
    closure.save(update_fields=["resolved_at", "resolved_by", "updated_at"])
    audit.record(
        audit.Action.STATE_CHANGE,
        actor=actor,
        organisation=organisation,
        obj=closure,
        changed_fields=["resolved_at", "resolved_by"],
        detail={"resolved": True},
    )
    return closure
