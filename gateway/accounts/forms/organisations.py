"""Forms for organisations: filtering the list and changing one's details. Messages follow
the NHS.UK style: say what is wrong and how to put it right."""

from django import forms
from django.core.exceptions import ValidationError

from gateway.core import forms as fields
from gateway.core.postcodes import normalise_postcode

from ..models import Organisation
from ..validators import (
    normalise_postcode_districts,
    validate_gp_practice_ods_code,
    validate_organisation_ods_code,
)


class OrganisationFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of organisation",
        required=False,
        choices=[("", "All types"), *Organisation.Kind.choices],
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={
            "required": "Enter the organisation's name",
            "max_length": "Name must be 200 characters or fewer",
        },
    )
    ods_code = fields.CharField(
        label="ODS code",
        max_length=10,
        required=False,
        hint="From the Organisation Data Service, like QNQ. Leave empty if it has none.",
        width=10,
        spellcheck=False,
        error_messages={"max_length": "ODS code must be 10 characters or fewer"},
    )
    is_sas_practice = fields.BooleanField(
        label="This is a SAS practice",
        required=False,
        hint="Commissioned to care for patients on the Special Allocation Scheme",
    )
    list_capacity = fields.IntegerField(
        label="List capacity",
        required=False,
        min_value=1,
        max_value=100000,
        width=5,
        inputmode="numeric",
        hint="How many SAS patients the practice is commissioned to care for",
        error_messages={
            "invalid": "Enter the list capacity as a whole number, like 50",
            "min_value": "List capacity must be 1 or more",
            "max_value": "List capacity must be 100,000 or fewer",
        },
        widget=forms.TextInput,
    )
    catchment_districts = fields.CharField(
        label="Catchment postcode districts",
        required=False,
        hint="Separate districts with commas, like BN1, BN2, BN41",
        widget=forms.Textarea,
        rows=3,
    )

    # Where people on the scheme appeal: printed in the letters to them (commissioners).
    appeals_address = fields.CharField(
        label="Address for appeals",
        required=False,
        max_length=500,
        hint="Put each line on its own line. Put the postcode in the box below.",
        widget=forms.Textarea,
        rows=4,
        error_messages={"max_length": "Address must be 500 characters or fewer"},
    )
    appeals_postcode = fields.CharField(
        label="Postcode for appeals",
        required=False,
        max_length=10,
        width=10,
        error_messages={"max_length": "Enter a real postcode, like BN1 1AA"},
    )
    appeals_phone = fields.CharField(
        label="Phone number for appeals",
        required=False,
        max_length=30,
        width=20,
        inputmode="tel",
        error_messages={"max_length": "Phone number must be 30 characters or fewer"},
    )
    appeals_email = fields.EmailField(
        label="Email address for appeals",
        required=False,
        max_length=254,
        spellcheck=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like appeals@example.nhs.uk",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )

    # The version the page was read at: a save over someone else's newer one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    APPEALS_FIELDS = ("appeals_address", "appeals_postcode", "appeals_phone", "appeals_email")

    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        initial = {
            "name": organisation.name,
            "ods_code": organisation.ods_code,
            "is_sas_practice": organisation.is_sas_practice,
            "list_capacity": organisation.list_capacity,
            "catchment_districts": ", ".join(organisation.catchment_districts or []),
            **{name: getattr(organisation, name) for name in self.APPEALS_FIELDS},
            "version": organisation.version,
        }
        super().__init__(*args, initial=initial, **kwargs)
        if not self.is_commissioner:
            for name in self.APPEALS_FIELDS:
                del self.fields[name]
        if not self.is_gp_practice:
            for name in ("is_sas_practice", "list_capacity", "catchment_districts"):
                del self.fields[name]
        else:
            self.fields["ods_code"].required = True
            self.fields["ods_code"].help_text = "Like A12345 for a GP practice"
            self.fields["ods_code"].error_messages["required"] = (
                "Enter the practice's ODS code, like A12345"
            )

    @property
    def is_gp_practice(self):
        return self.organisation.kind == Organisation.Kind.GP_PRACTICE

    @property
    def is_commissioner(self):
        return self.organisation.kind == Organisation.Kind.COMMISSIONER

    def clean_appeals_address(self):
        lines = self.cleaned_data["appeals_address"].splitlines()
        return "\n".join(line.strip() for line in lines if line.strip())

    def clean_appeals_postcode(self):
        value = self.cleaned_data["appeals_postcode"].strip()
        if value and normalise_postcode(value) is None:
            raise ValidationError("Enter a real postcode, like BN1 1AA")
        return normalise_postcode(value) if value else ""

    def clean_appeals_phone(self):
        return self.cleaned_data["appeals_phone"].strip()

    def clean_ods_code(self):
        code = self.cleaned_data["ods_code"].strip().upper().replace(" ", "")
        if self.is_gp_practice:
            validate_gp_practice_ods_code(code)
        else:
            validate_organisation_ods_code(code)
        return code

    def clean_catchment_districts(self):
        return normalise_postcode_districts(self.cleaned_data["catchment_districts"])

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("is_sas_practice")
            and not cleaned.get("list_capacity")
            and "list_capacity" not in self.errors
        ):
            self.add_error("list_capacity", "Enter how many SAS patients the practice can care for")
        return cleaned
