"""A person's record made in error (gateway.patients.services.made_in_error, docs/adr/0041):
their open SAS episodes are marked as entered in error on Gateway's own account, which
cancels the episodes' open deadlines (system_transition), closes open appeals and ends the
"attend SAS practice only" flag, as the episode's own "entered in error" change does."""

from gateway.patients.services.made_in_error import when_made_in_error

from ..models import Episode
from ..states import OPEN_STATES
from . import changes
from .episodes import system_transition

BECAUSE = "The person's record was made in error"


@when_made_in_error
def end_episodes(actor, organisation, patient, reason):
    count = 0
    for episode in Episode.objects.filter(patient=patient, state__in=OPEN_STATES):
        system_transition(episode, "mark_entered_in_error", f"{BECAUSE}: {reason}")
        changes.close_open_appeals(actor, organisation, episode, f"Episode ended: {BECAUSE}")
        changes.end_attend_sas_flag(actor, episode)
        count += 1
    return count
