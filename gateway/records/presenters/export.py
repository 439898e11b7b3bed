"""record.json and the summary's pages, made from the same entries (record.py), so the file
a machine reads and the PDF a person reads never differ."""

import datetime

from django.apps import apps
from django.utils import timezone

from gateway.sas.rules import long_date

from ..rules import NOT_INCLUDED
from .record import guide_for
from .values import as_words

FORMAT = "gateway.subject-access-export"
FORMAT_VERSION = 1
VALUES_GUIDE = (
    "Dates are ISO 8601 (YYYY-MM-DD). Times are ISO 8601 with their offset from UTC. A choice "
    "is an object with its code and its words (code, text). A link to an organisation, a member "
    "of staff or another record is that one's name. A field left out under the law is null, "
    "named in the record's withheld_fields and explained in the withheld list."
)


def audit_row(event):
    """One row of who looked at or changed the record: who, where from, when, what."""
    model = _model(event.object_type)
    what = str(model._meta.verbose_name) if model else event.object_type
    return {
        "at": event.occurred_at.isoformat(),
        "who": event.actor_name,
        "organisation": str(event.organisation) if event.organisation_id else None,
        "action": {"code": event.action, "text": event.get_action_display()},
        "what": what,
        "page": (event.detail or {}).get("page", ""),
        "changed_fields": event.changed_fields,
    }


def _model(label):
    try:
        return apps.get_model(label) if "." in label else None
    except LookupError:
        return None


def withheld_rows(withheld):
    return [
        {
            "record": kind,
            "public_id": str(public_id) if public_id else None,
            "title": title,
            "fields": list(item.fields),
            "what": item.what,
            "why": item.ground.why,
            "ground": item.ground.code,
            "law": item.ground.law,
        }
        for kind, public_id, title, item in withheld
    ]


def not_included_rows():
    return [
        {"record": kind, "fields": list(spec["fields"]), "why": spec["why"]}
        for kind, spec in NOT_INCLUDED.items()
    ]


def request_details(export):
    return {
        "public_id": str(export.public_id),
        "reference": export.request_reference,
        "received_on": export.received_on.isoformat(),
        "respond_by": export.respond_by.isoformat(),
        "asked_for_by": export.requested_by.display_name,
        "organisation": str(export.organisation),
    }


def record_json(export, person, sections, audit, builder, made_at):
    data = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "made_at": made_at.isoformat(),
        "request": request_details(export),
        "guide": {
            "values": VALUES_GUIDE,
            "parts": {section.key: section.intro for section in sections}
            | {
                "person": "About you: your name, NHS number, date of birth and other details.",
                "audit_trail": "Who looked at or changed your record, from where, and when.",
                "withheld": "What was left out under the law, and why.",
                "not_included": "Fields that are not about you, and why they are not here.",
                "counts": "How many records of each kind this file holds.",
            },
            "fields": guide_for(builder.counts),
        },
        "person": person.as_json(),
    }
    for section in sections:
        entries = [entry.as_json() for entry in section.entries]
        data[section.key] = entries[0] if section.key == "death" and entries else entries
        if section.key == "death" and not entries:
            data[section.key] = None
    data["audit_trail"] = audit
    data["withheld"] = withheld_rows(builder.withheld)
    data["not_included"] = not_included_rows()
    data["counts"] = dict(sorted(builder.counts.items()))
    return data


def summary_context(export, person, sections, audit, builder, made_at, letters):
    made_on = timezone.localtime(made_at).date()
    return {
        "person": person,
        "nhs_number": person.values.get("nhs_number") or "Not known",
        "made_on": long_date(made_on),
        "reference": export.request_reference,
        "received_on": long_date(export.received_on),
        "respond_by": long_date(export.respond_by),
        "organisation": str(export.organisation),
        "sections": sections,
        "audit": [
            {**row, "when": as_words(datetime.datetime.fromisoformat(row["at"]))} for row in audit
        ],
        "withheld": withheld_rows(builder.withheld),
        "not_included": not_included_rows(),
        "letters": letters,
    }
