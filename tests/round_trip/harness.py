"""Every form round-trips: what a person submits through a page is what Gateway stores.

A scenario posts one form through its page with every field filled (a "select all that apply"
question with two or more answers), then reads the stored record back and returns, for each
form field, the value as stored. ``check`` compares each stored value with what the form
itself makes of the submitted data, so a field the service drops, a multi-choice that keeps
one answer or a date stored as another day fails, naming the field.

Scenarios register with ``@scenario(FormClass, ...)``; ``test_every_form_is_covered`` fails
when a form in Gateway has neither a scenario nor a reason in ``NOT_STORED``."""

import datetime
import hashlib
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models

from gateway.core.forms import DateInputWidget

SCENARIOS = {}

# Forms that store nothing about a person, with why. Only forms that genuinely write nothing
# belong here: a form that writes a record needs a scenario.
NOT_STORED = {}


def scenario(*form_classes):
    def register(function):
        for form_class in form_classes:
            assert form_class not in SCENARIOS, f"{form_class} has two scenarios"
            SCENARIOS[form_class] = function
        return function

    return register


def not_stored(form_class, reason):
    NOT_STORED[form_class] = reason


@dataclass
class RoundTrip:
    """One submission: the form, the data posted through its page, and each field as stored.

    ``unstored`` names fields that are deliberately not kept, each with why (a confirmation
    tick, a reason that goes only into the letter); ``version`` tokens are never data.
    ``form_kwargs`` builds the form as its page does, for a form that makes its fields in
    ``__init__`` (choices from the database, one field per row): those fields are checked too."""

    form: type
    data: dict
    stored: dict
    unstored: dict = field(default_factory=dict)
    form_kwargs: dict | None = None


def _fields_of(trip):
    if trip.form_kwargs is None:
        return trip.form.base_fields
    return trip.form(**trip.form_kwargs).fields


def _is_version_token(name, form_field):
    return name == "version" and isinstance(form_field.widget, forms.HiddenInput)


def _submitted(data, name, form_field):
    # An uploaded file is posted with the data; a file widget reads it from the files.
    return form_field.widget.value_from_datadict(data, data, name)


def _filled(raw, form_field):
    if isinstance(form_field.widget, DateInputWidget):
        return all(str(part or "").strip() for part in raw)
    if isinstance(form_field, forms.MultipleChoiceField):
        return len(raw or []) >= 2
    if isinstance(form_field, forms.BooleanField):
        return bool(raw)
    return raw not in (None, "", [])


def _expected(form_field, raw):
    """What the form makes of the submitted value; the raw value when the field's choices are
    only known to a bound form (querysets set in the form's __init__)."""
    try:
        return form_field.clean(raw)
    except (ValidationError, AttributeError, TypeError, KeyError):
        return raw


def normalise(value):
    if isinstance(value, File):
        # A file round-trips when its name and every byte are kept.
        value.seek(0)
        return f"{value.name}: sha256 {hashlib.sha256(value.read()).hexdigest()}"
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        return sorted(normalise(v) for v in value)
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, bool) or value is None:
        return value
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value).strip()


def check(trip):
    """Fail, naming each field, where the stored record differs from what was submitted."""
    problems = []
    checked = 0
    for name, form_field in _fields_of(trip).items():
        if _is_version_token(name, form_field) or name in trip.unstored:
            continue
        checked += 1
        raw = _submitted(trip.data, name, form_field)
        if not _filled(raw, form_field):
            what = (
                "two or more answers"
                if isinstance(form_field, forms.MultipleChoiceField)
                else "a value"
            )
            problems.append(f"{name}: the scenario must submit {what}")
            continue
        if name not in trip.stored:
            problems.append(f"{name}: the scenario does not read it back from the record")
            continue
        expected = normalise(_expected(form_field, raw))
        stored = normalise(trip.stored[name])
        if expected != stored:
            problems.append(f"{name}: submitted {expected!r}, stored {stored!r}")
    if not checked:
        problems.append("no field was checked: give form_kwargs for fields made in __init__")
    assert not problems, f"{trip.form.__module__}.{trip.form.__name__}:\n" + "\n".join(problems)


def date_parts(name, date):
    return {f"{name}_day": date.day, f"{name}_month": date.month, f"{name}_year": date.year}


def page_errors(response):
    """The error summary's messages on a page that did not accept the form, for a readable
    failure when a scenario's own data is refused."""
    import re

    html = response.content.decode()
    summary = re.search(r'nhsuk-error-summary__list">(.*?)</ul>', html, re.S)
    if not summary:
        return f"status {response.status_code}, no error summary"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", summary.group(1))).strip()


class _FormReader(HTMLParser):
    """The controls of the page's POST forms: name -> list of (type, value)."""

    def __init__(self):
        super().__init__()
        self.forms = []  # (action, {name: [(type, value, checked)]})
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.forms.append((attrs.get("action"), {}))
        if not self.forms:
            return
        controls = self.forms[-1][1]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            checked = "checked" in attrs
            controls.setdefault(name, []).append((kind, attrs.get("value"), checked))
        elif tag == "textarea" and name:
            controls.setdefault(name, []).append(("textarea", None, False))
        elif tag == "select" and name:
            self._select = name
            kind = "select-multiple" if "multiple" in attrs else "select"
            controls.setdefault(name, []).append((kind, None, False))
        elif tag == "option" and self._select:
            controls[self._select].append(("option", attrs.get("value"), "selected" in attrs))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def _can_submit(controls, name, value):
    """Why the page cannot send this value for this name, or None when it can."""
    if name not in controls:
        return "the page has no control with this name"
    kinds = {kind for kind, _, _ in controls[name]}
    values = value if isinstance(value, list | tuple) else [value]
    if len(values) > 1 and not (kinds & {"checkbox", "select-multiple"}):
        return f"the page can send only one answer (it shows {sorted(kinds)})"
    offered = {v for kind, v, _ in controls[name] if kind in {"radio", "checkbox", "option"}}
    if offered and kinds & {"radio", "checkbox", "select", "select-multiple"}:
        missing = [v for v in values if str(v) not in offered]
        if missing:
            return f"the page does not offer {missing}"
    return None


def submit(client, url, data, follow=False):
    """Post data through the form on the page at url, as a person filling it in would:
    every value must be one the page's controls can send (a two-answer question needs
    checkboxes, a choice needs its option), and hidden fields come from the page itself."""
    page = client.get(url)
    assert page.status_code == 200, f"GET {url}: {page.status_code}"
    reader = _FormReader()
    reader.feed(page.content.decode())
    candidates = [
        (action, controls)
        for action, controls in reader.forms
        if all(name in controls for name in data)
    ]
    assert candidates, f"no form on {url} has every field {sorted(data)}"
    # The page's own form posts back to the page; the header's sign-out form does not.
    path = url.split("?")[0]
    own = [c for c in candidates if not c[0] or c[0].split("?")[0] == path]
    action, controls = own[-1] if own else max(candidates, key=lambda c: len(c[1]))
    problems = {
        name: why for name, value in data.items() if (why := _can_submit(controls, name, value))
    }
    assert not problems, f"{url}: {problems}"
    posted = {
        name: value
        for name, entries in controls.items()
        for kind, value, _ in entries[:1]
        if kind == "hidden" and name != "csrfmiddlewaretoken"
    }
    posted.update(data)
    return client.post(action or url, posted, follow=follow)
