"""The forms of a closing practice: close one by hand, record a merger, and choose where a
person or the open referrals go."""

from django import forms

from gateway.core import forms as fields


def _practice_field(label, queryset, hint=""):
    return fields.ModelChoiceField(
        label=label,
        hint=hint,
        queryset=queryset,
        to_field_name="public_id",
        empty_label="Choose a practice",
        error_messages={"required": "Choose a practice", "invalid_choice": "Choose a practice"},
    )


class CloseForm(forms.Form):
    def __init__(self, *args, practices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"] = _practice_field("Practice that is closing", practices)
        self.fields["closed_on"] = fields.DateField(
            label="Date it closes",
            hint="For example, 1 3 2027. It can be in the future.",
            label_for_errors="the date it closes",
        )
        self.fields["reason"] = fields.CharField(
            label="Why it is closing",
            max_length=300,
            error_messages={"required": "Say why the practice is closing"},
        )


class MergeForm(CloseForm):
    def __init__(self, *args, practices, **kwargs):
        super().__init__(*args, practices=practices, **kwargs)
        self.fields["practice"].label = "Practice that is merging"
        self.fields["successor"] = _practice_field(
            "Practice it joins",
            practices,
            hint="People, open referrals and records move to this practice.",
        )
        self.fields["closed_on"].label = "Date of the merger"
        self.fields["reason"].label = "Why they are merging"
        self.order_fields(["practice", "successor", "closed_on", "reason"])


class MoveForm(forms.Form):
    def __init__(self, *args, practices, label="Move to", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"] = _practice_field(label, practices)
