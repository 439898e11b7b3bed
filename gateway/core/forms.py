"""Django form fields rendered as NHS.UK design-system components.

Templates call ``form_field(form["name"])`` (see jinja2/core/forms.jinja); ``field_params``
turns a bound field into the parameters of the matching NHS.UK macro, keeping what the user
typed and attaching the error message, so every form behaves the same way."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

DATE_PARTS = ("day", "month", "year")


# How a field is shown, declared on the field so a template only says form_field(form["x"]).
# A template may still pass any of these to form_field(...) for one page; that wins.
DISPLAY_OPTIONS = (
    "classes",
    "label_classes",
    "legend_classes",
    "is_page_heading",
    "width",
    "rows",
    "autocomplete",
    "inputmode",
    "spellcheck",
    "attributes",
)


class Displayed:
    """A form field that carries its own hint and display options (NHS.UK component
    parameters): ``CharField(label=..., hint=..., width=10, autocomplete="off")``. ``hint``
    is the field's help text."""

    def __init__(self, *args, hint=None, **kwargs):
        self.display = {name: kwargs.pop(name) for name in DISPLAY_OPTIONS if name in kwargs}
        if hint is not None:
            kwargs["help_text"] = hint
        super().__init__(*args, **kwargs)


class CharField(Displayed, forms.CharField):
    pass


class EmailField(Displayed, forms.EmailField):
    pass


class IntegerField(Displayed, forms.IntegerField):
    pass


class DecimalField(Displayed, forms.DecimalField):
    pass


class BooleanField(Displayed, forms.BooleanField):
    pass


class ChoiceField(Displayed, forms.ChoiceField):
    pass


class TypedChoiceField(Displayed, forms.TypedChoiceField):
    pass


class MultipleChoiceField(Displayed, forms.MultipleChoiceField):
    pass


class ModelChoiceField(Displayed, forms.ModelChoiceField):
    pass


class FileField(Displayed, forms.FileField):
    pass


class DateInputWidget(forms.MultiWidget):
    def __init__(self, attrs=None):
        super().__init__({part: forms.TextInput() for part in DATE_PARTS}, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(Displayed, forms.MultiValueField):
    """A date typed as day, month and year boxes (the NHS.UK date input pattern).

    Errors say which part is missing or wrong, in plain words, and the typed parts are kept."""

    widget = DateInputWidget

    def __init__(self, *, label_for_errors="the date", **kwargs):
        self.label_for_errors = label_for_errors
        fields = tuple(forms.CharField(required=False) for _ in DATE_PARTS)
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def clean(self, value):
        value = [str(v).strip() if v is not None else "" for v in (value or ["", "", ""])]
        if not any(value):
            if self.required:
                raise ValidationError(f"Enter {self.label_for_errors}", code="required")
            return None
        missing = [part for part, typed in zip(DATE_PARTS, value, strict=True) if not typed]
        if missing:
            raise ValidationError(
                f"{self.label_for_errors.capitalize()} must include a {' and '.join(missing)}",
                code="incomplete",
            )
        if not all(typed.isdigit() for typed in value):
            raise ValidationError(
                f"{self.label_for_errors.capitalize()} must be numbers only", code="invalid"
            )
        day, month, year = (int(typed) for typed in value)
        if len(value[2]) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid")
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(
                f"{self.label_for_errors.capitalize()} must be a real date", code="invalid"
            ) from None
        self.run_validators(date)
        return date

    def compress(self, data_list):  # pragma: no cover - clean() does the work
        return data_list


def _errors(bound_field):
    return " ".join(str(e) for e in bound_field.errors) or None


def _label(bound_field, options):
    label = {"text": options.get("label", bound_field.label)}
    if options.get("label_classes"):
        label["classes"] = options["label_classes"]
    if options.get("is_page_heading"):
        label["isPageHeading"] = True
        label.setdefault("classes", "nhsuk-label--l")
    return label


def field_params(bound_field, **options):
    """Return (component name, macro parameters) for a bound field. Display options come
    from the field (Displayed) and then from the template, which wins."""
    field = bound_field.field
    options = {**getattr(field, "display", {}), **options}
    widget = field.widget
    hint = options.get("hint", bound_field.help_text or None)
    error = _errors(bound_field)
    base = {
        "id": bound_field.auto_id,
        "name": bound_field.html_name,
        "hint": {"text": hint} if hint else None,
        "errorMessage": {"text": error} if error else None,
        "classes": options.get("classes"),
        "attributes": options.get("attributes") or {},
    }
    if isinstance(widget, DateInputWidget):
        typed = bound_field.value()
        if not isinstance(typed, (list, tuple)):
            typed = widget.decompress(typed)
        # Each date part carries its own name; the date input itself has none.
        return "dateInput", {
            **{key: value for key, value in base.items() if key != "name"},
            "fieldset": {"legend": _legend(bound_field, options)},
            "items": [
                {
                    "id": f"{bound_field.auto_id}-{part}",
                    "name": f"{bound_field.html_name}_{part}",
                    "label": part.capitalize(),
                    "value": "" if typed[i] is None else typed[i],
                    "width": 4 if part == "year" else 2,
                    "classes": "nhsuk-input--error" if error else None,
                }
                for i, part in enumerate(DATE_PARTS)
            ],
        }
    # CheckboxSelectMultiple is a subclass of RadioSelect in Django, so it must be tested
    # first: otherwise a 'select all that apply' question renders as radios and keeps one answer.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes", {
            **base,
            "id": None,
            "idPrefix": bound_field.auto_id,
            "fieldset": {"legend": _legend(bound_field, options)},
            "values": [str(v) for v in (bound_field.value() or [])],
            "items": _choices(bound_field, options.get("conditionals", {})),
        }
    if isinstance(widget, forms.RadioSelect):
        return "radios", {
            **base,
            # The first input takes the field's id (error summary links and labels point at
            # it), so the group itself must not carry the same id.
            "id": None,
            "idPrefix": bound_field.auto_id,
            "fieldset": {"legend": _legend(bound_field, options)},
            "value": bound_field.value(),
            "items": _choices(bound_field, options.get("conditionals", {})),
        }
    if isinstance(widget, forms.CheckboxInput):
        return "checkboxes", {
            **base,
            # The one checkbox takes the field's id (its label and error link point at it),
            # so the group around it must not carry the same id.
            "id": None,
            "idPrefix": bound_field.auto_id,
            "items": [
                {
                    "value": "on",
                    "text": options.get("label", bound_field.label),
                    "checked": bool(bound_field.value()),
                    "id": bound_field.auto_id,
                    "hint": {"text": hint} if hint else None,
                }
            ],
            "hint": None,
        }
    if isinstance(widget, forms.Select):
        value = bound_field.value()
        return "select", {
            **base,
            "label": _label(bound_field, options),
            "items": [
                {"value": str(v), "text": str(t), "selected": str(v) == str(value or "")}
                for v, t in field.choices
            ],
        }
    if isinstance(widget, forms.Textarea):
        return "textarea", {
            **base,
            "label": _label(bound_field, options),
            "value": bound_field.value() or "",
            "rows": options.get("rows", 4),
        }
    input_type = "password" if isinstance(widget, forms.PasswordInput) else widget.input_type
    value = bound_field.value()
    if isinstance(widget, forms.PasswordInput):
        value = ""
    return "input", {
        **base,
        "label": _label(bound_field, options),
        "type": "text" if input_type in {"number"} else input_type,
        "value": "" if value is None else value,
        "autocomplete": options.get("autocomplete", widget.attrs.get("autocomplete")),
        "inputmode": options.get("inputmode", widget.attrs.get("inputmode")),
        "spellcheck": options.get("spellcheck"),
        "width": options.get("width"),
    }


def _legend(bound_field, options):
    legend = {"text": options.get("label", bound_field.label)}
    if options.get("is_page_heading"):
        legend.update(isPageHeading=True, classes="nhsuk-fieldset__legend--l")
    else:
        legend["classes"] = options.get("legend_classes", "nhsuk-fieldset__legend--s")
    return legend


def _choices(bound_field, conditionals):
    items = []
    for value, text in bound_field.field.choices:
        if value == "":
            continue
        item = {"value": str(value), "text": str(text)}
        if str(value) in conditionals:
            item["conditional"] = {"html": conditionals[str(value)]}
        items.append(item)
    return items


def error_summary_items(form):
    """Links for the NHS.UK error summary, in the order the fields appear on the page."""
    items = [{"text": str(e)} for e in form.non_field_errors()]
    for bound_field in form:
        if not bound_field.errors:
            continue
        href = f"#{bound_field.auto_id}"
        if isinstance(bound_field.field.widget, DateInputWidget):
            href = f"#{bound_field.auto_id}-day"
        elif isinstance(
            bound_field.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)
        ):
            href = f"#{bound_field.auto_id}"
        items.extend({"text": str(e), "href": href} for e in bound_field.errors)
    return items


def show_refusal(form, error):
    """Put a service's refusal (a ValidationError) on the form: against the field it is
    about where the form has one, otherwise at the top. What was typed is kept."""
    if hasattr(error, "error_dict"):
        for field, problems in error.error_dict.items():
            target = field if field in form.fields else None
            for problem in problems:
                form.add_error(target, problem.message % (problem.params or {}))
    elif isinstance(error, ValidationError):
        for message in error.messages:
            form.add_error(None, message)
    else:
        # A service's own refusal type (such as SasError) carries plain words in .message.
        form.add_error(None, getattr(error, "message", None) or str(error))
