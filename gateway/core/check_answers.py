"""The NHS "check answers" pattern for any form: what was typed waits in the session under a
random token (never in the URL, which carries only the token), the check page shows each
answer in a summary list with a Change link back to the form (which is filled in again from
the session), and only the confirm button writes.

    token = check_answers.remember(request, KEY, request.POST, about=patient.public_id)
    draft = check_answers.recall(request, KEY, token)      # None when gone or expired
    form = MyForm(check_answers.as_data(draft))
    rows = check_answers.rows(form, change_url)
    check_answers.forget(request, KEY, token)
"""

import datetime

from django import forms
from django.db import models
from django.http import QueryDict

from . import drafts
from .formats import long_date

# Storage is gateway.core.drafts: one way to keep typed answers in the session.
typed = drafts.typed
forget = drafts.forget


def remember(request, key, post, about=None):
    """Keep the typed answers under a new random token; returns the token."""
    return drafts.remember(request, key, about, drafts.typed(post))


def recall(request, key, token):
    """The kept draft ({"about", "data"}), or None when gone or expired."""
    return drafts.kept(request, key, token)


def as_data(draft):
    """The draft's answers as the QueryDict a bound form expects."""
    query = QueryDict(mutable=True)
    for name, values in (draft or {}).get("data", {}).items():
        query.setlist(name, values)
    return query


def _shown(field, value):
    if value in (None, "", [], ()):
        return "Not given"
    if isinstance(field, forms.TypedChoiceField) and isinstance(value, bool):
        labels = dict(field.choices)
        return str(labels.get("yes" if value else "no", "Yes" if value else "No"))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return long_date(value)
    label = getattr(field, "label_from_instance", None) or str
    if isinstance(value, models.Model):
        return label(value)
    if isinstance(value, models.QuerySet) or (
        isinstance(value, list | tuple) and value and isinstance(value[0], models.Model)
    ):
        return ", ".join(label(item) for item in value) or "None"
    if isinstance(field, forms.MultipleChoiceField):
        labels = {str(k): v for k, v in field.choices}
        return ", ".join(str(labels.get(str(v), v)) for v in value)
    if isinstance(field, forms.ChoiceField):
        labels = {str(k): v for k, v in field.choices}
        return str(labels.get(str(value), value))
    return str(value)


def row(key, value, href):
    """A row for an answer the form does not show as typed (worked out from several)."""
    return {"key": key, "value": value or "Not given", "href": href}


def rows(form, change_url, names=None, skip=()):
    """Summary-list rows for a valid bound form: the question, the answer as the person would
    read it, and a Change link to the question on the form (the form's own ids)."""
    result = []
    for name in names or form.fields:
        if name in skip or name not in form.fields:
            continue
        field = form.fields[name]
        if isinstance(field.widget, forms.HiddenInput):
            continue
        value = form.cleaned_data.get(name)
        result.append(
            {
                "key": str(field.label or name),
                "value": _shown(field, value),
                "href": f"{change_url}#{form[name].id_for_label or 'id_' + name}",
            }
        )
    return result
