"""What a member of staff types to ask for a subject access export."""

from django import forms

from gateway.core import forms as fields
from gateway.core.forms import DateField


class ExportRequestForm(forms.Form):
    request_reference = fields.CharField(
        label="Your reference for this request",
        hint="The reference your organisation gave the request, for example SAR-2026-017. "
        "Do not use the person's name: the reference is shown in lists.",
        max_length=100,
        width=20,
        error_messages={"required": "Enter your reference for this request"},
    )
    received_on = DateField(
        label="Date the request reached you",
        label_for_errors="the date the request reached you",
        hint="The law gives you one calendar month from this day to answer. For example 15 3 2026",
    )
