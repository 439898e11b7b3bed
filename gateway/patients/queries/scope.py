"""Which people an organisation may see, and how much of them: the one answer every scoped
read rests on. It fails closed: no organisation, no membership, no relationship in force or
no role that reads people means nobody.

- The whole record (``visible_patients``): an active relationship other than a registration
  request, for the roles that work with people's records and the auditor.
- What registering needs (``visible_patients(..., for_registration=True)``): also the people a
  practice has been asked to register (a REGISTRATION relationship). That practice reads the
  person's identity, address, contact plan and consents, and the referral; nothing else
  (docs/access/caldicott-access-table.md).
- A panel member who holds no other such role sees only the people whose appeal or review is
  before their commissioner's panel. Which people those are is the SAS app's to say; it
  registers the answer with ``panel_scope`` (this app sits below it), and with nothing
  registered a panel member sees nobody.
- A record made in error (confirmed by a second person: docs/adr/0041) is nobody's to see:
  its relationships no longer count, so it leaves every list, search and page at once. It
  stays in the database and the audit trail."""

import uuid

from django.db.models import Q
from django.utils import timezone

from gateway.accounts.models import Organisation, Role
from gateway.accounts.rules import roles_in
from gateway.core.figures import compiled

from ..models import Patient, PatientRelationship

Kind = PatientRelationship.Kind

# Roles that read the people their organisation is related to.
ORGANISATION_SCOPE_ROLES = frozenset(
    role.value
    for role in (
        Role.COMMISSIONER,
        Role.PRACTICE_STAFF,
        Role.SAS_PRACTICE_STAFF,
        Role.SUPPORT_WORKER,
        Role.AUDITOR,
    )
)

_panel_scopes = []


def panel_scope(function):
    """Register ``function(organisation) -> queryset of patient ids`` before the
    organisation's panel. Used as a decorator by the SAS app."""
    _panel_scopes.append(function)
    return function


def active_relationships(organisation, on_date=None, *, for_registration=False):
    """The organisation's relationships in force today. One that exists only by consent ends
    on the consent's expiry date here, at read time, so access never outlives consent even if
    no job has run (an organisation linked only by consent loses access on that date). A
    registration request counts only ``for_registration``."""
    on_date = on_date or timezone.localdate()
    relationships = PatientRelationship.objects.filter(
        organisation_id=organisation.pk, is_active=True
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on_date))
    if not for_registration:
        relationships = relationships.exclude(kind=Kind.REGISTRATION)
    # One rule for every list and search: a record made in error is nobody's to see. Asked as
    # "not one of the (few) records made in error", a small set the partial index
    # patient_made_in_error reads, rather than by joining every person: the database then
    # estimates the scope from the relationships alone and reads a list's page from its
    # index instead of sorting everything (ADR 0051).
    made_in_error = Patient.objects.filter(made_in_error_at__isnull=False).values("pk")
    return relationships.exclude(patient_id__in=made_in_error)


# What a scope is read from (``scope_shape``): the organisation's relationships in force, or
# the people before its panel.
WHOLE_ORGANISATION, BEFORE_PANEL = "organisation", "panel"


def scope_shape(user, organisation):
    """Which scope ``visible_patients`` reads for the user at the organisation:
    WHOLE_ORGANISATION (the same for everyone with a role that reads the organisation's
    people), BEFORE_PANEL, or None (nobody). A statement compiled once (gateway.core.prepared)
    is kept by it, with ``organisation_scope_ids`` built from the organisation's key and the
    day."""
    if organisation is None or user is None or not user.is_authenticated:
        return None
    roles = {str(role) for role in roles_in(user, organisation)}
    if roles & ORGANISATION_SCOPE_ROLES:
        return WHOLE_ORGANISATION
    if Role.PANEL_MEMBER.value in roles and _panel_scopes:
        return BEFORE_PANEL
    return None


def reads_whole_organisation(user, organisation):
    """Whether the user's roles at the organisation read its whole scope (WHOLE_ORGANISATION):
    then a list built from the organisation's key and the day alone
    (``organisation_scope_ids``) is the list they may see (gateway.core.list_reads)."""
    return scope_shape(user, organisation) == WHOLE_ORGANISATION


def read_once_compiled(user, organisation, public_id):
    """Whether a statement compiled once a process (gateway.core.prepared) reads the record
    with this public id for the user: their roles read the organisation's whole scope
    (WHOLE_ORGANISATION) and the id is a UUID. Otherwise the ORM builds the read each time."""
    return scope_shape(user, organisation) == WHOLE_ORGANISATION and isinstance(
        public_id, uuid.UUID
    )


def read_scoped(statement, shape, user, organisation, public_id, orm, *, today=None, **values):
    """The rows ``statement`` (gateway.core.prepared) reads for the record with this public
    id at the organisation on the day, with any other values: compiled once a process when
    ``read_once_compiled``, else ``orm()``, the queryset built as before."""
    return statement.rows_or(
        orm,
        shape if read_once_compiled(user, organisation, public_id) else None,
        organisation_id=getattr(organisation, "pk", None),
        today=today or timezone.localdate(),
        public_id=public_id,
        **values,
    )


def organisation_scope_ids(organisation_id, on_date, *, for_registration=False):
    """The ids of the people related to the organisation on the day (WHOLE_ORGANISATION), from
    its key and the day alone."""
    organisation = Organisation(pk=organisation_id)
    return active_relationships(organisation, on_date, for_registration=for_registration).values(
        "patient_id"
    )


def visible_patient_ids(user, organisation, *, for_registration=False):
    """The ids of the people ``user`` may see at ``organisation``, as a subquery."""
    shape = scope_shape(user, organisation)
    if shape == WHOLE_ORGANISATION:
        return organisation_scope_ids(
            organisation.pk, timezone.localdate(), for_registration=for_registration
        )
    if shape == BEFORE_PANEL:
        # The relationships in force of people before the panel: the same ids, read from the
        # relationships' index without a join to every person (ADR 0043).
        before_panel = Q(pk__in=[])
        for scope in _panel_scopes:
            before_panel |= Q(patient_id__in=scope(organisation))
        return active_relationships(organisation).filter(before_panel).values("patient_id")
    return Patient.objects.none().values("pk")


def visible_patient_ids_compiled(user, organisation):
    """``visible_patient_ids`` compiled to SQL once (``gateway.core.figures.compiled``): for
    one statement that scopes many figures by it (the home page's sections: ADR 0053,
    update), where the ORM would otherwise build and compile the scope again for each.

    Compiled once a request: kept on the user object (a new one each request), as
    ``roles_in`` keeps the roles the scope is chosen by, for this organisation and today (the
    SQL holds today's date). It is the scope's SQL, not its rows: a relationship that ends
    or a record made in error leaves it at once (ADR 0066)."""
    if organisation is None or user is None or not user.is_authenticated:
        return compiled(visible_patient_ids(user, organisation), None)
    cache = getattr(user, "_scope_sql_cache", None)
    if cache is None:
        cache = user._scope_sql_cache = {}
    key = (organisation.pk, timezone.localdate())
    if key not in cache:
        cache[key] = compiled(visible_patient_ids(user, organisation), None)
    return cache[key]


def visible_patients(user, organisation, *, for_registration=False):
    return Patient.objects.filter(
        pk__in=visible_patient_ids(user, organisation, for_registration=for_registration)
    )
