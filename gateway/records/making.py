"""Making a subject access export in the background (tasks.py runs it through
gateway/core/jobs.py): read everything about the person, write summary.pdf, record.json and
each letter's PDF into one ZIP, keep it on the export's row until it is downloaded or expires,
and say so on the audit trail. Reads only until the last step, which writes in one
transaction, so work that stops half way leaves nothing behind and can be started again."""

import io
import json
import re
import zipfile
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gateway.audit.services import Action, record
from gateway.core import jobs

from . import queries
from .models import SubjectAccessExport
from .presenters.export import audit_row, record_json, summary_context
from .presenters.record import RecordBuilder
from .presenters.summary import summary_pdf


def make_export(export_id):
    return jobs.run(SubjectAccessExport, export_id, build)


def letter_names(messages):
    """letters/<date>-<kind>.pdf for each letter (a number added when two share a name)."""
    names, used = {}, set()
    for message in messages:
        if not queries.is_letter(message):
            continue
        day = timezone.localtime(message.created_at).date().isoformat()
        kind = re.sub(r"[^a-z0-9]+", "-", message.template.lower()).strip("-") or "letter"
        name, number = f"letters/{day}-{kind}.pdf", 1
        while name in used:
            number += 1
            name = f"letters/{day}-{kind}-{number}.pdf"
        used.add(name)
        names[message.pk] = name
    return names


def build(export, progress):
    patient = export.patient
    everything = queries.everything_about(patient)
    parts = everything.parts
    progress.total(sum(rows.count() for rows in parts.values()) + 1)
    parts["messages"] = messages = list(parts["messages"])
    files = letter_names(messages)
    builder = RecordBuilder(queries.Names(), files)
    person = builder.entry(patient)
    sections = []
    for section in builder.sections(everything):
        sections.append(section)
        progress.step(len(section.entries))
    audit = [audit_row(event) for event in everything.audit_trail]
    made_at = timezone.now()
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
        data = record_json(export, person, sections, audit, builder, made_at)
        archive.writestr("record.json", json.dumps(data, indent=2, ensure_ascii=False))
        letters = []
        for message in messages:
            if message.pk in files and (pdf := queries.letter_content(message)) is not None:
                archive.writestr(files[message.pk], pdf)
                letters.append(files[message.pk])
        context = summary_context(export, person, sections, audit, builder, made_at, letters)
        archive.writestr("summary.pdf", summary_pdf(context))
    progress.step()
    store(export, content.getvalue(), letters=len(letters), withheld=len(builder.withheld))


def store(export, content, *, letters, withheld):
    expires_at = timezone.now() + timedelta(days=settings.SUBJECT_ACCESS_DOWNLOAD_DAYS)
    values = {
        "content": content,
        "content_bytes": len(content),
        "letter_count": letters,
        "withheld_count": withheld,
        "expires_at": expires_at,
    }
    with transaction.atomic():
        SubjectAccessExport.objects.filter(pk=export.pk).update(**values)
        record(
            Action.STATE_CHANGE,
            actor=export.requested_by,
            organisation=export.organisation,
            obj=export,
            patient=export.patient,
            changed_fields=list(values),
            detail={"step": "made", "letters": letters, "withheld": withheld},
        )
    for name, value in values.items():
        setattr(export, name, value)
