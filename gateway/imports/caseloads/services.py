"""Every write of the caseload import: upload, choosing columns, the background check, applying
(each person and episode through the same services as the pages) and forgetting the file.

The file is personal data. It is kept on the import row only, for its organisation, and
emptied once applied or abandoned, or after models.KEEP_FILE_FOR. What the import keeps
afterwards is line numbers, reasons (which never quote a person's details) and public ids."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from gateway.audit import services as audit
from gateway.comms.routing import MissingContactDetails
from gateway.core import jobs
from gateway.core.jobs import BackgroundWork, WorkFailed
from gateway.core.models import save_if_unchanged
from gateway.core.permissions import require
from gateway.imports.tables import Unreadable, read_table
from gateway.patients import services as patients
from gateway.sas import services as sas
from gateway.sas.errors import NotAllowed
from gateway.sas.queries import NoPolicyInForce

from . import mapping as columns
from . import queries, rules
from .models import KEEP_FILE_FOR, CaseloadImport, RememberedColumns

Action = audit.Action
State = BackgroundWork.State
Step = CaseloadImport.Step
NOT_KEPT = "The file is no longer kept. Upload it again to import it."
# "Add the people" from a preview read before someone changed the import (ADR 0046).
PREVIEW_CHANGED = (
    "Nobody was added. This import was changed after you opened its preview, so it may now "
    "add different people. Check the new preview, then add the people again."
)


def _require(actor, organisation):
    require(actor, queries.PERMISSION, organisation)


def _record(action, actor, organisation, work, **detail):
    audit.record(
        action,
        actor=actor,
        organisation=organisation,
        obj=work,
        changed_fields=sorted(detail),
        detail=detail,
    )


def upload(actor, organisation, uploaded):
    """A new import from an uploaded file: read it whole (ValidationError in plain words if
    it cannot be), guess the columns, keep the file on the import row."""
    _require(actor, organisation)
    forget_old_files()
    content = uploaded.read()
    try:
        table = read_table(uploaded.name, content)
    except Unreadable as problem:
        raise ValidationError({"file": str(problem)}) from None
    headings = [h or f"Column {i + 1}" for i, h in enumerate(table.headings)]
    with transaction.atomic():
        work = CaseloadImport.objects.create(
            organisation=organisation,
            created_by=actor,
            file_name=uploaded.name[-200:],
            content=content,
            headings=headings,
            row_count=len(table.rows),
            mapping=columns.guess(headings, queries.remembered_columns(organisation)),
        )
        _record(Action.CREATE, actor, organisation, work, rows=len(table.rows))
    return work


def choose_columns(actor, organisation, work, mapping, remember, *, version=None):
    """Save which column holds each field and start the check in the background. ``version``
    is the one the columns page was read at (None: the one ``work`` was read at): when
    someone has chosen columns, added the people or abandoned the import since, the save is
    refused with STALE and nothing is written (ADR 0046)."""
    _require(actor, organisation)
    if work.step not in (Step.MAPPING, Step.CHECK) or work.content is None:
        raise ValidationError(NOT_KEPT if work.content is None else "This import has moved on.")
    problems = columns.mapping_problems(mapping)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        # One UPDATE that matches the version, so two saves at once cannot both win.
        save_if_unchanged(
            work,
            version,
            mapping=mapping,
            step=Step.CHECK,
            state=State.QUEUED,
            done_count=0,
            total_count=work.row_count,
            problems=[],
            good_count=0,
        )
        if remember:
            RememberedColumns.objects.update_or_create(
                organisation=organisation,
                defaults={"headings": columns.headings_of(mapping, work.headings)},
            )
        _record(Action.UPDATE, actor, organisation, work, mapping=True, remembered=remember)
        transaction.on_commit(lambda: _enqueue("check_caseload", work.pk))
    work.refresh_from_db()
    return work


def _enqueue(name, pk):
    {"check_caseload": check_caseload, "apply_caseload": apply_caseload}[name].enqueue(pk)


def _table(work):
    if work.content is None:
        raise WorkFailed(NOT_KEPT)
    try:
        return read_table(work.file_name, bytes(work.content))
    except Unreadable as problem:
        raise WorkFailed(str(problem)) from None


def _values(work, row):
    return {
        key: (row.values[index] if index is not None and index < len(row.values) else "")
        for key, index in work.mapping.items()
    }


def check_rows(work, progress=None):
    """Every row checked: ([CaseloadRow for good rows], {line: [reasons]}). Reads the
    practices and the people already on Gateway once for the whole file."""
    table = _table(work)
    if progress is not None:
        progress.total(len(table.rows))
    facts = queries.practice_facts(work.organisation)
    checked, problems = [], {}
    for row in table.rows:
        good, reasons = rules.check_row(
            row.line,
            _values(work, row),
            practices=facts,
            today=timezone.localdate(),
            allow_test_range=settings.ALLOW_TEST_NHS_NUMBERS,
        )
        if good is None:
            problems[row.line] = reasons
        else:
            checked.append(good)
        if progress is not None:
            progress.step()
    duplicates = rules.duplicate_reasons((r.line, r.nhs_number) for r in checked)
    known = queries.people_by_nhs_number({r.nhs_number for r in checked})
    good_rows = []
    for row in checked:
        reason = duplicates.get(row.line) or rules.known_person_reason(
            row, known.get(row.nhs_number)
        )
        if reason:
            problems[row.line] = [reason]
        else:
            good_rows.append(row)
    return good_rows, problems


def check(work, progress):
    """The background check: what the preview shows. Its findings are written only while the
    import is still at the version this check read (so the columns it checked are still the
    chosen ones), without moving the version on: someone who chose columns again while it
    ran has queued a newer check, which writes its own; this one writes nothing, and
    gateway.core.jobs lets only the newer run say "done" (ADR 0046, hazard H72)."""
    good_rows, problems = check_rows(work, progress)
    try:
        save_if_unchanged(
            work,
            None,
            move_on=False,
            problems=[{"line": line, "reasons": problems[line]} for line in sorted(problems)],
            good_count=len(good_rows),
        )
    except ValidationError:
        return


def rows_not_used(actor, organisation, work):
    """(Row, reasons) for every row the check could not use, as in the file, for the
    download (tables.problems_download). The download holds personal data, so it is audited;
    once the file is forgotten there is nothing to download."""
    _require(actor, organisation)
    if work.content is None:
        raise ValidationError(NOT_KEPT)
    try:
        table = _table(work)
    except WorkFailed as problem:
        raise ValidationError(str(problem)) from None
    reasons = {p["line"]: p["reasons"] for p in work.problems}
    rejected = [(row, reasons[row.line]) for row in table.rows if row.line in reasons]
    audit.record(
        Action.EXPORT,
        actor=actor,
        organisation=organisation,
        obj=work,
        detail={"rows_not_used": len(rejected)},
    )
    return rejected


def start_applying(actor, organisation, work, good_rows_only, *, version=None):
    """Add the people in the background: every row when the check found nothing wrong, or
    only the good rows when the person chose that. ``version`` is the one the preview was
    read at (None: the one ``work`` was read at): when someone has chosen other columns (so
    other people would be added), added the people or abandoned the import since, nobody is
    added and the refusal says so (PREVIEW_CHANGED, ADR 0046)."""
    _require(actor, organisation)
    if work.step != Step.CHECK:
        raise ValidationError("This import is not ready to add people.")
    if version is not None and version != work.version:
        raise ValidationError(PREVIEW_CHANGED, code="stale")
    if work.state != State.DONE:
        raise ValidationError("This import is not ready to add people.")
    if work.content is None:
        raise ValidationError(NOT_KEPT)
    if work.problems and not good_rows_only:
        raise ValidationError(
            "Some rows cannot be used. Fix them and upload the file again, or choose to add "
            "only the good rows."
        )
    if not work.good_count:
        raise ValidationError("There are no rows that can be added.")
    with transaction.atomic():
        # One UPDATE that matches the version the preview was read at, so a column choice
        # (or another click) since cannot be added over. Every change that takes the import
        # off a finished check moves the version on; the check's progress does not.
        save_if_unchanged(
            work,
            version,
            stale=PREVIEW_CHANGED,
            step=Step.APPLY,
            state=State.QUEUED,
            done_count=0,
            good_rows_only=bool(work.problems),
        )
        _record(Action.UPDATE, actor, organisation, work, apply=True, good_rows_only=good_rows_only)
        transaction.on_commit(lambda: _enqueue("apply_caseload", work.pk))
    work.refresh_from_db()
    return work


def _patient_data(row):
    return {
        "nhs_number": row.nhs_number,
        "given_name": row.given_name,
        "family_name": row.family_name,
        "date_of_birth": row.date_of_birth,
        "sex": "not_known",
        "address_kind": row.address_kind,
        "address_line_1": row.address_line_1,
        "address_line_2": row.address_line_2,
        "town": row.town,
        "postcode": row.postcode,
    }


REFUSED = (
    ValidationError,
    PermissionDenied,
    NotAllowed,
    NoPolicyInForce,
    MissingContactDetails,
    patients.DuplicatePatient,
)


def _refusal_words(refusal):
    if isinstance(refusal, ValidationError):
        return "; ".join(refusal.messages)
    if isinstance(refusal, PermissionDenied):
        return "Your role does not allow adding people"
    if isinstance(refusal, patients.DuplicatePatient):
        return "Someone with this NHS number was added to Gateway while the import ran"
    return getattr(refusal, "message", None) or str(refusal)


def _add(work, row, practices):
    """One good row: the person (found by NHS number, or added) and their episode, in one
    transaction, so a refused row leaves nothing behind."""
    actor, organisation = work.created_by, work.organisation
    with transaction.atomic():
        patient = queries.patient_with_nhs_number(row.nhs_number)
        added_person = patient is None
        if added_person:
            # The NHS number is checked and new to Gateway: someone with the same name and
            # date of birth is a different person (they never share an NHS number).
            patient = patients.create_patient(
                actor, organisation, _patient_data(row), confirmed_not_duplicate=True
            )
        episode = sas.record_episode_begun_before_gateway(
            actor,
            organisation,
            patient,
            sas_practice=practices[row.sas_practice],
            removing_practice=practices.get(row.removing_practice),
            removed_on=row.removed_on,
            allocated_on=row.allocated_on,
            last_reviewed_on=row.last_reviewed_on,
            next_review_on=row.next_review_on,
            notes=row.notes,
            source_name=work.file_name,
            source_detail=f"line {row.line}",
        )
    return {
        "line": row.line,
        "added": True,
        "new_person": added_person,
        "episode": str(episode.public_id),
    }


def apply(work, progress):
    """The background apply. Checks every row again (Gateway may have changed since the
    preview), adds the good ones, and records each row's outcome."""
    good_rows, problems = check_rows(work)
    progress.total(len(good_rows))
    practices = queries.practices_by_code(
        {r.sas_practice for r in good_rows} | {r.removing_practice for r in good_rows}
    )
    results = []
    for row in good_rows:
        try:
            results.append(_add(work, row, practices))
        except REFUSED as refusal:
            results.append({"line": row.line, "added": False, "reason": _refusal_words(refusal)})
        progress.step()
    for line, reasons in problems.items():
        results.append({"line": line, "added": False, "reason": "; ".join(reasons)})
    results.sort(key=lambda r: r["line"])
    added = sum(1 for r in results if r["added"])
    with transaction.atomic():
        CaseloadImport.objects.filter(pk=work.pk).update(
            results=results, content=None, file_forgotten_at=timezone.now()
        )
        _record(
            Action.UPDATE,
            work.created_by,
            work.organisation,
            work,
            added=added,
            not_added=len(results) - added,
            file_forgotten=True,
        )


def abandon(actor, organisation, work):
    """Stop an import before it adds anyone: the file is forgotten at once."""
    _require(actor, organisation)
    if work.step == Step.APPLY:
        raise ValidationError("This import has already added people.")
    with transaction.atomic():
        CaseloadImport.objects.filter(pk=work.pk).update(
            step=Step.ABANDONED,
            content=None,
            file_forgotten_at=timezone.now(),
            updated_at=timezone.now(),
            version=F("version") + 1,
        )
        _record(Action.UPDATE, actor, organisation, work, abandoned=True, file_forgotten=True)


def forget_old_files(now=None):
    """Empty the file of every import older than KEEP_FILE_FOR that still holds one, whatever
    its step (an import left at the preview is abandoned). Returns how many."""
    now = now or timezone.now()
    old = CaseloadImport.objects.filter(
        content__isnull=False, created_at__lt=now - KEEP_FILE_FOR
    ).exclude(step=Step.APPLY, state__in=(State.QUEUED, State.RUNNING))
    return old.update(
        content=None, file_forgotten_at=now, step=Step.ABANDONED, version=F("version") + 1
    )


# The background work (django-tasks; gateway/core/jobs.py claims each import once and keeps
# its progress). Here rather than in a tasks module, which would import this one back.


@task()
def check_caseload(pk):
    jobs.run(CaseloadImport, pk, check)


@task()
def apply_caseload(pk):
    jobs.run(CaseloadImport, pk, apply)
