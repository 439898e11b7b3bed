"""Forms for signing in and choosing the organisation to work for. Messages follow the NHS.UK
style: say what is wrong and how to put it right."""

import re

from django import forms
from django.core.exceptions import ValidationError


class SignInForm(forms.Form):
    email = forms.CharField(
        label="Email address",
        max_length=254,
        error_messages={"required": "Enter your email address"},
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
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
    organisation = forms.ChoiceField(
        label="Which organisation are you working for?",
        widget=forms.RadioSelect,
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
