"""Forms for needs and assessments. Assessment forms collect raw answers only; the pure rules
work out points and totals. The NDTA form offers 0–4 for every item, so a doubled value
cannot be typed by mistake."""

from decimal import Decimal

from django import forms

from gateway.core import forms as fields
from gateway.core.forms import DateField

from ..models import Need
from ..questions import dash_questions
from ..rules import dash, edmonton, ndta

FOR_EXAMPLE = "For example 15 3 2026"
YES_NO = [("yes", "Yes"), ("no", "No")]


def _radio(label, choices, required_message):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


class NeedForm(forms.Form):
    # Several needs seen together are recorded at once, each as its own need.
    domain = forms.MultipleChoiceField(
        label="Which needs?",
        help_text="Select all that apply",
        choices=Need.Domain.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one need"},
    )
    status = _radio(
        "Is this need current or in the past?",
        Need.Status.choices,
        "Choose whether the need is current or in the past",
    )
    evidence = fields.CharField(
        label="Evidence",
        hint="What shows these needs: what the person said, a letter, a conviction, a tenancy "
        "ending. Use the person's own words where you can.",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Enter the evidence for this need"},
    )
    noted_on = DateField(
        label="Date",
        label_for_errors="the date",
        hint="When the need was known to be present, for example 15 3 2026",
    )


class EndNeedForm(forms.Form):
    ended_on = DateField(
        label="Date the need ended", label_for_errors="the date the need ended", hint=FOR_EXAMPLE
    )
    reason = forms.CharField(label="Why has it ended? (optional)", required=False, max_length=300)


class AssessmentForm(forms.Form):
    assessed_on = DateField(
        label="Date of the assessment",
        label_for_errors="the date of the assessment",
        hint=FOR_EXAMPLE,
    )

    def item_fields(self):
        return [self[name] for name in self.fields if name not in {"assessed_on", "notes"}]


def _count(label, maximum=None, what="number"):
    return fields.IntegerField(
        label=label,
        width=2,
        inputmode="numeric",
        min_value=0,
        max_value=maximum,
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"The {what} must be a whole number, like 2",
            "min_value": f"The {what} must be 0 or more",
            "max_value": f"The {what} must be {maximum} or fewer",
        },
    )


class EdmontonForm(AssessmentForm):
    clock = _radio(
        edmonton.LABELS["clock"],
        [
            ("no_errors", "No errors"),
            ("minor_errors", "Minor spacing errors"),
            ("other_errors", "Other errors"),
        ],
        "Choose the result of the clock drawing check",
    )
    admissions = _count(edmonton.LABELS["admissions"], what="number of admissions")
    self_rated_health = _radio(
        edmonton.LABELS["self_rated_health"],
        [("good", "Excellent, very good or good"), ("fair", "Fair"), ("poor", "Poor")],
        "Choose how the person rates their own health",
    )
    activities_needing_help = _count(
        edmonton.LABELS["activities_needing_help"], 8, what="number of activities"
    )
    social_support = _radio(
        edmonton.LABELS["social_support"],
        [("always", "Always"), ("sometimes", "Sometimes"), ("never", "Never")],
        "Choose how often the person can count on help",
    )
    five_or_more_medicines = _radio(
        edmonton.LABELS["five_or_more_medicines"], YES_NO, "Answer yes or no"
    )
    forgets_medicines = _radio(edmonton.LABELS["forgets_medicines"], YES_NO, "Answer yes or no")
    weight_loss = _radio(edmonton.LABELS["weight_loss"], YES_NO, "Answer yes or no")
    low_mood = _radio(edmonton.LABELS["low_mood"], YES_NO, "Answer yes or no")
    incontinence = _radio(edmonton.LABELS["incontinence"], YES_NO, "Answer yes or no")
    get_up_and_go_seconds = fields.DecimalField(
        label=edmonton.LABELS["get_up_and_go"],
        hint="The time in seconds, like 12 or 12.5",
        width=4,
        inputmode="decimal",
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("600"),
        decimal_places=1,
        error_messages={
            "invalid": "The time must be a number of seconds, like 12 or 12.5",
            "min_value": "The time must be 0 seconds or more",
            "max_value": "The time must be 600 seconds or fewer",
            "max_decimal_places": "Give the time to one decimal place at most, like 12.5",
        },
    )
    get_up_and_go_unable = forms.BooleanField(
        label="The person was unable to do the get-up-and-go", required=False
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)

    def clean(self):
        data = super().clean()
        if data.get("get_up_and_go_unable"):
            data["get_up_and_go_seconds"] = None
        elif data.get("get_up_and_go_seconds") is None and "get_up_and_go_seconds" not in (
            self.errors
        ):
            self.add_error(
                "get_up_and_go_seconds",
                "Enter the get-up-and-go time in seconds, or tick that the person was unable",
            )
        return data

    def answers(self):
        data = self.cleaned_data
        answers = {key: data[key] for key in edmonton.KEYS if key != "get_up_and_go"}
        for key in edmonton.YES_NO_ITEMS:
            answers[key] = data[key] == "yes"
        answers["get_up_and_go_seconds"] = data["get_up_and_go_seconds"]
        answers["get_up_and_go_unable"] = bool(data["get_up_and_go_unable"])
        return answers


NDTA_RATINGS = [(str(n), f"{n}: {ndta.RATING_MEANINGS[n]}") for n in ndta.RATINGS]


class NdtaForm(AssessmentForm):
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        items = {}
        for key, label, weight in ndta.ITEMS:
            field = _radio(label, NDTA_RATINGS, f"Choose a rating from 0 to 4 for {label.lower()}")
            low, high = ndta.ENDS[key]
            field.help_text = f"0 means {low}. 4 means {high}."
            if weight > 1:
                field.help_text += (
                    " This item counts double: Gateway doubles it in the total, so do not "
                    "double it yourself."
                )
            items[key] = field
        self.fields = {
            "assessed_on": self.fields["assessed_on"],
            **items,
            "notes": self.fields["notes"],
        }

    def ratings(self):
        return {key: int(self.cleaned_data[key]) for key in ndta.KEYS}


DASH_ANSWERS = [(dash.YES, "Yes"), (dash.NO, "No"), (dash.DONT_KNOW, "Don't know")]
JUDGEMENT_CHOICES = [("", "No separate judgement: use the checklist")] + [
    (level, dash.RISK_LABELS[level]) for level in dash.RISK_LEVELS
]


class DashForm(AssessmentForm):
    """24 answers keyed q1…q24; the wording comes from DASH_QUESTIONS_FILE."""

    judged = fields.ChoiceField(
        label="Your professional judgement of the risk (optional)",
        hint="Professional judgement can raise the risk level. It cannot lower a checklist "
        "with 14 or more 'yes' answers.",
        choices=JUDGEMENT_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    reasons = fields.CharField(
        label="Reasons for your judgement",
        hint="Needed if you judge the risk high with fewer than 14 'yes' answers",
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        questions = {
            f"q{number}": _radio(f"{number}. {text}", DASH_ANSWERS, f"Answer question {number}")
            for number, text in dash_questions()
        }
        self.fields = {
            "assessed_on": self.fields["assessed_on"],
            **questions,
            "judged": self.fields["judged"],
            "reasons": self.fields["reasons"],
        }

    def item_fields(self):
        return [self[f"q{number}"] for number in range(1, dash.QUESTION_COUNT + 1)]

    def answers(self):
        return {
            number: self.cleaned_data[f"q{number}"] for number in range(1, dash.QUESTION_COUNT + 1)
        }


class MaracReferralForm(forms.Form):
    referred_on = DateField(
        label="Date of the referral", label_for_errors="the referral date", hint=FOR_EXAMPLE
    )
    reasons = forms.CharField(
        label="Reasons for the referral",
        required=False,
        widget=forms.Textarea,
        help_text="Needed when the checklist has fewer than 14 'yes' answers",
    )


FORMS = {"edmonton": EdmontonForm, "ndta": NdtaForm, "dash": DashForm}


class IncidentForm(forms.Form):
    occurred_on = DateField(
        label="Date of the incident", label_for_errors="the incident date", hint=FOR_EXAMPLE
    )
    note = fields.CharField(
        label="What happened, briefly (optional)",
        required=False,
        max_length=300,
        hint="Do not name other people",
    )


class EscalationReferralForm(forms.Form):
    referred_on = DateField(
        label="Date of the referral", label_for_errors="the referral date", hint=FOR_EXAMPLE
    )
