"""Background work (gateway/core/jobs.py): claimed once, progress people can see, failures in
plain words."""

import json

import pytest
from django.db import connection
from django.test.utils import isolate_apps

from gateway.core import jobs


@pytest.fixture
def work_model(transactional_db):
    with isolate_apps("gateway.core"):

        class Work(jobs.BackgroundWork):
            counting = "rows"

            class Meta:
                app_label = "core"

        with connection.schema_editor() as editor:
            editor.create_model(Work)
        yield Work
        with connection.schema_editor() as editor:
            editor.delete_model(Work)


def test_work_is_run_once_even_if_the_task_is_delivered_twice(work_model):
    work = work_model.objects.create()
    runs = []

    assert jobs.run(work_model, work.pk, lambda w, p: runs.append(w.pk)) is not None
    assert jobs.run(work_model, work.pk, lambda w, p: runs.append(w.pk)) is None

    assert runs == [work.pk]
    work.refresh_from_db()
    assert work.state == jobs.BackgroundWork.State.DONE
    assert work.started_at and work.finished_at


def test_progress_is_written_as_the_work_goes_so_the_page_can_show_it(work_model):
    work = work_model.objects.create()
    seen = []

    def body(w, progress):
        progress.total(1200)
        for _ in range(1200):
            progress.step()
            if progress.done in (499, 500, 1000):
                seen.append(work_model.objects.values_list("done_count", flat=True).get())

    jobs.run(work_model, work.pk, body)

    # Written every REPORT_EVERY rows, not on every row.
    assert seen == [0, 500, 1000]
    work.refresh_from_db()
    assert (work.done_count, work.total_count, work.percent) == (1200, 1200, 100)
    assert work.progress_label == "Finished"


def test_the_label_says_how_far_the_work_has_got_in_plain_words(work_model):
    work = work_model(state=jobs.BackgroundWork.State.RUNNING, done_count=2500, total_count=10000)
    assert work.progress_label == "2,500 of 10,000 rows (25%)"
    assert work_model().progress_label == "Waiting to start"


def test_work_that_cannot_finish_says_why_and_an_unexpected_error_is_not_shown(work_model):
    planned = work_model.objects.create()

    def refuse(w, progress):
        raise jobs.WorkFailed("The file has no rows.")

    jobs.run(work_model, planned.pk, refuse)
    planned.refresh_from_db()
    assert planned.state == jobs.BackgroundWork.State.FAILED
    assert planned.progress_label == "Stopped: The file has no rows."

    crashed = work_model.objects.create()

    def crash(w, progress):
        raise KeyError("secret detail")

    with pytest.raises(KeyError):
        jobs.run(work_model, crashed.pk, crash)
    crashed.refresh_from_db()
    assert crashed.state == jobs.BackgroundWork.State.FAILED
    assert "secret" not in crashed.failure
    assert "Something went wrong on our side" in crashed.failure


def test_the_status_the_bar_asks_for(work_model):
    work = work_model(state=jobs.BackgroundWork.State.RUNNING, done_count=1, total_count=4)
    response = jobs.progress_json(work, finished_url="/done/")
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content) == {
        "state": "running",
        "percent": 25,
        "label": "1 of 4 rows (25%)",
        "finished": False,
        "finished_url": "/done/",
    }


def test_a_run_overtaken_by_a_newer_one_neither_finishes_nor_moves_the_newer_ones_bar(work_model):
    """ADR 0046, hazard H72: the work was put back in the queue while a run was under way (a
    caseload import's columns chosen again) and a newer run claimed it. The old run's
    progress and its "done" match nothing, so the page shows the newer run until the newer
    run itself finishes; the practice import and the subject access export run the same way."""
    Queued, Running, Done = ("queued", "running", "done")
    work = work_model.objects.create()
    stale = jobs.claim(work_model, work.pk)
    work_model.objects.filter(pk=work.pk).update(state=Queued, done_count=0, total_count=0)
    newer = jobs.claim(work_model, work.pk)
    assert newer is not None and newer.started_at > stale.started_at

    def stale_body(w, progress):
        progress.total(700)
        progress.step(600)

    assert jobs.run_claimed(stale, stale_body) is not None
    assert stale.overtaken
    row = work_model.objects.get()
    assert (row.state, row.started_at, row.finished_at) == (Running, newer.started_at, None)
    assert (row.total_count, row.done_count, row.progress_label) == (0, 0, "Starting")

    def newer_body(w, progress):
        progress.total(3)
        progress.step(3)

    jobs.run_claimed(newer, newer_body)
    assert not newer.overtaken
    row.refresh_from_db()
    assert (row.state, row.total_count, row.done_count) == (Done, 3, 3)


def test_a_run_overtaken_by_a_newer_one_does_not_record_its_failure_either(work_model):
    work = work_model.objects.create()
    stale = jobs.claim(work_model, work.pk)
    work_model.objects.filter(pk=work.pk).update(state=jobs.BackgroundWork.State.QUEUED)
    newer = jobs.claim(work_model, work.pk)

    def refuse(w, progress):
        raise jobs.WorkFailed("The file has no rows.")

    jobs.run_claimed(stale, refuse)
    row = work_model.objects.get()
    assert (row.state, row.failure) == ("running", "")
    jobs.run_claimed(newer, lambda w, p: None)
    row.refresh_from_db()
    assert (row.state, row.failure) == ("done", "")
