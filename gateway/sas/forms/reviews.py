"""Forms for review inputs, review decisions, exception discharge and completing a discharge.
They only check what was typed; the services apply the scheme's rules."""

from django import forms

from gateway.core import forms as fields
from gateway.core.forms import DateField
from gateway.sas.models import Review
from gateway.sas.services.discharge import MAX_STAY_IN_TOUCH_MONTHS
from gateway.sas.services.reviews import HowGiven, Input

INPUT_TEXT = {
    Input.PRACTICE_REPORT: (
        "The SAS practice's report",
        "How the patient has been: appointments kept, any incidents, their health and "
        "support, and whether they are ready to move to a mainstream practice.",
    ),
    Input.PATIENT_VIEW: (
        "The patient's view, in their own words",
        "Write down what they said as closely as you can. Do not sum it up in your words.",
    ),
    Input.SUPPORT_WORKER: (
        "The support worker's input",
        "What the support worker has seen, and what would help the patient.",
    ),
}


# What staff write here is copied into the letter to the patient exactly as written.
LETTER_HINT = (
    "This goes word for word into the letter to the patient, so write it for them in plain words."
)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewInputForm(VersionForm):
    text = fields.CharField(widget=forms.Textarea, required=False, rows=8)
    how = forms.ChoiceField(
        label="How did the patient give their view?",
        choices=HowGiven.CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["text"].label, self.fields["text"].help_text = INPUT_TEXT[kind]
        if kind != Input.PATIENT_VIEW:
            del self.fields["how"]


TOOK_PART = fields.ChoiceField(
    label="Did the patient take part, and how?",
    legend_classes="nhsuk-fieldset__legend--m",
    choices=Review.HowTookPart.choices,
    widget=forms.RadioSelect,
    required=False,
    help_text="If they did not take part, say in the reasons what was done to involve them.",
)


class PracticeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class StepDownFields(forms.Form):
    """The step-down plan (docs/domain/sas-reviews-and-discharge.md#discharge-and-step-down), shared
    by the review decision and exception pages."""

    target_practice = PracticeChoiceField(
        label="Practice the patient will register with",
        queryset=None,
        required=False,
        empty_label="Not in this list",
    )
    target_practice_note = forms.CharField(
        label="If it is not in the list, name the practice or say what is planned",
        required=False,
        max_length=200,
    )
    medication_cover = forms.CharField(
        label="How the SAS practice covers medicines until the patient is registered",
        widget=forms.Textarea,
        required=False,
    )
    referrals_to_hand_over = forms.CharField(
        label="Referrals in progress to hand over to the new practice (optional)",
        widget=forms.Textarea,
        required=False,
    )
    stay_in_touch_months = fields.IntegerField(
        label="How many months will the SAS practice stay in touch after discharge?",
        help_text=f"Step-down keeps the patient connected for continuity. 0 to "
        f"{MAX_STAY_IN_TOUCH_MONTHS}.",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        width=2,
        error_messages={"invalid": "Enter the number of months as a whole number, like 6"},
    )

    def __init__(self, *args, practices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_practice"].queryset = practices


class ReviewDecisionForm(VersionForm, StepDownFields):
    patient_took_part = TOOK_PART
    held_on = DateField(
        label="Date the review was held", label_for_errors="the date", required=False
    )
    decision = fields.ChoiceField(
        label="Decision",
        legend_classes="nhsuk-fieldset__legend--m",
        choices=Review.Decision.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        help_text=LETTER_HINT,
        widget=forms.Textarea,
        required=False,
    )
    what_would_change_it = forms.CharField(
        label="If they remain: what would change the decision",
        help_text="Tell the patient what they can do to leave the scheme at the next review. "
        + LETTER_HINT,
        widget=forms.Textarea,
        required=False,
    )

    field_order = [
        "patient_took_part",
        "held_on",
        "decision",
        "reasons",
        "what_would_change_it",
        "target_practice",
        "target_practice_note",
        "medication_cover",
        "referrals_to_hand_over",
        "stay_in_touch_months",
        "version",
    ]


class ExceptionDischargeForm(VersionForm, StepDownFields):
    patient_took_part = TOOK_PART
    held_on = DateField(label="Date the panel met", label_for_errors="the date", required=False)
    reasons = forms.CharField(
        label="The panel's reasons for discharging early",
        help_text=LETTER_HINT,
        widget=forms.Textarea,
        required=False,
    )

    field_order = ["patient_took_part", "held_on", "reasons", *StepDownFields.base_fields]


class CompleteDischargeForm(VersionForm):
    registered_practice = PracticeChoiceField(
        label="Practice the patient is now registered with",
        queryset=None,
        required=False,
        empty_label="Choose a practice",
    )
    registered_on = DateField(
        label="Date they registered", label_for_errors="the date they registered", required=False
    )

    def __init__(self, *args, practices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registered_practice"].queryset = practices
