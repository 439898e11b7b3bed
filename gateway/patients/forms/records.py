"""Forms for records over time: linking two records as one person and a record made in error."""

from django import forms

from gateway.core import forms as fields


class ConfirmForm(forms.Form):
    """A page whose only answer is its button (link, undo, confirm, cancel)."""


class MadeInErrorForm(forms.Form):
    reason = fields.CharField(
        label="Why was this record made in error?",
        hint="For example, the person was added to Gateway by mistake or does not exist. "
        "A second person in your organisation will be asked to confirm it.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
