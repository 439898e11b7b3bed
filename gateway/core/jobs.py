"""Long work done in the background with a progress bar people can watch: importing a large
file, putting together a person's own record. Each kind of work keeps its own table (so it sits
in the app and scope it belongs to) and inherits ``BackgroundWork``; this module claims it, runs
it and records how far it has gone. The page that started it reads the row, so it survives a
reload, and ``progress_json`` feeds the bar while the page is open (gateway.js).

One worker runs a piece of work once: ``run`` claims it with a conditional UPDATE, so a second
worker (or the same task delivered twice) finds nothing to do. A run writes (progress, done,
failed) only while the row is still its claim: running, started at the time it claimed it. Work
put back in the queue while a run is under way (a caseload import whose columns were chosen
again) is a new run's; the old run's writes then match nothing, so it cannot show its progress
or "done" over the new one (ADR 0046, hazard H72)."""

from django.db import models, transaction
from django.http import JsonResponse
from django.utils import timezone

# Writing progress on every row would double the work of a large import; every this many is
# smooth enough for a bar and cheap enough for 100,000 rows.
REPORT_EVERY = 500


class BackgroundWork(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        DONE = "done", "Finished"
        FAILED = "failed", "Stopped with a problem"

    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    done_count = models.PositiveIntegerField(default=0)
    total_count = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What went wrong, in plain words for the person who started it (never a traceback).
    failure = models.TextField(blank=True)

    # What the bar counts, e.g. "rows" or "records"; subclasses override.
    counting = "items"

    class Meta:
        abstract = True

    @property
    def finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self):
        if self.state == self.State.DONE:
            return 100
        if not self.total_count:
            return 0
        return min(100, int(self.done_count * 100 / self.total_count))

    @property
    def progress_label(self):
        if self.state == self.State.QUEUED:
            return "Waiting to start"
        if self.state == self.State.FAILED:
            return f"Stopped: {self.failure}" if self.failure else "Stopped with a problem"
        if self.state == self.State.DONE:
            return "Finished"
        if not self.total_count:
            return "Starting"
        return f"{self.done_count:,} of {self.total_count:,} {self.counting} ({self.percent}%)"


class Progress:
    """Handed to the work: ``progress.total(n)`` once it knows how much there is, then
    ``progress.step()`` per item (or ``progress.step(k)``). Writes at most every
    REPORT_EVERY items. Others see a write only once it commits, so work that wants a moving
    bar keeps each batch in its own transaction (and is safe to run again after a failure)
    rather than holding one transaction open for the whole file.

    Every write matches this run's claim (``started_at``, state running); ``overtaken`` turns
    True once one matched nothing: the work was queued again (or claimed by a newer run) and
    this run's progress and outcome are no longer what the page shows."""

    def __init__(self, work, started_at):
        self.work = work
        self.started_at = started_at
        self.done = 0
        self._reported = 0
        self.overtaken = False

    def _ours(self):
        return type(self.work)._base_manager.filter(
            pk=self.work.pk, state=BackgroundWork.State.RUNNING, started_at=self.started_at
        )

    def _write(self, **values):
        if self.overtaken or not self._ours().update(**values):
            self.overtaken = True
            return False
        for name, value in values.items():
            setattr(self.work, name, value)
        return True

    def total(self, count):
        self._write(total_count=count)

    def step(self, count=1):
        self.done += count
        if self.done - self._reported >= REPORT_EVERY:
            self._reported = self.done
            self._write(done_count=self.done)


class WorkFailed(Exception):
    """Raised by work that cannot finish; its message is shown to the person, so it must be
    plain words with no personal data."""


def claim(model, pk):
    """Claim the queued row ``pk`` of ``model`` for one run: its Progress, or None when it was
    not waiting (already claimed, finished or gone). The claim is the row running with this
    ``started_at``; a new claim needs the row queued again, which a later ``timezone.now()``
    marks as another run's."""
    now = timezone.now()
    claimed = model._base_manager.filter(pk=pk, state=BackgroundWork.State.QUEUED).update(
        state=BackgroundWork.State.RUNNING, started_at=now
    )
    if not claimed:
        return None
    return Progress(model._base_manager.get(pk=pk), now)


def run(model, pk, body):
    """Claim the queued row ``pk`` of ``model`` and run ``body(work, progress)``. Returns the
    work, or None when it was not waiting (already claimed, finished or gone). A WorkFailed
    is recorded as the failure; any other error is recorded as a general failure and raised
    again so the task runner logs it. A run overtaken while it worked (see Progress) finishes
    nothing: the newer run says how the work ended."""
    progress = claim(model, pk)
    if progress is None:
        return None
    return run_claimed(progress, body)


def run_claimed(progress, body):
    """Run ``body`` for a claim from ``claim`` and record how it ended on the claim only."""
    work = progress.work
    try:
        body(work, progress)
    except WorkFailed as problem:
        _finish(work, BackgroundWork.State.FAILED, progress, failure=str(problem))
        return work
    except Exception:
        _finish(
            work,
            BackgroundWork.State.FAILED,
            progress,
            failure="Something went wrong on our side. Try again, or ask the service desk.",
        )
        raise
    _finish(work, BackgroundWork.State.DONE, progress)
    return work


def _finish(work, state, progress, failure=""):
    values = {"state": state, "finished_at": timezone.now(), "done_count": progress.done}
    if failure:
        values["failure"] = failure
    with transaction.atomic():
        # Matches only this run's claim: an overtaken run leaves the newer one running.
        progress._write(**values)


def progress_json(work, *, finished_url):
    """What the progress bar on an open page asks for every few seconds."""
    return JsonResponse(
        {
            "state": work.state,
            "percent": work.percent,
            "label": work.progress_label,
            "finished": work.finished,
            "finished_url": finished_url,
        },
        headers={"Cache-Control": "no-store"},
    )
