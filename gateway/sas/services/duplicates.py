"""Two records of the same person may not be linked while each has an open SAS episode
(gateway.patients.services.links, docs/adr/0040): someone must first decide which episode is
the real one (the other is marked as entered in error)."""

from gateway.patients.services.links import link_check

from ..models import Episode
from ..states import OPEN_STATES


@link_check
def one_open_episode(kept, duplicate):
    with_open = set(
        Episode.objects.filter(patient__in=[kept, duplicate], state__in=OPEN_STATES)
        .values_list("patient_id", flat=True)
        .distinct()
    )
    if {kept.pk, duplicate.pk} <= with_open:
        return ["Each record has an open SAS episode. Decide which is right first."]
    return []
