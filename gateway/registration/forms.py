"""Forms for the registration pages. They collect what the user typed; the services
decide and their refusals are shown on the fields."""

import datetime

from django import forms
from django.utils import timezone

from gateway.core import forms as fields
from gateway.core.forms import DateField
from gateway.patients.forms import (
    clean_ethnic_category,
    clean_nhs_number,
    ethnic_category_field,
)
from gateway.patients.models import Consent, Patient
from gateway.patients.rules import nhs_number_digits

from .models import RefusalReason, RegistrationReferral

R = RegistrationReferral
VERSION_FIELD = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _text(label, required=False, max_length=200, message=None, textarea=False, **display):
    """A text question; display carries the hint and NHS.UK options (width, autocomplete)."""
    return fields.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea if textarea else forms.TextInput,
        error_messages={"required": message or f"Enter {label.lower()}"},
        **display,
    )


def _choice(label, choices, message, required=True):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


def _days(label, maximum):
    return fields.IntegerField(
        label=label,
        width=3,
        required=False,
        min_value=1,
        max_value=maximum,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": f"Enter a number of days from 1 to {maximum}",
            "min_value": f"Enter a number of days from 1 to {maximum}",
            "max_value": f"On release this covers up to {maximum} days: enter 1 to {maximum}",
        },
    )


def _yes_no(label, yes="Yes", no="No", hint=None):
    """A yes/no question as radios (a lone checkbox shares its id with its wrapper in the
    NHS.UK rendering, so its label would not reach the box)."""
    return fields.TypedChoiceField(
        label=label,
        choices=[("yes", yes), ("no", no)],
        coerce=lambda value: value == "yes",
        empty_value=False,
        required=False,
        hint=hint,
        widget=forms.RadioSelect,
    )


class PersonForm(forms.Form):
    """The minimum PCSE needs (docs/domain/gp-registration.md#national-rules): a placeholder name
    may be agreed, an estimated year of birth is enough, and the NHS number is optional."""

    title = _text("Title (optional)", max_length=20, hint="For example Mr, Ms or Mx", width=5)
    given_name = _text("First name", required=True, max_length=100, autocomplete="off")
    family_name = _text("Last name", required=True, max_length=100, autocomplete="off")
    date_of_birth = DateField(
        label="Date of birth",
        required=False,
        label_for_errors="the date of birth",
        hint="For example 15 3 1984",
    )
    birth_year = fields.IntegerField(
        label="Or, if they do not know it, the year they were born (estimated)",
        hint="We will use 1 January of that year",
        width=4,
        required=False,
        min_value=1900,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": "Enter the year as 4 numbers, like 1990"},
    )
    sex = _choice("Sex", Patient.Sex.choices, "Choose an answer, or 'Not known'")
    nhs_number = _text("NHS number (optional)", max_length=20, hint="10 numbers", width=10)
    ethnic_category = ethnic_category_field()

    def clean_ethnic_category(self):
        return clean_ethnic_category(self.cleaned_data.get("ethnic_category"))

    def clean_nhs_number(self):
        typed = self.cleaned_data.get("nhs_number")
        return clean_nhs_number(typed) if nhs_number_digits(typed) else ""

    def clean(self):
        data = super().clean()
        born, year = data.get("date_of_birth"), data.get("birth_year")
        this_year = timezone.localdate().year
        if born is None and year is None and "date_of_birth" not in self.errors:
            self.add_error("date_of_birth", "Enter the date of birth, or an estimated year")
        if year is not None and year > this_year:
            self.add_error("birth_year", "The year must be this year or earlier")
        if born and born > timezone.localdate():
            self.add_error("date_of_birth", "The date of birth must be in the past")
        return data

    def person_data(self):
        data = self.cleaned_data
        born = data["date_of_birth"] or datetime.date(data["birth_year"], 1, 1)
        return {
            "title": data["title"].strip(),
            "given_name": data["given_name"],
            "family_name": data["family_name"],
            "date_of_birth": born,
            "date_of_birth_is_estimated": data["date_of_birth"] is None,
            "sex": data["sex"],
            "ethnic_category": data["ethnic_category"],
            "nhs_number": data["nhs_number"],
            "nhs_number_unknown_reason": ""
            if data["nhs_number"]
            else Patient.NhsNumberUnknownReason.NOT_GIVEN,
        }


class ReferralForm(forms.Form):
    consent_given = _yes_no(
        "Does the person agree to be referred to a GP practice to register?",
        yes="Yes, they agree",
        no="No, or not asked yet",
        hint="They agree that we share the details on this page with the practice",
    )
    consent_method = _choice(
        "How did they agree?",
        [(Consent.Method.VERBAL, "They said so"), (Consent.Method.WRITTEN, "In writing")],
        "Say how the person agreed",
        required=False,
    )
    address_basis = _choice(
        "Address for registration",
        R.AddressBasis.choices,
        "Choose the address to register with",
    )
    address_line_1 = _text("Address line 1", max_length=100, autocomplete="off")
    address_line_2 = _text("Address line 2 (optional)", max_length=100, autocomplete="off")
    town = _text("Town or city", max_length=100, autocomplete="off")
    postcode = _text("Postcode", max_length=10, width=10, autocomplete="off")
    identity_confirmed = _yes_no(
        "Can you confirm who this person is?",
        hint="If you cannot, the referral still goes: no ID is needed to register",
    )
    identity_method = _choice(
        "How do you know who they are?",
        R.IdentityMethod.choices,
        "Say how you confirmed who the person is",
        required=False,
    )
    identity_note = _text("Anything to add about identity (optional)", max_length=300)
    adjustments = _text(
        "Reasonable adjustments (optional)",
        max_length=2000,
        textarea=True,
        hint="For example an interpreter, a quiet waiting area, or a longer appointment",
    )
    is_prison_leaver = _yes_no(
        "Is the person leaving prison, a young offender institution, an immigration removal "
        "centre or a secure training centre?"
    )
    release_date = DateField(
        label="Release date",
        required=False,
        label_for_errors="the release date",
        hint="For example 15 3 2026",
    )
    releasing_establishment = _text("Prison or establishment", max_length=200)
    medication_on_release = _text("Medicines on release (optional)", max_length=2000, textarea=True)
    medication_days = _days("Days of medicines supplied (up to 28)", 28)
    opioid_substitution = _yes_no("Are they on opioid substitution therapy?")
    opioid_substitution_days = _days("Days of opioid substitution supplied (up to 14)", 14)


class ChoosePracticeForm(forms.Form):
    practice = forms.ChoiceField(
        label="Practice",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a practice",
            "invalid_choice": "Choose one of the practices listed",
        },
    )
    version = VERSION_FIELD

    def __init__(self, *args, practices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"].choices = [(str(p.public_id), p.name) for p in practices]


class AcceptForm(forms.Form):
    registered_on = DateField(
        label="Date registered",
        label_for_errors="the date registered",
        hint="For example 15 3 2026",
    )
    nhs_number = _text("NHS number, if you know it", max_length=20, hint="10 numbers", width=10)
    version = VERSION_FIELD


class RefuseForm(forms.Form):
    reason = forms.ModelChoiceField(
        label="Reason for refusing",
        queryset=RefusalReason.objects.filter(is_active=True),
        widget=forms.RadioSelect,
        empty_label=None,
        to_field_name="code",
        error_messages={"required": "Choose the reason", "invalid_choice": "Choose the reason"},
    )
    detail = _text("Say more", max_length=2000, textarea=True)
    version = VERSION_FIELD


class DateForm(forms.Form):
    """One date on a referral; each page asks it in its own words (label)."""

    on = DateField(label="Date", label_for_errors="the date", hint="For example 15 3 2026")
    version = VERSION_FIELD

    def __init__(self, *args, label="Date", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label


class WithdrawForm(forms.Form):
    reason = _text("Why is the referral withdrawn?", required=True, max_length=500, textarea=True)
    version = VERSION_FIELD


class AfterRefusalForm(forms.Form):
    """The referrer's next step after a refusal (a refusal is never a dead end)."""

    ANOTHER = "another_practice"
    CHALLENGE = "challenge"
    STOP = "stop"

    next_step = _choice(
        "What do you want to do next?",
        [
            (ANOTHER, "Choose another practice and send the referral there"),
            (CHALLENGE, "Challenge the refusal: ask the commissioner to look at it"),
            (STOP, "Stop: do not take this referral further"),
        ],
        "Choose what you want to do next",
    )
    reason = _text(
        "Why?",
        max_length=2000,
        textarea=True,
        hint="Needed to challenge or to stop. If you challenge, say why the refusal is "
        "wrong: the commissioner reads this with the referral's history.",
    )
    version = VERSION_FIELD

    def __init__(self, *args, can_challenge=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_challenge:
            field = self.fields["next_step"]
            field.choices = [c for c in field.choices if c[0] != self.CHALLENGE]

    def clean(self):
        cleaned = super().clean()
        step = cleaned.get("next_step")
        if step in (self.CHALLENGE, self.STOP) and not (cleaned.get("reason") or "").strip():
            self.add_error(
                "reason",
                "Say why the refusal is wrong"
                if step == self.CHALLENGE
                else "Say why you are stopping",
            )
        return cleaned


class PracticeContactedForm(forms.Form):
    on = DateField(label="Date you contacted the practice", label_for_errors="the date")
    note = _text(
        "What did the practice say?",
        required=True,
        max_length=2000,
        textarea=True,
        message="Say what the practice told you",
    )
    version = VERSION_FIELD


class RefusalOutcomeForm(forms.Form):
    outcome = _choice(
        "What is the outcome?",
        R.CommissionerOutcome.choices,
        "Choose the outcome",
    )
    practice = forms.ChoiceField(
        label="Practice to assign",
        required=False,
        help_text="Only if you assign another practice",
        error_messages={"invalid_choice": "Choose one of the practices listed"},
    )
    note = _text(
        "What was decided and why?",
        required=True,
        max_length=2000,
        textarea=True,
        message="Say what was decided and why",
        hint="The referrer is told this.",
    )
    version = VERSION_FIELD

    def __init__(self, *args, practices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"].choices = [("", "Choose a practice")] + [
            (str(p.public_id), p.name) for p in practices
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == R.CommissionerOutcome.PRACTICE_ASSIGNED and not cleaned.get(
            "practice"
        ):
            self.add_error("practice", "Choose the practice to assign")
        return cleaned
