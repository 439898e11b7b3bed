"""Setting a safety flag on a person and ending one."""

from django import forms

from gateway.core import forms as fields

from ..services import flags as flag_services


class FlagForm(forms.Form):
    kind = fields.ChoiceField(
        label="Which flag?",
        choices=[(k.value, k.label) for k in flag_services.SETTABLE],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the flag",
            "invalid_choice": "Choose the flag from the list",
        },
    )
    detail = fields.CharField(
        label="Details",
        max_length=300,
        widget=forms.Textarea,
        hint="Shown to everyone who sees the person. Say what staff need to know and do.",
        error_messages={"required": "Enter the details staff need to know"},
    )


class EndFlagForm(forms.Form):
    reason = fields.CharField(
        label="Why is the flag no longer needed?",
        max_length=300,
        widget=forms.Textarea,
        error_messages={"required": "Say why the flag is no longer needed"},
    )
