"""/api/v1/sas/episodes: an episode's state and open deadlines, through the same scoped
queries as the pages, so a system sees exactly the episodes its organisation's staff can."""

import datetime
import uuid

from django.utils import timezone
from ninja import Router, Schema, Status

from gateway.audit import services as audit
from gateway.core.permissions import require
from gateway.sas import queries
from gateway.sas.states import STATE_LABELS

from .schemas import Errors

router = Router(tags=["SAS episodes"])


class PracticeOut(Schema):
    public_id: uuid.UUID
    name: str


class EpisodeDeadlineOut(Schema):
    kind: str
    label: str
    starts_on: datetime.date
    due_on: datetime.date
    due_at: datetime.datetime | None
    overdue: bool
    rule: str
    explanation: str
    description: str
    policy_version: int


class EpisodeOut(Schema):
    public_id: uuid.UUID
    version: int
    state: str
    state_label: str
    state_description: str
    state_changed_at: datetime.datetime | None
    commissioner: PracticeOut
    sas_practice: PracticeOut | None
    removing_practice: PracticeOut | None
    patient_public_id: uuid.UUID
    deadlines: list[EpisodeDeadlineOut]


def _organisation(org):
    return {"public_id": org.public_id, "name": org.name} if org is not None else None


def episode_out(episode, deadlines, today):
    return {
        "public_id": episode.public_id,
        "version": episode.version,
        "state": episode.state,
        "state_label": episode.get_state_display(),
        "state_description": f"The episode is {STATE_LABELS[episode.state]}.",
        "state_changed_at": episode.state_changed_at,
        "commissioner": _organisation(episode.commissioner),
        "sas_practice": _organisation(episode.sas_practice),
        "removing_practice": _organisation(episode.removing_practice),
        "patient_public_id": episode.patient.public_id,
        "deadlines": [
            {
                "kind": d.kind,
                "label": d.label,
                "starts_on": d.starts_on,
                "due_on": d.due_on,
                "due_at": d.due_at,
                "overdue": d.due_on < today,
                "rule": d.rule,
                "explanation": d.explanation,
                "description": d.describe(),
                "policy_version": d.policy.version,
            }
            for d in deadlines
        ],
    }


@router.get(
    "/{uuid:public_id}",
    response={200: EpisodeOut, 403: Errors, 404: Errors},
    summary="An SAS episode's state and open deadlines",
)
def get_episode(request, public_id: uuid.UUID):
    """The episode's state and every open deadline with the rule that set it and the scheme
    policy version it came from. 404 when the token's organisation cannot see the patient
    (a hidden episode looks exactly like a missing one). Every read is audited."""
    require(request.user, "patients.view_patient", request.current_organisation)
    episode = queries.get_visible_episode(request.user, request.current_organisation, public_id)
    audit.record_view(request, episode.patient, what="api SAS episode")
    deadlines = queries.episode_deadlines(episode)
    return Status(200, episode_out(episode, deadlines, timezone.localdate()))
