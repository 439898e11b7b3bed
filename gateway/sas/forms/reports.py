"""Forms for the removal report (docs/domain/sas-removal-and-allocation.md), screening and
allocation.

The removal report form is shared by the page and the API, so both give the same plain
messages. Dates are typed as day, month and year; times as "14:30" or "2:30pm"."""

import datetime
import re

from django import forms
from django.utils import timezone

from gateway.core import forms as fields
from gateway.core.forms import DateField
from gateway.sas.models import RemovalReport
from gateway.sas.rules import BEHAVIOURS

YES_NO = [("yes", "Yes"), ("no", "No")]
TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


def parse_time(text):
    """'14:30', '14.30', '2:30pm', '2pm' -> time; None when it is not a time."""
    match = TIME.match((text or "").strip().lower())
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match.group(2) is None:
        return None  # "14" alone is ambiguous
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


def _time_field(label):
    return fields.CharField(
        label=label,
        required=False,
        max_length=10,
        hint="Use the 24-hour clock or am and pm, for example 14:30 or 2:30pm",
        width=5,
    )


def _yes_no(label, **kwargs):
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": kwargs.pop("required_message", f"Answer: {label}")},
        **kwargs,
    )


def _choice(label, choices, message, **kwargs):
    return fields.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message},
        **kwargs,
    )


def _text(label, required=False, message=None, **kwargs):
    widget = kwargs.pop("widget", forms.Textarea)
    return fields.CharField(
        label=label,
        required=required,
        widget=widget,
        error_messages={"required": message or f"Enter {label.lower()}"},
        **kwargs,
    )


class RemovalReportForm(forms.Form):
    # Who signs (docs/domain/sas-removal-and-allocation.md#what-the-removal-report-holds)
    signed_by_name = _text(
        "Name of the person signing the report",
        required=True,
        message="Enter the name of the person signing the report",
        widget=forms.TextInput,
        max_length=200,
        autocomplete="name",
    )
    signed_by_role = _choice(
        "Their role",
        RemovalReport.Signatory.choices,
        "Choose the role of the person signing: a GP partner, practice manager or deputy",
    )
    # The incident
    incident_date = DateField(
        label="Date of the incident",
        label_for_errors="the date of the incident",
        hint="For example, 15 3 2026",
    )
    incident_time = _time_field("Time of the incident")
    setting = _choice(
        "Where did it happen?", RemovalReport.Setting.choices, "Choose where the incident happened"
    )
    behaviours = forms.MultipleChoiceField(
        label="What did the patient do?",
        choices=list(BEHAVIOURS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select what the patient did"},
    )
    description = _text(
        "Describe what happened",
        required=True,
        message="Describe what happened, including who was put at risk",
        rows=6,
    )
    previously_non_aggressive_in_anguish = _yes_no(
        "Was the patient, who was not aggressive before, in clear mental or physical distress?"
    )
    health_condition_could_explain = _choice(
        "Could a health condition that care could help explain the behaviour?",
        RemovalReport.YesNoUnsure.choices,
        "Say whether a health condition could explain the behaviour",
    )
    learning_disability_or_neurodiversity_considered = _yes_no(
        "Did you consider whether a learning disability or neurodiversity played a part?"
    )
    alternatives_tried = _text(
        "What else did you try before asking for removal? (optional)",
        help_text="For example, a warning letter, a named contact or a change of appointment",
    )
    # Police (docs/domain/sas-removal-and-allocation.md#condition-b-reported-to-the-police)
    police_reported = _yes_no("Did the practice report the incident to the police?")
    police_date = DateField(
        label="Date the police were told",
        label_for_errors="the date the police were told",
        required=False,
        hint="Needed if you told the police. For example, 15 3 2026",
    )
    police_time = _time_field("Time the police were told")
    police_reference = _text(
        "Police crime or incident reference (optional)",
        widget=forms.TextInput,
        max_length=50,
        hint="It helps the commissioner, but you can send the report without it",
        width=20,
    )
    # Notice (docs/domain/sas-removal-and-allocation.md#notice-and-when-the-removal-takes-effect)
    notice_date = DateField(
        label="Date notice of the removal was given",
        label_for_errors="the date notice was given",
        hint="The removal takes effect at this moment. For example, 15 3 2026",
    )
    notice_time = _time_field("Time notice was given")
    notice_method = _choice(
        "How was notice given to the commissioner?",
        RemovalReport.NoticeMethod.choices,
        "Choose how notice was given",
        hint="If notice was not in writing, you must confirm it in writing within 7 days. "
        "The day of notice counts as day 1.",
    )
    patient_told = _choice(
        "Was the patient told about the removal?",
        RemovalReport.PatientTold.choices,
        "Say whether the patient was told",
    )
    # Health and care context
    # (docs/domain/sas-removal-and-allocation.md#what-the-removal-report-holds)
    mental_health_conditions = _text("Existing mental health conditions (optional)")
    conditions_affecting_behaviour = _text(
        "Conditions that may affect behaviour (optional)",
        help_text="For example, learning disability, or drug or alcohol use",
    )
    current_medications = _text("Current medicines (optional)")
    other_care_providers = _text(
        "Other care providers involved (optional)",
        help_text="For example, the mental health team, district nurse or health visitor",
    )
    other_care_providers_will_be_told = forms.BooleanField(
        label="The other care providers will be told about the removal", required=False
    )
    cqc_notified = forms.BooleanField(
        label="The practice has told the CQC about this police-reported incident", required=False
    )

    def _moment(self, date_name, time_name, what):
        day = self.cleaned_data.get(date_name)
        typed = self.cleaned_data.get(time_name, "")
        if day is None:
            return None
        if not typed:
            self.add_error(time_name, f"Enter the time {what}")
            return None
        time = parse_time(typed)
        if time is None:
            self.add_error(time_name, f"Enter the time {what} like 14:30 or 2:30pm")
            return None
        moment = timezone.make_aware(datetime.datetime.combine(day, time))
        if moment > timezone.now():
            self.add_error(date_name, f"The date and time {what} must be in the past")
            return None
        return moment

    def clean(self):
        data = super().clean()
        data["incident_at"] = self._moment("incident_date", "incident_time", "of the incident")
        data["notice_given_at"] = self._moment("notice_date", "notice_time", "notice was given")
        data["police_reported_at"] = None
        if data.get("police_reported") == "yes":
            if data.get("police_date") is None and "police_date" not in self.errors:
                self.add_error("police_date", "Enter the date the police were told")
            else:
                data["police_reported_at"] = self._moment(
                    "police_date", "police_time", "the police were told"
                )
        incident, police = data["incident_at"], data["police_reported_at"]
        if incident and police and police < incident:
            self.add_error("police_date", "The police must have been told after the incident")
        notice = data["notice_given_at"]
        if incident and notice and notice < incident:
            self.add_error("notice_date", "Notice must have been given after the incident")
        return data

    def report_data(self):
        """The cleaned answers as the service takes them."""
        data = self.cleaned_data
        police = data["police_reported"] == "yes"
        return {
            "signed_by_name": data["signed_by_name"].strip(),
            "signed_by_role": data["signed_by_role"],
            "incident_at": data["incident_at"],
            "setting": data["setting"],
            "behaviours": list(data["behaviours"]),
            "description": data["description"].strip(),
            "previously_non_aggressive_in_anguish": (
                data["previously_non_aggressive_in_anguish"] == "yes"
            ),
            "health_condition_could_explain": data["health_condition_could_explain"],
            "learning_disability_or_neurodiversity_considered": (
                data["learning_disability_or_neurodiversity_considered"] == "yes"
            ),
            "alternatives_tried": data["alternatives_tried"].strip(),
            "police_reported": police,
            "police_reported_at": data["police_reported_at"] if police else None,
            "police_reference": data["police_reference"].strip() if police else "",
            "notice_given_at": data["notice_given_at"],
            "notice_method": data["notice_method"],
            "patient_told": data["patient_told"],
            "mental_health_conditions": data["mental_health_conditions"].strip(),
            "conditions_affecting_behaviour": data["conditions_affecting_behaviour"].strip(),
            "current_medications": data["current_medications"].strip(),
            "other_care_providers": data["other_care_providers"].strip(),
            "other_care_providers_will_be_told": data["other_care_providers_will_be_told"],
            "cqc_notified": data["cqc_notified"],
        }


class CheckReportForm(forms.Form):
    """The confirmation step: the police reference asked for once more, and an explanation
    when screening warned (docs/domain/sas-removal-and-allocation.md#what-does-not-qualify)."""

    police_reference = _text(
        "Do you have a police reference? It helps the commissioner (optional)",
        widget=forms.TextInput,
        max_length=50,
        hint="You did not give a police reference. If you have one, enter it here. If not, "
        "you can send the report without it.",
        width=20,
    )
    explanation = _text(
        "Why are you sending the report anyway?",
        help_text="The commissioner reads this with the warnings above",
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class InformationRequestForm(VersionForm):
    question = _text(
        "What do you need the practice to tell you?",
        required=True,
        message="Enter what you need the practice to tell you",
        rows=6,
    )
    due_on = DateField(
        label="Answer by",
        label_for_errors="the date to answer by",
        hint="Usually 5 working days from today",
    )

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        if due and due < timezone.localdate():
            raise forms.ValidationError("The date to answer by must be today or later")
        return due


class AnswerInformationForm(VersionForm):
    answer = _text(
        "Your answer",
        required=True,
        message="Enter the information the commissioner asked for",
        rows=8,
    )


class DeclineForm(VersionForm):
    reason = _text(
        "Why does the report not qualify?",
        required=True,
        message="Say why the report does not qualify, so the practice and patient can be told",
        hint="The practice and the patient are told this reason",
        rows=6,
    )


class AllocateForm(VersionForm):
    sas_practice = forms.ChoiceField(
        label="Choose the SAS practice",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the SAS practice to allocate the patient to"},
    )
    override_reason = _text(
        "Why are you choosing a different practice from the suggested one?",
        help_text="Only needed if you do not choose the suggested practice",
    )

    def __init__(self, *args, choices=(), confirming=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sas_practice"].choices = choices
        # Confirming another commissioner's proposal: the practice is already chosen.
        self.fields["sas_practice"].required = not confirming
