"""/api/v1/sas/episodes/{public_id}/appeals: lodge an appeal from another system, through the same
form checks and service as the page."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Schema, Status

from gateway.core.permissions import require
from gateway.sas import queries, services
from gateway.sas.errors import IllegalTransition, NotAllowed
from gateway.sas.forms.appeals import AppealForm

from .schemas import Errors, In

router = Router(tags=["sas appeals"])


class AppealIn(In):
    against: str = ""
    lodged_by: str = ""
    representative_name: str = ""
    representative_relationship: str = ""
    means: str = "api"
    received_on: str = ""  # YYYY-MM-DD
    grounds: str = ""
    late_reason: str = ""


class AppealDeadlineOut(Schema):
    kind: str
    due_on: str
    describe: str


class AppealOut(Schema):
    public_id: uuid.UUID
    version: int
    status: str
    against: str
    received_on: str
    is_late: bool
    episode_state: str
    deadlines: list[AppealDeadlineOut]


def _form_data(payload):
    data = payload.dict(exclude={"received_on"})
    year, _, rest = payload.received_on.partition("-")
    month, _, day = rest.partition("-")
    data.update(received_on_year=year, received_on_month=month, received_on_day=day)
    return data


def _errors(error):
    if hasattr(error, "error_dict"):
        return {
            field: [m.message for m in problems] for field, problems in error.error_dict.items()
        }
    return {"body": list(error.messages)}


@router.post(
    "/episodes/{uuid:public_id}/appeals",
    response={201: AppealOut, 403: Errors, 404: Errors, 409: Errors, 422: Errors},
    summary="Lodge an appeal",
)
def lodge_appeal(request, public_id: uuid.UUID, payload: AppealIn):
    """Records an appeal against being placed on the scheme (`against: placement`) or against
    remaining (`remaining`). The appeal does not pause the episode. An appeal received after
    the deadline needs `late_reason`. 404 when the episode is not visible to the token's
    organisation; 403 when the organisation may not record appeals on it."""
    organisation = request.current_organisation
    require(request.user, "patients.view_patient", organisation)
    episode = queries.get_visible_episode(request.user, organisation, public_id)
    form = AppealForm(_form_data(payload))
    if not form.is_valid():
        errors = {k: list(v) for k, v in form.errors.items()}
        return Status(422, {"detail": "Check the details sent", "errors": errors})
    try:
        appeal = services.lodge_appeal(request.user, organisation, episode, form.cleaned_data)
    except NotAllowed:
        raise PermissionDenied from None
    except IllegalTransition as refused:
        return Status(409, {"detail": refused.message})
    except ValidationError as error:
        return Status(422, {"detail": "Check the details sent", "errors": _errors(error)})
    return Status(
        201,
        {
            "public_id": appeal.public_id,
            "version": appeal.version,
            "status": appeal.status,
            "against": appeal.against,
            "received_on": appeal.received_on.isoformat(),
            "is_late": appeal.is_late,
            "episode_state": episode.state,
            "deadlines": [
                {"kind": d.kind, "due_on": d.due_on.isoformat(), "describe": d.describe()}
                for d in services.appeal_deadlines(appeal)
            ],
        },
    )
