"""Importing NHS practice data: read the file, work out what it would change, and (once
someone confirms) apply it in batches, each batch in its own transaction with its audit rows.
Nothing is written before the confirmation; the preview and the result are both the plan of
rules.plan, and applying refuses if the practices moved since the preview
(docs/adr/0030-practice-data-import.md)."""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from gateway.accounts.services import practices as practice_writes
from gateway.audit import services as audit
from gateway.core import jobs
from gateway.core.jobs import BackgroundWork, WorkFailed
from gateway.imports.closures import services as closures
from gateway.imports.tables import MAX_BYTES, Unreadable, read_table

from . import presenters, queries, rules
from .models import PracticeImport, PracticeImportLine

# Rows written per transaction when applying, and preview lines per insert.
BATCH = 500
LINE_BATCH = 2000
State = BackgroundWork.State
Phase = PracticeImport.Phase


def read_rows(name, content):
    """[(Row, read_row outcome)] for every row of the file. Raises Unreadable."""
    table = read_table(name, content, has_headings=False)
    return [(row, rules.read_row(row)) for row in table.rows]


def make_plan(rows, *, area=None, today=None):
    return rules.plan(
        rows,
        queries.held_by_code(),
        queries.commissioners_by_code(),
        today=today or timezone.localdate(),
        area=area,
    )


def _batches(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def apply_plan(plan, *, actor, organisation, detail, progress=None):
    """Write the plan: add, change and close practices in batches, audit each, and raise an
    alert for the commissioner of each closing practice with people on the scheme or open
    registration referrals. Returns {"added", "changed", "closed", "alerts"} counts."""
    step = progress.step if progress else (lambda count: None)
    done = {"added": 0, "changed": 0, "closed": 0, "alerts": 0}
    for batch in _batches(plan.added):
        with transaction.atomic():
            rows = [{"ods_code": a.ods_code, **a.values} for a in batch]
            practice_writes.add_practices(actor, organisation, rows, detail=detail)
        done["added"] += len(batch)
        step(len(batch))
    for batch in _batches(plan.changed):
        with transaction.atomic():
            practice_writes.update_practices(
                actor, organisation, {a.existing_id: a.values for a in batch}, detail=detail
            )
        done["changed"] += len(batch)
        step(len(batch))
    for batch in _batches(plan.closed):
        with transaction.atomic():
            # The same service closes a practice by hand (gateway/imports/closures).
            _closing, alerts = closures.close_practices(
                actor, organisation, {a.existing_id: a.values for a in batch}, detail=detail
            )
        done["closed"] += len(batch)
        done["alerts"] += len(alerts)
        step(len(batch))
    return done


# --- The staff page's import: upload, check in the background, confirm, apply -----------


def _require(actor, organisation):
    if not practice_writes.may_import_practices(actor, organisation):
        raise PermissionDenied("Only an organisation admin of a commissioner can do this")


def start_import(actor, organisation, uploaded):
    """Keep the uploaded file and queue checking it. Nothing about practices is written."""
    _require(actor, organisation)
    if uploaded.size > MAX_BYTES:
        raise ValidationError({"file": f"The file is larger than {MAX_BYTES // 2**20} MB"})
    content = uploaded.read()
    with transaction.atomic():
        practice_import = PracticeImport.objects.create(
            organisation=organisation,
            uploaded_by=actor,
            filename=(uploaded.name or "practices.csv")[-200:],
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=practice_import,
            changed_fields=["filename", "sha256"],
            detail={"sha256": practice_import.sha256},
        )
        _queue(practice_import)
    return practice_import


def _queue(practice_import):
    pk = practice_import.pk
    transaction.on_commit(lambda: run_practice_import.enqueue(pk))


def _detail(practice_import):
    return {"import": str(practice_import.public_id), "sha256": practice_import.sha256}


def _plan_for(practice_import):
    try:
        rows = read_rows(practice_import.filename, queries.content_of(practice_import))
    except Unreadable as problem:
        raise WorkFailed(str(problem)) from problem
    return rows, make_plan(rows, area=practice_import.organisation_id)


def check(practice_import, progress):
    """The background check: read the file, work out the plan and keep it as preview lines.
    Writes only to the import's own rows."""
    rows, plan = _plan_for(practice_import)
    names = queries.commissioner_names()
    lines = [
        PracticeImportLine(
            practice_import=practice_import,
            kind=action.kind,
            line=action.line,
            ods_code=action.ods_code,
            name=action.name[:200],
            detail=presenters.describe(action, names),
        )
        for action in plan.actions
    ]
    kinds = (
        (PracticeImportLine.Kind.PROBLEM, plan.problems),
        (PracticeImportLine.Kind.WARNING, plan.warnings),
    )
    for kind, found in kinds:
        lines.extend(
            PracticeImportLine(
                practice_import=practice_import,
                kind=kind,
                line=p.line,
                ods_code=p.ods_code,
                detail=p.reason,
            )
            for p in found
        )
    progress.total(len(lines) or 1)
    for batch in _batches(lines, LINE_BATCH):
        PracticeImportLine.objects.bulk_create(batch)
        progress.step(len(batch))
    PracticeImport.objects.filter(pk=practice_import.pk).update(
        row_count=len(rows),
        added_count=len(plan.added),
        changed_count=len(plan.changed),
        closed_count=len(plan.closed),
        unchanged_count=plan.unchanged,
        problem_count=len({p.line for p in plan.problems}),
        warning_count=len(plan.warnings),
        skipped_count=plan.not_practices + plan.closed_not_held + plan.other_area,
        plan_digest=plan.digest(),
    )


def confirm_import(actor, organisation, practice_import):
    """The admin has seen the preview: queue applying it. Only a checked import with changes
    can be confirmed, once (a second press finds it already applying)."""
    _require(actor, organisation)
    has_changes = practice_import.added_count + practice_import.changed_count
    if not (has_changes + practice_import.closed_count):
        raise ValidationError("There is nothing to change: the practices already match the file")
    with transaction.atomic():
        moved = PracticeImport.objects.filter(
            pk=practice_import.pk,
            organisation=organisation,
            phase=Phase.CHECK,
            state=State.DONE,
        ).update(
            phase=Phase.APPLY,
            state=State.QUEUED,
            done_count=0,
            total_count=0,
            started_at=None,
            finished_at=None,
            confirmed_by=actor,
            confirmed_at=timezone.now(),
        )
        if not moved:
            raise ValidationError("This file has already been confirmed, or is still being checked")
        practice_import.refresh_from_db()
        audit.record(
            audit.Action.STATE_CHANGE,
            actor=actor,
            organisation=organisation,
            obj=practice_import,
            changed_fields=["phase", "confirmed_by"],
            detail={"phase": Phase.APPLY},
        )
        _queue(practice_import)
    return practice_import


def apply(practice_import, progress):
    """The background apply: the same plan again, refused if it is not the one previewed."""
    actor = practice_import.confirmed_by
    if not practice_writes.may_import_practices(actor, practice_import.organisation):
        raise WorkFailed("The person who confirmed this can no longer import practice data.")
    _rows, plan = _plan_for(practice_import)
    if plan.digest() != practice_import.plan_digest:
        raise WorkFailed(
            "The practices in Gateway changed after the file was checked, so nothing was "
            "changed. Upload the file again to see what it would change now."
        )
    progress.total(len(plan.actions) or 1)
    done = apply_plan(
        plan,
        actor=actor,
        organisation=practice_import.organisation,
        detail=_detail(practice_import),
        progress=progress,
    )
    # The file is not needed once applied.
    PracticeImport.objects.filter(pk=practice_import.pk).update(
        content=b"", alert_count=done["alerts"]
    )


def run(practice_import, progress):
    """What the background task does next for this import."""
    if practice_import.phase == Phase.APPLY:
        return apply(practice_import, progress)
    return check(practice_import, progress)


@task()
def run_practice_import(pk):
    """The background task (django-tasks): ``jobs.run`` claims the work once, so a task
    delivered twice does nothing."""
    jobs.run(PracticeImport, pk, run)
