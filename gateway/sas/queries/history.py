"""The person's SAS episodes as rows of one history across apps (gateway.patients.queries.history:
the record page of a person whose duplicate record is linked into theirs)."""

from gateway.patients.queries.history import HistoryItem, history_source

from ..models import Episode

READ = "patients.view_patient"


@history_source
def episodes(user, organisation, patient_ids, limit):
    """One query. The caller passes only people the organisation may see."""
    if not user.has_perm(READ, organisation):
        return []
    rows = (
        Episode.objects.filter(patient_id__in=patient_ids)
        .select_related("commissioner")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        HistoryItem(
            on=episode.created_at.date(),
            kind="SAS episode",
            text=f"{episode.get_state_display()} ({episode.commissioner.name})",
            patient_id=episode.patient_id,
        )
        for episode in rows
    ]
