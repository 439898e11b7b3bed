"""The commissioner's decision on a request to link an organisation to a person (ADR 0035)."""

from django import forms

from gateway.core import forms as fields

LINK = "link"
DECLINE = "decline"


class LinkDecisionForm(forms.Form):
    decision = fields.ChoiceField(
        label="What do you want to do?",
        widget=forms.RadioSelect,
        legend_classes="nhsuk-fieldset__legend--m",
        error_messages={"required": "Choose whether to link or decline"},
    )
    reason = fields.CharField(
        label="Why are you declining?",
        required=False,
        max_length=500,
        widget=forms.Textarea,
        rows=4,
        hint=(
            "The organisation that asked is shown this. Do not write anything about the "
            "person that they should not know."
        ),
    )

    def __init__(self, *args, organisation_name="the organisation", can_link=True, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(DECLINE, f"Decline: keep the record hidden from {organisation_name}")]
        if can_link:
            choices.insert(0, (LINK, f"Link: let {organisation_name} see the person's record"))
        self.fields["decision"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("decision") == DECLINE and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why you are declining, so they can be told")
        return data
