"""Forms for finding, adding and changing a patient
(docs/domain/identifiers-and-reference-data.md#identifiers-and-reference-data).

Errors say what is wrong and how to fix it; Django keeps what was typed in a bound form, so
every field shows the person's own text back to them on error."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone

from gateway.accounts.models import Organisation
from gateway.core import forms as fields
from gateway.core.forms import DateField

from .. import rules
from ..models import Address, Patient

EARLIEST_BIRTH_YEAR = 1900

# Addresses that are somewhere a letter could reach, so need a postcode.
ADDRESS_KINDS_NEEDING_POSTCODE = {
    Address.Kind.HOME,
    Address.Kind.TEMPORARY,
    Address.Kind.HOSTEL,
}

ADJUSTMENT_CHOICES = [
    ("interpreter", "Needs a spoken language interpreter"),
    ("bsl", "Needs a British Sign Language interpreter"),
    ("easy_read", "Needs information in easy read"),
    ("large_print", "Needs information in large print"),
]
# Which Patient boolean each adjustment choice sets.
ADJUSTMENT_FIELDS = {
    "interpreter": "needs_interpreter",
    "bsl": "needs_bsl",
    "easy_read": "needs_easy_read",
    "large_print": "needs_large_print",
}


def ethnic_category_field():
    """The person's ethnic group in their own words' nearest NHS Data Dictionary category.
    Optional: left unanswered it is "not known", never a guess."""
    return fields.ChoiceField(
        label="Ethnic group (optional)",
        label_classes="nhsuk-label--m",
        required=False,
        choices=Patient.EthnicCategory.choices,
        initial=Patient.EthnicCategory.NOT_KNOWN,
        error_messages={"invalid_choice": "Choose an ethnic group from the list, or Not known"},
        hint=(
            "As the person describes it. Choose 'Not stated' if they chose not to say; "
            "leave 'Not known' if they were not asked"
        ),
    )


def clean_ethnic_category(value):
    return value or Patient.EthnicCategory.NOT_KNOWN


def clean_nhs_number(value):
    """Digits of a typed NHS number (0-9 whatever script they were typed in), or a
    forms.ValidationError in plain words. The 999 test range is refused unless the settings
    allow it (demo and test only)."""
    error = rules.nhs_number_error(value, allow_test_range=settings.ALLOW_TEST_NHS_NUMBERS)
    if error:
        raise forms.ValidationError(error)
    return rules.nhs_number_digits(value)


def _text(label, *, max_length=None, **kwargs):
    """A text field whose length error is in plain words."""
    messages = kwargs.pop("error_messages", {})
    if max_length:
        name = label.removesuffix(" (optional)")
        messages.setdefault("max_length", f"{name} must be {max_length} characters or fewer")
    return fields.CharField(label=label, max_length=max_length, error_messages=messages, **kwargs)


def _date_of_birth_field():
    return DateField(
        label="Date of birth",
        label_for_errors="date of birth",
        help_text="For example, 15 3 1984",
        legend_classes="nhsuk-fieldset__legend--m",
    )


def check_date_of_birth(value):
    if value is None:
        return value
    if value > timezone.localdate():
        raise forms.ValidationError("Date of birth must be today or in the past")
    if value.year < EARLIEST_BIRTH_YEAR:
        raise forms.ValidationError(f"Date of birth must be after 1 January {EARLIEST_BIRTH_YEAR}")
    return value


class PatientForm(forms.Form):
    nhs_number_known = fields.ChoiceField(
        label="Do you know their NHS number?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        legend_classes="nhsuk-fieldset__legend--m",
        error_messages={"required": "Select yes if you know their NHS number"},
    )
    nhs_number = _text(
        "NHS number",
        required=False,
        max_length=20,
        help_text="10 numbers, for example 999 123 4567",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        width=10,
    )
    nhs_number_unknown_reason = forms.ChoiceField(
        label="Why is their NHS number not known?",
        required=False,
        choices=Patient.NhsNumberUnknownReason.choices,
        widget=forms.RadioSelect,
    )
    nhs_number_unknown_detail = _text("Tell us more", required=False, max_length=200)
    title = _text("Title (optional)", required=False, max_length=20, width=5)
    given_name = _text(
        "First name",
        max_length=100,
        error_messages={"required": "Enter their first name"},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    family_name = _text(
        "Last name",
        max_length=100,
        error_messages={"required": "Enter their last name"},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    preferred_name = _text(
        "Preferred name (optional)",
        required=False,
        max_length=100,
        help_text="What they would like to be called, if different",
    )
    date_of_birth = _date_of_birth_field()
    date_of_birth_is_estimated = forms.BooleanField(
        label="The date of birth is estimated", required=False
    )
    sex = fields.ChoiceField(
        label="Sex",
        choices=Patient.Sex.choices,
        widget=forms.RadioSelect,
        legend_classes="nhsuk-fieldset__legend--m",
        error_messages={"required": "Select their sex, or Not known"},
    )
    gender_identity = _text(
        "Gender identity (optional)",
        required=False,
        max_length=100,
        help_text="In their own words",
    )
    pronouns = _text(
        "Pronouns (optional)",
        required=False,
        max_length=50,
        help_text="For example, she/her, he/him or they/them",
        width=10,
    )
    ethnic_category = ethnic_category_field()
    adjustments = fields.MultipleChoiceField(
        label="Reasonable adjustments (optional)",
        required=False,
        choices=ADJUSTMENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        legend_classes="nhsuk-fieldset__legend--m",
        help_text="Select all that apply",
    )
    interpreter_language = _text("Which language?", required=False, max_length=100)
    other_adjustments = _text(
        "Other adjustments (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="For example, needs a longer appointment or a quiet waiting area",
    )
    address_kind = fields.ChoiceField(
        label="Where do they live now?",
        choices=Address.Kind.choices,
        widget=forms.RadioSelect,
        hint="Choose the closest. If they have no address, choose No fixed abode.",
        legend_classes="nhsuk-fieldset__legend--m",
        error_messages={"required": "Select where they live now, or No fixed abode"},
    )
    care_of_organisation = forms.ModelChoiceField(
        label="Which organisation?",
        required=False,
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        to_field_name="public_id",
        empty_label="Choose an organisation",
        help_text="Where they pick up post or can be contacted",
    )
    address_line_1 = _text(
        "Address line 1", required=False, max_length=100, hint="Not needed for no fixed abode"
    )
    address_line_2 = _text("Address line 2 (optional)", required=False, max_length=100)
    town = _text("Town or city", required=False, max_length=100, width=20)
    postcode = _text(
        "Postcode",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        hint="Not needed for no fixed abode",
        width=10,
    )

    def clean_date_of_birth(self):
        return check_date_of_birth(self.cleaned_data.get("date_of_birth"))

    def clean_ethnic_category(self):
        return clean_ethnic_category(self.cleaned_data.get("ethnic_category"))

    def clean(self):
        data = super().clean()
        self._clean_nhs_number(data)
        self._clean_adjustments(data)
        self._clean_address(data)
        return data

    def _clean_nhs_number(self, data):
        known = data.get("nhs_number_known")
        if known == "yes":
            data["nhs_number_unknown_reason"] = ""
            data["nhs_number_unknown_detail"] = ""
            typed = data.get("nhs_number", "")
            if not typed:
                self.add_error("nhs_number", "Enter their NHS number")
                return
            try:
                data["nhs_number"] = clean_nhs_number(typed)
            except forms.ValidationError as error:
                self.add_error("nhs_number", error)
        elif known == "no":
            data["nhs_number"] = ""
            reason = data.get("nhs_number_unknown_reason")
            if not reason:
                self.add_error(
                    "nhs_number_unknown_reason", "Select why their NHS number is not known"
                )
            elif reason == Patient.NhsNumberUnknownReason.OTHER and not data.get(
                "nhs_number_unknown_detail"
            ):
                self.add_error(
                    "nhs_number_unknown_detail", "Tell us why their NHS number is not known"
                )

    def _clean_adjustments(self, data):
        chosen = set(data.get("adjustments") or [])
        for choice, field in ADJUSTMENT_FIELDS.items():
            data[field] = choice in chosen
        if data["needs_interpreter"]:
            if not data.get("interpreter_language"):
                self.add_error(
                    "interpreter_language", "Enter the language they need an interpreter for"
                )
        else:
            data["interpreter_language"] = ""

    def _clean_address(self, data):
        kind = data.get("address_kind")
        if not kind:
            return
        typed_postcode = data.get("postcode", "")
        if typed_postcode:
            postcode = rules.normalise_postcode(typed_postcode)
            if postcode is None:
                self.add_error("postcode", "Enter a real postcode, like BN1 1AA")
            else:
                data["postcode"] = postcode
        if kind in ADDRESS_KINDS_NEEDING_POSTCODE:
            if not data.get("address_line_1"):
                self.add_error("address_line_1", "Enter the first line of their address")
            if not typed_postcode:
                self.add_error("postcode", "Enter their postcode")
        if kind == Address.Kind.CARE_OF:
            if not data.get("care_of_organisation"):
                self.add_error(
                    "care_of_organisation", "Choose the organisation they get post through"
                )
        else:
            data["care_of_organisation"] = None

    @staticmethod
    def initial_from(patient):
        """Initial values for changing an existing patient's details."""
        address = patient.addresses.filter(is_current=True).first()
        initial = {
            "nhs_number_known": "yes" if patient.nhs_number else "no",
            "adjustments": [c for c, f in ADJUSTMENT_FIELDS.items() if getattr(patient, f)],
        }
        for name in PATIENT_FIELDS:
            initial[name] = getattr(patient, name)
        if address is not None:
            initial.update(
                address_kind=address.kind,
                care_of_organisation=address.care_of_organisation,
                address_line_1=address.line_1,
                address_line_2=address.line_2,
                town=address.town,
                postcode=address.postcode,
            )
        return initial


class PatientChangeForm(PatientForm):
    """The same questions, plus the version the person started editing from."""

    version = forms.IntegerField(widget=forms.HiddenInput)


# The Patient fields the form sets directly (the rest are derived by the service).
PATIENT_FIELDS = (
    "nhs_number",
    "nhs_number_unknown_reason",
    "nhs_number_unknown_detail",
    "title",
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "date_of_birth_is_estimated",
    "sex",
    "gender_identity",
    "pronouns",
    "ethnic_category",
    "needs_interpreter",
    "interpreter_language",
    "needs_bsl",
    "needs_easy_read",
    "needs_large_print",
    "other_adjustments",
)
ADDRESS_FIELDS = {
    "address_kind": "kind",
    "care_of_organisation": "care_of_organisation",
    "address_line_1": "line_1",
    "address_line_2": "line_2",
    "town": "town",
    "postcode": "postcode",
}


class PatientSearchForm(forms.Form):
    """Find a patient by NHS number, or by name and/or date of birth."""

    nhs_number = _text(
        "NHS number",
        required=False,
        max_length=20,
        help_text="10 numbers, for example 999 123 4567",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        width=10,
    )
    name = _text(
        "Name",
        required=False,
        max_length=200,
        help_text="First name, last name or both",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    date_of_birth = DateField(
        label="Date of birth",
        label_for_errors="date of birth",
        required=False,
        help_text="For example, 15 3 1984",
    )

    def clean_nhs_number(self):
        typed = self.cleaned_data.get("nhs_number", "")
        return clean_nhs_number(typed) if typed else ""

    def clean_date_of_birth(self):
        return check_date_of_birth(self.cleaned_data.get("date_of_birth"))

    def clean(self):
        data = super().clean()
        if not self.errors and not (
            data.get("nhs_number") or data.get("name") or data.get("date_of_birth")
        ):
            raise forms.ValidationError("Enter an NHS number, a name or a date of birth")
        return data

    def criteria(self):
        """Plain values to keep in the session (never in a URL)."""
        data = self.cleaned_data
        dob = data.get("date_of_birth")
        return {
            "nhs_number": data.get("nhs_number", ""),
            "name": " ".join((data.get("name") or "").split()),
            "date_of_birth": dob.isoformat() if isinstance(dob, datetime.date) else "",
        }
