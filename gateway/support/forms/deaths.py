"""Recording a person's death and changing the record later: when and where, the cause,
whether it was judged preventable or treatable, and the learning review. The answers and their
choices are the death service's."""

from django import forms

from gateway.core import forms as fields
from gateway.core.forms import DateField

from ..services import deaths as death_services

CHOICES = death_services.CHOICES


def _radios(label, choices, message):
    return fields.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


def _text(label, max_length=4000, textarea=True):
    return fields.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.Textarea if textarea else forms.TextInput,
    )


class DeathForm(forms.Form):
    died_on = DateField(
        label="Date they died",
        label_for_errors="the date the person died",
        hint="For example 15 3 2026",
    )
    date_is_estimated = fields.BooleanField(label="The date is an estimate", required=False)
    place = _radios("Where did they die?", CHOICES["place"].choices, "Choose where the person died")
    place_detail = _text("More about where (optional)", max_length=300, textarea=False)
    cause_category = _radios(
        "Cause of death",
        CHOICES["cause_category"].choices,
        "Choose the cause of death, or not known yet",
    )
    cause_detail = _text("More about the cause (optional)")
    preventable = _radios(
        "Was the death judged preventable?", CHOICES["preventable"].choices, "Choose an answer"
    )
    treatable = _radios(
        "Was the cause judged treatable?", CHOICES["treatable"].choices, "Choose an answer"
    )
    learning_review_status = _radios(
        "Learning review",
        CHOICES["learning_review_status"].choices,
        "Choose where the learning review is",
    )
    learning_review_findings = _text("What the learning review found (optional until complete)")


class DeathEditForm(DeathForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
