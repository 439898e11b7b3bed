"""Every write to a patient's record: permission check, the write and its audit row in one
transaction (DESIGN.md "How data flows"). Views and the API both call these functions."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gateway.audit import services as audit
from gateway.core import rate_limits, session_tokens
from gateway.core.models import save_if_unchanged
from gateway.core.permissions import require

from ..forms import ADDRESS_FIELDS, PATIENT_FIELDS
from ..models import Address, LinkRequest, Patient, PatientRelationship
from ..queries import visible_patients

SESSION_SEARCHES = "patient_searches"
SESSION_DRAFTS = "patient_drafts"
# Enough for a few browser tabs; older searches drop off so the session stays small.


@dataclass
class DuplicateCheck:
    """What the duplicate check found. `visible` are records the organisation may open;
    `hidden_nhs_number_match` means a record with this NHS number exists that the
    organisation cannot see (we say so, never who it is)."""

    visible: list = field(default_factory=list)
    nhs_number_match: bool = False
    hidden_nhs_number_match: bool = False
    hidden_patient: object = None
    commissioner: object = None

    def __bool__(self):
        return bool(self.visible) or self.nhs_number_match

    @property
    def can_create_anyway(self):
        """Two people can share a name and date of birth; they never share an NHS number."""
        return not self.nhs_number_match


class LookupLimited(Exception):
    """Too many checks of whether someone is already on Gateway, for now
    (settings.PATIENT_LOOKUP_LIMIT; ADR 0035)."""

    message = (
        "You have checked a lot of people in a short time, so we have paused adding people "
        "for you. Try again in an hour. If you need to add someone now, ask your commissioner."
    )

    def __init__(self):
        super().__init__(self.message)


class LinkRequested(Exception):
    """The details went to the commissioner to check (ADR 0035). Nothing says whether anyone
    was found."""

    message = (
        "We have sent these details to your commissioner to check before the person is added. "
        "Their answer will show on your home page. You do not need to add the person again."
    )

    def __init__(self):
        super().__init__(self.message)


class DuplicatePatient(Exception):
    def __init__(self, check):
        super().__init__("This person may already be on Gateway")
        self.check = check


class ConflictError(Exception):
    """Someone else saved the record after this person started editing it."""

    def __init__(self, current):
        super().__init__("The record changed while you were editing it")
        self.current = current


def require_change(actor, organisation, patient):
    """The actor may change records in this organisation and the organisation may see the
    person (fails closed: anything else is refused)."""
    require(actor, "patients.change_patient", organisation)
    if not visible_patients(actor, organisation).filter(pk=patient.pk).exists():
        raise PermissionDenied


def save_or_conflict(obj, expected_version, current, **values):
    """Core save_if_unchanged, but a stale change (nothing is written) is refused with
    ConflictError carrying the record as someone else saved it (``current(obj)`` reads it),
    so the page can show their version next to what this person typed."""
    try:
        return save_if_unchanged(obj, expected_version, **values)
    except ValidationError:
        raise ConflictError(current(obj)) from None


def find_duplicates(actor, organisation, data, exclude=None):
    """Same NHS number anywhere on Gateway, or same name and date of birth among the
    patients this organisation may see
    (docs/domain/identifiers-and-reference-data.md#nhs-number).

    The existence question (ADR 0035): a record with this NHS number that the organisation
    cannot see is never shown or hinted at here (``hidden_nhs_number_match`` is for the
    service alone, which routes a link request to the commissioner). Every lookup is
    audited (the questions answered, never the NHS number) and counted against the user's
    limit (LookupLimited)."""
    check = DuplicateCheck(commissioner=getattr(organisation, "commissioner", None))
    _count_lookup(actor, organisation, data)
    visible = visible_patients(actor, organisation)
    if exclude is not None:
        visible = visible.exclude(pk=exclude.pk)
    nhs_number = data.get("nhs_number")
    matched = None
    if nhs_number:
        others = Patient.objects.filter(nhs_number=nhs_number)
        if exclude is not None:
            others = others.exclude(pk=exclude.pk)
        matched = others.first()
        if matched is not None:
            check.visible = list(visible.filter(pk=matched.pk))
            check.nhs_number_match = bool(check.visible)
            check.hidden_nhs_number_match = not check.visible
            check.hidden_patient = None if check.visible else matched
    if not check.nhs_number_match:
        check.visible = list(
            visible.filter(
                search_given_name=data["given_name"].strip().lower(),
                search_family_name=data["family_name"].strip().lower(),
                date_of_birth=data["date_of_birth"],
            ).order_by("pk")[:10]
        )
    audit.record_lookup(actor, organisation, by=_answered(data), patient=matched)
    return check


LOOKUP_QUESTIONS = ("nhs_number", "given_name", "family_name", "date_of_birth")


def _answered(data):
    return [name for name in LOOKUP_QUESTIONS if data.get(name)]


def _count_lookup(actor, organisation, data):
    limit, window = settings.PATIENT_LOOKUP_LIMIT
    key = f"patient-lookup:{getattr(actor, 'pk', 'none')}"
    if not rate_limits.allow(key, limit, window):
        audit.record_lookup(actor, organisation, by=_answered(data), limited=True)
        raise LookupLimited


def request_link(actor, organisation, patient):
    """Route a request to link ``organisation`` to a record it cannot see to the commissioner
    (its own, or itself when it is one), audited; the caller says only that details went to
    the commissioner (LinkRequested)."""
    commissioner = organisation.commissioner or (
        organisation if organisation.kind == organisation.Kind.COMMISSIONER else None
    )
    link = LinkRequest.objects.create(
        patient=patient, organisation=organisation, commissioner=commissioner, requested_by=actor
    )
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=link,
        patient=patient,
        detail={"to": "commissioner"},
    )
    return link


def _patient_values(data):
    values = {name: data.get(name, "") for name in PATIENT_FIELDS}
    for name in PATIENT_FIELDS:
        if name.startswith(("needs_", "date_of_birth_is")):
            values[name] = bool(values[name])
    # A caller that did not ask the question leaves the ethnic group not known.
    values["ethnic_category"] = values["ethnic_category"] or Patient.EthnicCategory.NOT_KNOWN
    values["given_name"] = values["given_name"].strip()
    values["family_name"] = values["family_name"].strip()
    values["search_given_name"] = values["given_name"].lower()
    values["search_family_name"] = values["family_name"].lower()
    return values


def _address_values(data):
    values = {model: data.get(form) for form, model in ADDRESS_FIELDS.items()}
    for key, value in values.items():
        if value is None and key != "care_of_organisation":
            values[key] = ""
    return values


def create_patient(actor, organisation, data, confirmed_not_duplicate=False):
    """Add a patient for `organisation`. `data` is PatientForm.cleaned_data. Raises
    PermissionDenied, or DuplicatePatient before anything is written when the person may
    already be on Gateway (a name and date of birth match can be confirmed as a different
    person; an NHS number match cannot)."""
    require(actor, "patients.add_patient", organisation)
    # The lookup and its audit row stand even when nothing is added (ADR 0035); a second
    # record racing this one is still refused by the database's unique NHS number.
    check = find_duplicates(actor, organisation, data)
    if check.hidden_nhs_number_match:
        with transaction.atomic():
            request_link(actor, organisation, check.hidden_patient)
        raise LinkRequested
    with transaction.atomic():
        if check and (check.nhs_number_match or not confirmed_not_duplicate):
            raise DuplicatePatient(check)
        patient = Patient(created_by_organisation=organisation, **_patient_values(data))
        try:
            with transaction.atomic():
                patient.save()
        except IntegrityError:
            # Someone added the same NHS number a moment ago.
            raise DuplicatePatient(find_duplicates(actor, organisation, data)) from None
        if data.get("address_kind"):
            Address.objects.create(patient=patient, **_address_values(data))
        PatientRelationship.objects.create(
            patient=patient, organisation=organisation, kind=PatientRelationship.Kind.CREATED
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=patient,
            patient=patient,
            changed_fields=[*PATIENT_FIELDS, *ADDRESS_FIELDS],
            detail={"confirmed_not_duplicate": bool(check)},
        )
        return patient


def _address_changes(current, new_values):
    if current is None:
        return list(ADDRESS_FIELDS) if new_values.get("kind") else []
    changed = []
    for form_name, model_name in ADDRESS_FIELDS.items():
        old = getattr(current, model_name)
        if (old or None) != (new_values.get(model_name) or None):
            changed.append(form_name)
    return changed


def update_patient(actor, organisation, patient, data, expected_version):
    """Change a patient's details. Refuses with ConflictError, writing nothing, when the
    record is no longer at `expected_version` (optimistic concurrency: the UPDATE only
    matches the version the person started from, so it is safe under races too)."""
    with transaction.atomic():
        require_change(actor, organisation, patient)
        if patient.version != expected_version:
            raise ConflictError(_fresh(patient))
        values = _patient_values(data)
        changed = [name for name in PATIENT_FIELDS if getattr(patient, name) != values[name]]
        current_address = patient.addresses.filter(is_current=True).first()
        address_values = _address_values(data)
        changed_address = _address_changes(current_address, address_values)
        if values["nhs_number"] and "nhs_number" in changed:
            check = find_duplicates(actor, organisation, data, exclude=patient)
            if check.nhs_number_match:
                raise ValidationError(
                    {"nhs_number": "Another record on Gateway already has this NHS number"}
                )
        save_or_conflict(patient, expected_version, _fresh, **values)
        if changed_address:
            if current_address is not None:
                current_address.is_current = False
                current_address.valid_to = timezone.localdate()
                current_address.save(update_fields=["is_current", "valid_to", "updated_at"])
            if address_values.get("kind"):
                Address.objects.create(
                    patient=patient, valid_from=timezone.localdate(), **address_values
                )
        audit.record(
            audit.Action.UPDATE,
            actor=actor,
            organisation=organisation,
            obj=patient,
            patient=patient,
            changed_fields=changed + changed_address,
        )
        return _fresh(patient)


def _fresh(patient):
    return (
        Patient.objects.prefetch_related("addresses__care_of_organisation")
        .select_related("created_by_organisation")
        .get(pk=patient.pk)
    )


def _remember(session, key, value):
    """Keep `value` in the session under a new random token (so it never goes in a URL)."""
    return session_tokens.remember(session, key, value)


def remember_search(request, criteria):
    """Store search criteria (which may include an NHS number) in the session and audit
    that a search happened; returns the token the results URL carries."""
    audit.record(
        audit.Action.SEARCH,
        actor=request.user,
        organisation=request.current_organisation,
        object_type="patients.Patient",
        detail={"by": sorted(k for k, v in criteria.items() if v)},
    )
    return _remember(request.session, SESSION_SEARCHES, criteria)


def recall_search(request, token):
    return request.session.get(SESSION_SEARCHES, {}).get(token)


def remember_draft(request, form_data):
    """Keep what was typed in the add-a-patient form while the person checks duplicates."""
    return _remember(request.session, SESSION_DRAFTS, form_data)


def recall_draft(request, token):
    return request.session.get(SESSION_DRAFTS, {}).get(token)


def forget_draft(request, token):
    drafts = dict(request.session.get(SESSION_DRAFTS, {}))
    if drafts.pop(token, None) is not None:
        request.session[SESSION_DRAFTS] = drafts
