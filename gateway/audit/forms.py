"""The auditor's search of the trail: by person (NHS number or name), member of staff,
organisation, what was done and a range of days. Every question is optional; the criteria
are kept in the session, never in the URL (ADR 0006)."""

from django import forms

from gateway.core import forms as fields
from gateway.core.forms import DateField
from gateway.patients.forms import clean_nhs_number

from .models import AuditEvent


class AuditSearchForm(forms.Form):
    nhs_number = fields.CharField(
        label="Person's NHS number",
        required=False,
        max_length=20,
        hint="10 numbers, for example 999 123 4567",
        error_messages={"max_length": "NHS number must be 20 characters or fewer"},
        inputmode="numeric",
        autocomplete="off",
        width=10,
    )
    name = fields.CharField(
        label="Person's name",
        required=False,
        max_length=200,
        hint="First name, last name or both",
        error_messages={"max_length": "Name must be 200 characters or fewer"},
        autocomplete="off",
    )
    user = forms.ChoiceField(
        label="Who did it",
        required=False,
        error_messages={"invalid_choice": "Select a member of staff from the list"},
    )
    organisation = forms.ChoiceField(
        label="Organisation",
        required=False,
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )
    action = forms.ChoiceField(
        label="What was done",
        required=False,
        choices=[("", "Anything"), *AuditEvent.Action.choices],
        error_messages={"invalid_choice": "Select what was done from the list"},
    )
    date_from = DateField(
        label="From",
        label_for_errors="the first day",
        required=False,
        help_text="For example, 1 3 2026",
    )
    date_to = DateField(
        label="To",
        label_for_errors="the last day",
        required=False,
        help_text="For example, 31 3 2026",
    )

    def __init__(self, *args, staff, organisations, **kwargs):
        """``staff``: users; ``organisations``: (public id, name) pairs."""
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [
            ("", "Anyone"),
            *((str(u.pk), f"{u.display_name} ({u.email})") for u in staff),
        ]
        self.fields["organisation"].choices = [
            ("", "Any organisation"),
            *((str(public_id), name) for public_id, name in organisations),
        ]

    def clean_nhs_number(self):
        typed = self.cleaned_data.get("nhs_number", "")
        return clean_nhs_number(typed) if typed.strip() else ""

    def clean_name(self):
        return " ".join(self.cleaned_data.get("name", "").split())

    def clean(self):
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_to")
        if first and last and first > last:
            self.add_error("date_to", "The last day must be the same as or after the first day")
        return data

    def criteria(self):
        """Plain values to keep in the session. The person is resolved to ids by the view."""
        data = self.cleaned_data
        return {
            "user": data.get("user") or "",
            "organisation": data.get("organisation") or "",
            "action": data.get("action") or "",
            "from": data["date_from"].isoformat() if data.get("date_from") else "",
            "to": data["date_to"].isoformat() if data.get("date_to") else "",
        }
