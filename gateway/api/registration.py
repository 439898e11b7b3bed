"""/api/v1/registration: submit a GP registration referral from a referrer's system, and a
practice's answer. The same forms check the input and the same services
decide as on the pages (consent first, nothing sent without it; reasonable grounds)."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema, Status

from gateway.accounts.models import Organisation
from gateway.audit import services as audit
from gateway.core.permissions import require
from gateway.patients.queries import get_visible_patient
from gateway.patients.services import DuplicatePatient
from gateway.registration import queries, services
from gateway.registration.forms import AcceptForm, PersonForm, ReferralForm, RefuseForm

from .paging import PageIn, PageOut, page
from .schemas import Errors, In

router = Router(tags=["gp registration"])


class PersonIn(In):
    title: str = ""
    given_name: str = ""
    family_name: str = ""
    date_of_birth: str = ""  # YYYY-MM-DD, or leave empty and give birth_year
    birth_year: int | None = None
    sex: str = "not_known"
    nhs_number: str = ""


class ReferralIn(In):
    patient: uuid.UUID | None = None  # someone already on Gateway, or `person` for someone new
    person: PersonIn | None = None
    consent_given: bool = False
    consent_method: str = ""
    address_basis: str = ""
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    postcode: str = ""
    identity_confirmed: bool = False
    identity_method: str = ""
    identity_note: str = ""
    adjustments: str = ""
    is_prison_leaver: bool = False
    release_date: str = ""
    releasing_establishment: str = ""
    medication_on_release: str = ""
    medication_days: int | None = None
    opioid_substitution: bool = False
    opioid_substitution_days: int | None = None
    practice: uuid.UUID | None = None  # when given, the referral is sent to it


class AnswerIn(In):
    version: int
    answer: str  # "accept" or "refuse"
    registered_on: str = ""
    nhs_number: str = ""
    reason: str = ""  # a refusal reason code
    detail: str = ""


class ReferralOut(Schema):
    public_id: uuid.UUID
    version: int
    status: str
    practice: uuid.UUID | None
    practice_choice_note: str
    chase_on: str | None
    flagged_to_commissioner: bool


class ReferralSummary(ReferralOut):
    patient: uuid.UUID
    referred_on: datetime.date


class ReferralPage(PageOut):
    items: list[ReferralSummary]


def _date_parts(name, value):
    year, _, rest = (value or "").partition("-")
    month, _, day = rest.partition("-")
    return {f"{name}_year": year, f"{name}_month": month, f"{name}_day": day}


def _form_errors(*forms):
    errors = {}
    for form in forms:
        for field, problems in form.errors.items():
            errors.setdefault(field, []).extend(problems)
    return Status(422, {"detail": "Check the details sent", "errors": errors})


def _errors(error):
    if hasattr(error, "error_dict"):
        return {
            field: [m.message for m in problems] for field, problems in error.error_dict.items()
        }
    return {"body": list(error.messages)}


def _out(referral):
    return {
        "public_id": referral.public_id,
        "version": referral.version,
        "status": referral.status,
        "practice": referral.practice.public_id if referral.practice_id else None,
        "practice_choice_note": referral.practice_choice_note,
        "chase_on": referral.chase_on.isoformat() if referral.chase_on else None,
        "flagged_to_commissioner": referral.flagged_to_commissioner,
    }


def _checkbox(value):
    return "yes" if value else "no"


@router.get(
    "/referrals",
    response={200: ReferralPage, 403: Errors},
    summary="GP registration referrals, a page at a time",
)
def list_registration_referrals(request, paging: Query[PageIn]):
    """The referrals the token's organisation may see, newest first: ones it made, ones sent to
    it (a practice's system finds what to answer here) and, for a commissioner, its
    practices'. `limit` above the maximum page size is lowered to it; `next_offset` gives the
    next page. Each call is audited with the referrals it returned."""
    organisation = request.current_organisation
    require(request.user, "registration.view_referral", organisation)
    items, counts = page(queries.referral_list(request.user, organisation), paging)
    audit.record(
        audit.Action.VIEW,
        actor=request.user,
        organisation=organisation,
        object_type="registration.RegistrationReferral",
        object_id="api list",
        detail={**counts, "referrals": [str(r.public_id) for r in items]},
    )
    return Status(
        200,
        {
            **counts,
            "items": [
                {**_out(r), "patient": r.patient.public_id, "referred_on": r.referred_on}
                for r in items
            ],
        },
    )


@router.post(
    "/referrals",
    response={201: ReferralOut, 403: Errors, 404: Errors, 409: Errors, 422: Errors},
    summary="Submit a GP registration referral",
)
def submit_registration_referral(request, payload: ReferralIn):
    """Record the person's consent and the referral (`consent_given` must be true: nothing is
    sent without consent). Give `patient` for someone on Gateway or `person` for someone new
    (an estimated `birth_year` is enough; the NHS number is optional). With `practice`, the
    referral is sent to it, if it is one the person may be referred to. 403 for tokens of
    organisations that do not refer; 404 when `patient` is not visible."""
    organisation = request.current_organisation
    require(request.user, "registration.refer", organisation)
    data = payload.dict(exclude={"person", "patient", "practice", "release_date"})
    for name in ("consent_given", "identity_confirmed", "is_prison_leaver", "opioid_substitution"):
        data[name] = _checkbox(data[name])
    data.update(_date_parts("release_date", payload.release_date))
    form = ReferralForm(data)
    person_form = None
    if payload.patient is None:
        person = (payload.person or PersonIn()).dict(exclude={"date_of_birth"})
        person.update(_date_parts("date_of_birth", (payload.person or PersonIn()).date_of_birth))
        person_form = PersonForm(
            {f"person-{k}": v for k, v in person.items() if v is not None}, prefix="person"
        )
    if not form.is_valid() or (person_form is not None and not person_form.is_valid()):
        return _form_errors(form, *([person_form] if person_form else []))
    try:
        if person_form is not None:
            referral = services.refer_new_person(
                request.user, organisation, person_form.person_data(), form.cleaned_data
            )
        else:
            patient = get_visible_patient(request.user, organisation, payload.patient)
            referral = services.refer(request.user, organisation, patient, form.cleaned_data)
        if payload.practice is not None:
            practice = Organisation.objects.filter(
                public_id=payload.practice, kind=Organisation.Kind.GP_PRACTICE
            ).first()
            services.choose_practice(
                request.user, organisation, referral, practice, referral.version
            )
            services.send(request.user, organisation, referral, referral.version)
    except DuplicatePatient:
        return Status(
            409, {"detail": "This person may already be on Gateway: send their `patient` id"}
        )
    except ValidationError as error:
        return Status(422, {"detail": "Check the details sent", "errors": _errors(error)})
    return Status(201, _out(referral))


@router.post(
    "/referrals/{uuid:public_id}/answer",
    response={200: ReferralOut, 403: Errors, 404: Errors, 422: Errors},
    summary="Answer a GP registration referral",
)
def answer_registration_referral(request, public_id: uuid.UUID, payload: AnswerIn):
    """The practice's answer: `accept` with `registered_on` (and `nhs_number` if known), or
    `refuse` with a `reason` code from the reasonable-grounds registry and `detail`. A refusal
    for no ID or no proof of address is flagged to the commissioner. 404 when the referral is
    not visible to the token's organisation; 403 when it was not sent to it."""
    organisation = request.current_organisation
    referral = queries.get_visible_referral(request.user, organisation, public_id)
    if payload.answer == "accept":
        form = AcceptForm(
            {
                **_date_parts("registered_on", payload.registered_on),
                "nhs_number": payload.nhs_number,
                "version": payload.version,
            }
        )
    elif payload.answer == "refuse":
        form = RefuseForm(
            {"reason": payload.reason, "detail": payload.detail, "version": payload.version}
        )
    else:
        return Status(
            422,
            {
                "detail": "Check the details sent",
                "errors": {"answer": ["Send accept or refuse"]},
            },
        )
    if not form.is_valid():
        return _form_errors(form)
    data = form.cleaned_data
    try:
        if payload.answer == "accept":
            services.accept(
                request.user,
                organisation,
                referral,
                registered_on=data["registered_on"],
                nhs_number=data["nhs_number"],
                expected_version=data["version"],
            )
        else:
            services.refuse(
                request.user,
                organisation,
                referral,
                reason=data["reason"],
                detail=data["detail"],
                expected_version=data["version"],
            )
    except ValidationError as error:
        return Status(422, {"detail": "Check the details sent", "errors": _errors(error)})
    return Status(200, _out(referral))
