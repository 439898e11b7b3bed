"""The date each appeal's panel must decide by, as stored on the row (what the panel's queue
sorts by, ADR 0062), against the date worked out the way the queue did before it was kept:
the panel date, otherwise the due date of the latest appeal_panel deadline not cancelled.
And each appeal's copies of its episode's commissioner and person (the queue's index)."""

import pytest
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

from gateway.sas.models import Appeal, Deadline


def worked_out_the_old_way():
    """{appeal id: date} by the panel queue's read-time expression before ADR 0062 (kept
    here as it was, not imported from the code under test)."""
    panel_due = Deadline.objects.filter(
        appeal=OuterRef("pk"), kind="appeal_panel", cancelled_at__isnull=True
    ).order_by("-id")
    rows = Appeal.objects.annotate(
        panel_due_on=Subquery(panel_due.values("due_on")[:1]),
        worked_out=Coalesce("panel_on", "panel_due_on"),
    )
    return dict(rows.values_list("pk", "worked_out"))


def appeals_whose_decide_by_is_wrong():
    """[(appeal id, stored, worked out)] for every appeal whose stored decide_by is not the
    date worked out the old way."""
    worked_out = worked_out_the_old_way()
    stored = dict(Appeal.objects.values_list("pk", "decide_by"))
    return [
        (pk, stored[pk], worked_out[pk]) for pk in sorted(stored) if stored[pk] != worked_out[pk]
    ]


def appeals_whose_copy_is_wrong():
    """[(appeal id, stored, episode's)] for every appeal whose copy of its episode's
    commissioner and person (commissioner id, person id) is not the episode's."""
    fields = ("commissioner_id", "patient_id")
    rows = Appeal.objects.values_list("pk", *fields, *(f"episode__{f}" for f in fields)).order_by(
        "pk"
    )
    return [(r[0], r[1:3], r[3:]) for r in rows if r[1:3] != r[3:]]


@pytest.fixture(autouse=True)
def appeals_match_their_decide_by(request):
    """Property over every service the tests drive (ADR 0062, hazard H75): whatever a test
    did to appeals and deadlines, each appeal's stored decide_by equals the date worked out
    afresh the old way, and its commissioner and person are its episode's. Used by the SAS and the
    patient's own page's tests (which lodge appeals)."""
    yield
    if request.node.get_closest_marker("django_db") is None and "db" not in request.fixturenames:
        return
    try:
        wrong = appeals_whose_decide_by_is_wrong()
        copied_wrong = appeals_whose_copy_is_wrong()
    except RuntimeError:  # the test's database is already gone (a failed transaction test)
        return
    assert wrong == [], f"Appeals whose stored date to decide by is out of date: {wrong}"
    assert copied_wrong == [], f"Appeals whose copy of their episode is wrong: {copied_wrong}"
