"""Forms for recording an appeal and each step after it (docs/domain/sas-appeals.md#appeals). The
API fills the same AppealForm, so pages and systems share one set of checks and messages."""

from django import forms

from gateway.core import forms as fields
from gateway.core.forms import DateField
from gateway.sas.models import Appeal


def _text(label, **kwargs):
    kwargs.setdefault("required", True)
    return fields.CharField(label=label, **kwargs)


class AppealForm(forms.Form):
    against = forms.ChoiceField(
        label="What is the patient appealing against?",
        choices=Appeal.Against.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the patient is appealing against"},
    )
    lodged_by = forms.ChoiceField(
        label="Who made the appeal?",
        choices=Appeal.LodgedBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who made the appeal"},
    )
    representative_name = _text(
        "Name of the person representing the patient",
        required=False,
        max_length=200,
        hint="Only if someone is appealing for the patient",
    )
    representative_relationship = _text(
        "How they know the patient",
        required=False,
        max_length=200,
        help_text="For example: support worker, solicitor, family member",
    )
    means = forms.ChoiceField(
        label="How did the appeal arrive?",
        choices=Appeal.Means.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the appeal arrived"},
    )
    received_on = DateField(
        label="Date the appeal was received",
        label_for_errors="the date the appeal was received",
        help_text="For example, 15 3 2026",
    )
    grounds = _text(
        "Grounds for the appeal",
        widget=forms.Textarea,
        max_length=5000,
        help_text="In the patient's words where you can. For example: the incident did not "
        "happen, or they were placed on the scheme by mistake.",
        error_messages={"required": "Enter the grounds for the appeal"},
    )
    late_reason = _text(
        "If the appeal arrived after the deadline, why is it being accepted?",
        required=False,
        widget=forms.Textarea,
        max_length=2000,
        help_text="Leave this empty if the appeal arrived in time",
    )

    def clean(self):
        data = super().clean()
        if data.get("lodged_by") == Appeal.LodgedBy.REPRESENTATIVE and not data.get(
            "representative_name"
        ):
            self.add_error(
                "representative_name", "Enter the name of the person representing the patient"
            )
        return data


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class StepDateForm(VersionedForm):
    """Acknowledgement sent, a form received, papers sent: one date."""

    on = DateField(label="Date", label_for_errors="the date")

    def __init__(self, *args, label="Date", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label
        self.fields["on"].label_for_errors = label[0].lower() + label[1:]


class PanelForm(VersionedForm):
    panel_on = DateField(label="Date of the panel", label_for_errors="the date of the panel")
    reason = _text(
        "If the panel cannot meet by the due date, why?",
        required=False,
        widget=forms.Textarea,
        max_length=2000,
    )


class DecisionForm(VersionedForm):
    outcome = forms.ChoiceField(
        label="What did the panel decide?",
        choices=[
            (Appeal.Status.UPHELD, "Upheld: the patient leaves the scheme"),
            (Appeal.Status.DISMISSED, "Dismissed: the patient stays on the scheme"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the panel decided"},
    )
    reasons = _text(
        "The panel's reasons",
        widget=forms.Textarea,
        max_length=5000,
        help_text="These go in the letters to the patient and the practices",
        error_messages={"required": "Enter the panel's reasons for its decision"},
    )
    decided_on = DateField(
        label="Date of the decision", label_for_errors="the date of the decision"
    )
    out_of_order_reason = _text(
        "Why is the panel deciding before these steps are done?",
        required=False,
        widget=forms.Textarea,
        max_length=2000,
        help_text="This is kept with the appeal and shown on the appeal page",
    )


class WithdrawForm(VersionedForm):
    reason = _text(
        "Why has the appeal been withdrawn?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Say why the appeal is withdrawn"},
    )
