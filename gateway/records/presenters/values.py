"""One field of a record, two ways: as plain JSON for record.json (ISO 8601 dates, choices
as their code and words) and as words for the summary PDF. Works from the model's own field
definitions, so a field added to a model tomorrow is in the next export without a change
here."""

import datetime
import decimal
import uuid

from django.db import models
from django.utils import timezone

from gateway.core.models import VersionedModel
from gateway.sas.rules import long_date


# Technical fields that say nothing about the person: the row's number, and the edit counter
# of a record saved with optimistic concurrency (a history row's version number is kept).
def technical(model):
    names = {"id"}
    if issubclass(model, VersionedModel):
        names.add("version")
    return names


def field_label(field):
    label = str(field.verbose_name)
    return label[:1].upper() + label[1:]


def field_guide(model):
    """What each key of a record of this kind means: its label, and its hint where it has one."""
    guide = {}
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if field.name in technical(model):
            continue
        text = field_label(field)
        if field.help_text:
            text = f"{text}: {field.help_text}"
        guide[field.name] = text
    return guide


def as_json(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, decimal.Decimal)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return None
    return value


def as_words(value):
    """The value as the summary shows it; "" when there is nothing to show."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{long_date(local.date())} at {local:%H:%M}"
    if isinstance(value, datetime.date):
        return long_date(value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {as_words(item) or '-'}" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(as_words(item) or "-" for item in value)
    return str(value)


def read_field(obj, field, names):
    """(json value, words) of one field of obj. Names resolves what a link points at."""
    if field.many_to_many:
        related = [names.of(field.related_model, row.pk) for row in getattr(obj, field.name).all()]
        return related, as_words(related)
    if isinstance(field, models.ForeignKey):
        name = names.of(field.related_model, getattr(obj, field.attname))
        return name, name or ""
    value = field.value_from_object(obj)
    if field.choices and value not in ("", None):
        text = str(dict(field.flatchoices).get(value, value))
        return {"code": value, "text": text}, text
    return as_json(value), as_words(value)
