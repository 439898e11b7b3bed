"""Organisation-scoped reads of patient data. Views and the API reach patients only through
these helpers (a test fails the build otherwise). They fail closed: an organisation with no
active relationship to a patient sees nothing, and no organisation means no patients."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from gateway.core.prepared import Statement

from ..models import Address, Consent, ContactRoute, Patient, PatientFlag, PatientRelationship
from ..rules import contact as contact_plan
from .scope import organisation_scope_ids, read_scoped, visible_patients


def _with_banner(people):
    """The person of ``people`` with their recorded death, addresses and open flags."""
    return (
        people.select_related(DEATH)
        .prefetch_related("addresses__care_of_organisation", open_flags_prefetch())
        .order_by("pk")[:1]
    )


def _person(for_registration, *, organisation_id, today, public_id):
    """``get_visible_patient``'s read for an organisation-wide scope, from values alone."""
    scope = organisation_scope_ids(organisation_id, today, for_registration=for_registration)
    return _with_banner(Patient.objects.filter(pk__in=scope, public_id=public_id))


def _record(shape, *, organisation_id, today, public_id):
    """``get_patient_record``'s read for an organisation-wide scope, from values alone."""
    whole = Patient.objects.filter(
        pk__in=organisation_scope_ids(organisation_id, today), pk=OuterRef("pk")
    )
    scope = organisation_scope_ids(organisation_id, today, for_registration=True)
    people = Patient.objects.filter(pk__in=scope, public_id=public_id)
    return _with_banner(people.annotate(whole_record=Exists(whole)))


# Built and compiled once a process (ADR 0068): every page about a person reads them first.
PERSON, RECORD = Statement(_person, planned_once=True), Statement(_record, planned_once=True)


def _one(statement, shape, user, organisation, public_id, orm):
    """The one person the statement finds (``read_scoped``), or 404: an unrelated
    organisation cannot tell a hidden record from a missing one."""
    found = read_scoped(statement, shape, user, organisation, public_id, orm)
    if not found:
        raise Http404("No patient matches the given query.")
    return found[0]


def get_visible_patient(user, organisation, public_id, *, for_registration=False):
    """The patient, or 404: an unrelated organisation cannot tell a hidden record from a
    missing one. ``for_registration``: also a person the organisation has been asked to
    register (for the pages that show what registering needs, and no more)."""

    def orm():
        scoped = visible_patients(user, organisation, for_registration=for_registration)
        return _with_banner(scoped.filter(public_id=public_id))

    return _one(PERSON, for_registration, user, organisation, public_id, orm)


def recorded_death(patient):
    """The person's recorded death (gateway.support's Death), or None: read with the person
    when they were (``get_visible_patient`` joins it), else read now."""
    try:
        return patient.death
    except ObjectDoesNotExist:
        return None


# A recorded death (gateway.support's Death, one per person) is shown beside the name in
# every list, in the same query as the person.
DEATH = "death"


def open_flags_prefetch(through="", *, kinds_only=False):
    """Open flags with who set them, as ``patient.open_flags`` (the flag banner shows them
    wherever the person appears, at a fixed number of queries). ``through``: the path to the
    patient when prefetching from another model ("patient" from an episode). ``kinds_only``:
    the same flags reading only their kind (and the person they belong to, to match them),
    for a list that shows a flag as a tag (ADR 0065)."""
    flags = PatientFlag.objects.filter(ended_at__isnull=True)
    if kinds_only:
        flags = flags.only("patient", "kind")
    else:
        flags = flags.select_related("set_by", "set_by_organisation")
    return Prefetch(
        f"{through}__flags" if through else "flags", queryset=flags, to_attr="open_flags"
    )


def get_patient_record(user, organisation, public_id):
    """The patient for their record page, as ``get_visible_patient(..., for_registration=True)``
    scopes it (404 otherwise), with their recorded death, addresses and open flags, and
    ``whole_record``: whether the organisation sees the whole record or only what registering
    needs (``sees_whole_record``, asked in the same query)."""

    def orm():
        whole = visible_patients(user, organisation).filter(pk=OuterRef("pk"))
        scoped = visible_patients(user, organisation, for_registration=True)
        return _with_banner(scoped.filter(public_id=public_id).annotate(whole_record=Exists(whole)))

    return _one(RECORD, "record", user, organisation, public_id, orm)


def search_patients(user, organisation, criteria):
    """Visible patients matching every criterion given: an exact NHS number, the start of
    each word of a name (first or last), an exact date of birth. Criteria come from the
    session, never from a URL."""
    patients = visible_patients(user, organisation)
    if criteria.get("nhs_number"):
        patients = patients.filter(nhs_number=criteria["nhs_number"])
    for word in (criteria.get("name") or "").lower().split():
        patients = patients.filter(
            Q(search_given_name__startswith=word) | Q(search_family_name__startswith=word)
        )
    if criteria.get("date_of_birth"):
        patients = patients.filter(date_of_birth=criteria["date_of_birth"])
    return (
        patients.order_by("search_family_name", "search_given_name", "pk")
        .select_related(DEATH)
        .prefetch_related(open_flags_prefetch())
    )


def patient_list(user, organisation):
    """Every patient the organisation may see, in name order."""
    return (
        visible_patients(user, organisation)
        .order_by("search_family_name", "search_given_name", "pk")
        .select_related(DEATH)
        .prefetch_related(open_flags_prefetch())
    )


def consent_in_force(patient, purpose, organisation, *, worker=None, on_date=None):
    """The person's consent for ``purpose`` with ``organisation`` in force on ``on_date``
    (today by default), or None
    (docs/domain/gp-registration.md#registration-through-probation-and-other-services, Caldicott).
    With ``worker``, a consent naming another worker does not count; one naming no worker covers
    everyone in the organisation.
    Sharing, referring and routing messages through a worker all ask here first."""
    on_date = on_date or timezone.localdate()
    consents = Consent.objects.filter(
        patient=patient,
        purpose=purpose,
        organisation=organisation,
        withdrawn_at__isnull=True,
        starts_on__lte=on_date,
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on_date))
    if worker is not None:
        consents = consents.filter(Q(worker__isnull=True) | Q(worker=worker))
    return consents.order_by("-starts_on", "-id").first()


def contact_routes_for(patient):
    """Every contact route of the person, open first in their order, with what the contact
    plan and the patient page show (a fixed number of queries). Compiled once a process."""
    return ROUTES.rows("routes", patient_id=patient.pk)


def _routes_built(shape, *, patient_id):
    return (
        ContactRoute.objects.filter(patient_id=patient_id)
        .select_related(
            "address__care_of_organisation",
            "worker",
            "worker_organisation",
            "in_person_organisation",
            "confirmed_by",
        )
        .order_by(F("ended_at").asc(nulls_first=True), "preference", "created_at", "id")
    )


def consents_for(patient):
    """The person's consents, newest first, with who they name and who recorded them.
    Compiled once a process."""
    return CONSENTS.rows("consents", patient_id=patient.pk)


def _consents_built(shape, *, patient_id):
    return (
        Consent.objects.filter(patient_id=patient_id)
        .select_related("organisation", "worker", "recorded_by", "withdrawn_by")
        .order_by("-starts_on", "-id")
    )


# A person's parts, read by their key alone (ADR 0068): the same statement for everyone.
ROUTES = Statement(_routes_built, planned_once=True)
CONSENTS = Statement(_consents_built, planned_once=True)


def current_address_stand_in(patient):
    """With no contact routes recorded at all, the person's current address stands in as a
    postal route (ADR 0012): letters go there, through the same checks, so a no-fixed-abode
    or do-not-send-letters person is never posted to. Unsaved: its ``pk`` is None."""
    address = (
        Address.objects.filter(patient=patient, is_current=True)
        .select_related("care_of_organisation")
        .first()
    )
    return ContactRoute(
        patient=patient,
        kind=ContactRoute.Kind.POSTAL,
        address=address,
        created_at=timezone.now(),
    )


def contact_plan_for(patient, *, on_date=None, routes=None, consents=None):
    """The person's contact plan today: each route with whether it may be used and why not
    (gateway.patients.rules.contact). Pass routes/consents already loaded to save queries.

    The one answer to "how can we reach this person": the outbox sends by it
    (gateway.comms.routing.common.load_plan), the patient record and the person's own page show it.
    With no routes recorded at all, their current address stands in as a postal route."""
    on_date = on_date or timezone.localdate()
    routes = list(contact_routes_for(patient) if routes is None else routes)
    if not routes:
        routes = [current_address_stand_in(patient)]
    consents = consents_for(patient) if consents is None else consents
    flags = getattr(patient, "open_flags", None)
    if flags is None:
        flags = PatientFlag.objects.filter(patient=patient, ended_at__isnull=True)
    return contact_plan.plan(
        routes,
        flag_kinds={flag.kind for flag in flags},
        consents=consents,
        on_date=on_date,
    )


def get_visible_route(user, organisation, public_id):
    """A contact route of a person the organisation may see, or 404."""
    route = (
        ContactRoute.objects.filter(
            public_id=public_id, patient__in=visible_patients(user, organisation)
        )
        .select_related(
            "patient",
            "address__care_of_organisation",
            "worker",
            "worker_organisation",
            "in_person_organisation",
            "confirmed_by",
        )
        .first()
    )
    if route is None:
        raise Http404("No contact route matches the given query.")
    return route


def get_visible_consent(user, organisation, public_id):
    """A consent of a person the organisation may see, or 404."""
    consent = (
        Consent.objects.filter(
            public_id=public_id, patient__in=visible_patients(user, organisation)
        )
        .select_related("patient", "organisation", "worker", "recorded_by")
        .first()
    )
    if consent is None:
        raise Http404("No consent matches the given query.")
    return consent


def involved_organisations(patient, on_date=None):
    """Organisations with a relationship to the person in force today."""
    from gateway.accounts.models import Organisation

    on_date = on_date or timezone.localdate()
    return Organisation.objects.filter(
        pk__in=PatientRelationship.objects.filter(patient=patient, is_active=True)
        .exclude(kind=PatientRelationship.Kind.REGISTRATION)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on_date))
        .values("organisation_id")
    ).order_by("name")


def route_worker_choices(patient):
    """Who messages may go through: active support workers of organisations involved with
    the person (a worker elsewhere could not see them)."""
    from gateway.accounts.models import Membership, Role

    return (
        Membership.objects.filter(
            is_active=True,
            role=Role.SUPPORT_WORKER,
            user__is_active=True,
            user__is_system_account=False,
            organisation__in=involved_organisations(patient),
        )
        .select_related("user", "organisation")
        .order_by("user__full_name", "organisation__name", "id")
    )


def route_practice_choices(patient):
    """GP practices involved with the person, where things can be handed over in person."""
    return involved_organisations(patient).filter(kind="gp_practice")


def route_address_choices(patient):
    """The person's addresses, current first."""
    return Address.objects.filter(patient=patient).select_related("care_of_organisation")


def sees_whole_record(user, organisation, patient):
    """Whether the organisation sees the person's whole record, not only what registering
    them needs (gateway/patients/queries/scope.py)."""
    return visible_patients(user, organisation).filter(pk=patient.pk).exists()
