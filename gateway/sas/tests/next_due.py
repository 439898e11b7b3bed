"""The stored next deadline of every episode, and the stored caseload date of every person,
against the ones worked out from their deadlines."""

import pytest
from django.utils import timezone

from gateway.patients.models import Patient
from gateway.sas.models import Deadline, Episode, caseload_key
from gateway.sas.models.deadline import OPEN_DEADLINE
from gateway.sas.states import OPEN_STATES


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


def people_whose_caseload_date_is_wrong(today=None):
    """[(person id, stored, computed)] for everyone whose stored caseload date (what "Your
    clients" sorts by, docs/adr/0043) is not the one worked out here, in Python, from their
    open episodes' open deadlines. A stored last day to appeal that has passed since the row
    was written is allowed (the daily job moves it on): the list then sorts by coming_up_on,
    so that is what must be right."""
    today = today or timezone.localdate()
    coming, windows = {}, {}
    for deadline in Deadline.objects.filter(
        OPEN_DEADLINE, episode__state__in=sorted(OPEN_STATES)
    ).values("episode__patient_id", "kind", "due_on"):
        person, due_on = deadline["episode__patient_id"], deadline["due_on"]
        if deadline["kind"] in caseload_key.COMING_UP_KINDS:
            coming[person] = min(due_on, coming.get(person, due_on))
        elif deadline["kind"] in caseload_key.APPEAL_WINDOWS and due_on >= today:
            windows[person] = min(due_on, windows.get(person, due_on))
    wrong = []
    for person in Patient.objects.values(
        "pk", "coming_up_on", "appeal_window_ends_on", "caseload_due_on"
    ):
        pk, window = person["pk"], person["appeal_window_ends_on"]
        passed = window is not None and window < today
        sorted_by = person["coming_up_on"] if passed else person["caseload_due_on"]
        dates = [d for d in (coming.get(pk), windows.get(pk)) if d is not None]
        computed = (coming.get(pk), windows.get(pk), min(dates, default=None))
        stored = (person["coming_up_on"], None if passed else window, sorted_by)
        if stored != computed:
            wrong.append((pk, stored, computed))
    return wrong


@pytest.fixture(autouse=True)
def caseload_dates_match_the_deadlines(request):
    """Property over every service the tests drive (docs/adr/0043-lists-that-stay-fast.md):
    whatever a test did to deadlines and episodes, each person's stored caseload date equals
    the one worked out afresh. Used by the SAS, patients and support tests' conftest."""
    yield
    if request.node.get_closest_marker("django_db") is None and "db" not in request.fixturenames:
        return
    try:
        wrong = people_whose_caseload_date_is_wrong()
    except RuntimeError:  # the test's database is already gone (a failed transaction test)
        return
    assert wrong == [], f"People whose stored caseload date is out of date: {wrong}"


COPIED_FROM_THE_EPISODE = ("commissioner_id", "sas_practice_id", "removing_practice_id")


def deadlines_whose_copy_is_wrong():
    """[(deadline id, stored, episode's)] for every deadline whose copy of its episode's
    commissioner, SAS practice or removing practice (what the worklists read: docs/adr/0043,
    section 4a) is not the episode's as it is now. Compared here in Python, so an empty
    practice on one side and a set one on the other is a difference too."""
    fields = COPIED_FROM_THE_EPISODE
    wrong = []
    for row in Deadline.objects.values_list(
        "pk", *fields, *(f"episode__{f}" for f in fields)
    ).order_by("pk"):
        stored, episodes = row[1 : 1 + len(fields)], row[1 + len(fields) :]
        if stored != episodes:
            wrong.append((row[0], stored, episodes))
    return wrong
