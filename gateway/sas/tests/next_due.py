"""The stored next deadline of every episode, against the one worked out from its deadlines."""

from django.db.models import F

from gateway.sas.models import Deadline, Episode
from gateway.sas.models.episode import OPEN_DEADLINE


def episodes_whose_next_due_is_wrong():
    """[(episode id, stored, computed)] for every episode whose stored next deadline is not
    its soonest open deadline's date and label."""
    soonest = {}
    for deadline in Deadline.objects.filter(OPEN_DEADLINE).order_by("due_on", "id"):
        soonest.setdefault(deadline.episode_id, (deadline.due_on, deadline.label))
    wrong = []
    for episode in Episode.objects.only("pk", "next_due_on", "next_due_label"):
        stored = (episode.next_due_on, episode.next_due_label)
        computed = soonest.get(episode.pk, (None, ""))
        if stored != computed:
            wrong.append((episode.pk, stored, computed))
    return wrong


def deadlines_whose_commissioner_is_wrong():
    """[(deadline id, stored, episode's)] for every deadline whose copied commissioner is not
    its episode's (the worklist reads the copy: docs/adr/0043)."""
    return list(
        Deadline.objects.exclude(commissioner_id=F("episode__commissioner_id")).values_list(
            "pk", "commissioner_id", "episode__commissioner_id"
        )
    )
