"""What happened to SAS episodes in a period, counted from their status history: the
aggregates the dashboard (queries/sas.py, sas_summary.py) and the national view (sas_areas.py)
share, so one area and every area count alike."""

from django.db.models import Count, Q

from gateway.sas.states import State


def change_counts():
    to = {
        "decided_to_discharge": State.DISCHARGE_PLANNED,
        "discharged": State.DISCHARGED,
        "went_into_custody": State.ON_HOLD_CUSTODY,
        "transferred_out": State.TRANSFERRED_OUT,
        "overturned": State.OVERTURNED,
        "deaths": State.ENDED_DEATH,
        "registered_by_mistake": State.ENDED_REGISTERED_BY_MISTAKE,
    }
    return {
        **{
            name: Count("episode", distinct=True, filter=Q(to_state=state))
            for name, state in to.items()
        },
        "released": Count("episode", distinct=True, filter=Q(transition="release_from_custody")),
    }


CHANGE_COUNTS = change_counts()
