"""EpisodeOfCare (UK Core): a person's time on, or on the way to, the Special Allocation
Scheme: one SAS episode (docs/sas-states.md; the table is in docs/fhir.md#episodeofcare).

`status` from the episode's state (``STATUS``):

- `planned`: reported, screening, more information requested, waiting for approval (the
  commissioner is deciding whether the person goes on the scheme);
- `active`: allocated, under review, remaining after review, discharge planned (on the
  scheme: the person must attend the SAS practice only);
- `onhold`: in custody (the scheme's clock waits: ADR 0019);
- `finished`: discharged, transferred out, overturned on appeal, ended by death or as
  registered by mistake (the person was on the scheme, and is not now);
- `cancelled`: declined (the person never went on the scheme);
- `entered-in-error`.

`statusHistory` holds each earlier status with its period; `period` runs from the first
recorded change to the last one when closed. The commissioner, who runs the scheme and
decides, is `managingOrganization`. The SAS practice, which gives the person their GP care,
is the member of a contained CareTeam in `team`: R4's `careManager` can only be a
Practitioner, so a practice cannot go there. `type` says "Special Allocation Scheme" and the
state in words."""

from fhir.resources.R4B.episodeofcare import EpisodeOfCare

from gateway.sas.states import STATE_CHOICES

from .common import Valid, concept, meta, organisation_reference, patient_reference, period
from .common import without_empty as clean

STATUS = {
    "reported": "planned",
    "screening": "planned",
    "more_information_requested": "planned",
    "awaiting_approval": "planned",
    "allocated": "active",
    "under_review": "active",
    "remaining": "active",
    "discharge_planned": "active",
    "on_hold_custody": "onhold",
    "discharged": "finished",
    "transferred_out": "finished",
    "overturned": "finished",
    "ended_death": "finished",
    "ended_registered_by_mistake": "finished",
    "declined": "cancelled",
    "entered_in_error": "entered-in-error",
}
CLOSED = frozenset({"finished", "cancelled", "entered-in-error"})
STATE_NAMES = dict(STATE_CHOICES)
CARE_TEAM_ID = "sas-practice"


def status_history(rows):
    """[(FHIR status, start, end)] from the episode's history rows (oldest first), same
    statuses in a row joined, the last (current) one left out as FHIR asks."""
    spans = []
    for row, following in zip(rows, [*rows[1:], None], strict=True):
        status = STATUS[row.to_state]
        end = following.at if following is not None else None
        if spans and spans[-1][0] == status:
            spans[-1] = (status, spans[-1][1], end)
        else:
            spans.append((status, row.at, end))
    return spans[:-1]


def care_team(episode):
    practice = episode.sas_practice
    return {
        "resourceType": "CareTeam",
        "id": CARE_TEAM_ID,
        "status": "active" if STATUS[episode.state] in ("active", "onhold") else "inactive",
        "name": "SAS practice",
        "subject": patient_reference(episode.patient),
        "participant": [
            {
                "role": [concept("SAS practice: gives the person their GP care")],
                "member": organisation_reference(practice),
            }
        ],
    }


def episode_resource(episode):
    """Needs ``patient``, ``commissioner`` and ``sas_practice`` joined and ``history``
    prefetched."""
    status = STATUS[episode.state]
    history = sorted(episode.history.all(), key=lambda row: (row.at, row.pk))
    started = history[0].at if history else episode.created_at
    ended = None
    if status in CLOSED:
        ended = history[-1].at if history else episode.state_changed_at
    data = clean(
        {
            "resourceType": "EpisodeOfCare",
            "id": str(episode.public_id),
            "meta": meta("EpisodeOfCare"),
            "contained": [care_team(episode)] if episode.sas_practice_id else None,
            "status": status,
            "statusHistory": [
                {"status": s, "period": period(start, end)}
                for s, start, end in status_history(history)
            ],
            "type": [concept(f"Special Allocation Scheme: {STATE_NAMES[episode.state].lower()}")],
            "patient": patient_reference(episode.patient),
            "managingOrganization": organisation_reference(episode.commissioner),
            "period": period(started, ended),
            "team": [{"reference": f"#{CARE_TEAM_ID}", "display": "SAS practice"}]
            if episode.sas_practice_id
            else None,
        }
    )
    return Valid(EpisodeOfCare, data)
