"""Forms for signing in and choosing the organisation to work for. Messages follow the NHS.UK
style: say what is wrong and how to put it right."""

import re

from django import forms
from django.core.exceptions import ValidationError

from gateway.core import forms as fields


class SignInForm(forms.Form):
    email = fields.CharField(
        label="Email address",
        max_length=254,
        error_messages={"required": "Enter your email address"},
        widget=forms.EmailInput,
        autocomplete="username",
        spellcheck=False,
    )
    password = fields.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput,
        autocomplete="current-password",
    )


class CodeForm(forms.Form):
    code = fields.CharField(
        label="Security code",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        autocomplete="one-time-code",
        inputmode="numeric",
        width=10,
    )

    def clean_code(self):
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"[0-9]{6}", code):
            raise ValidationError(
                "The code must be 6 numbers, like 123456. Enter the code your authenticator "
                "app shows now"
            )
        return code


class OrganisationChoiceForm(forms.Form):
    organisation = fields.ChoiceField(
        label="Which organisation are you working for?",
        widget=forms.RadioSelect,
        hint="You can see and do what your role in that organisation allows. You can change "
        "this at any time.",
        is_page_heading=True,
        error_messages={
            "required": "Select the organisation you are working for",
            "invalid_choice": "Select one of your organisations",
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.public_id): o for o in organisations}
        self.fields["organisation"].choices = [
            (public_id, str(o)) for public_id, o in self.organisations.items()
        ]

    def chosen(self):
        return self.organisations[self.cleaned_data["organisation"]]
