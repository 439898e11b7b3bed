"""Forms an organisation admin uses to manage their organisation's staff, and the form where
an invited person sets their password."""

from django import forms

from gateway.core import forms as fields
from gateway.core.models import STALE

from ..models import Role
from ..rules import roles_for_organisation

ROLE_HINTS = {
    Role.COMMISSIONER: "Screens removal reports, allocates, runs appeals and reviews",
    Role.PANEL_MEMBER: "Sits on appeal and review panels",
    Role.PRACTICE_STAFF: "Reports removals and works with the practice's patients",
    Role.SAS_PRACTICE_STAFF: "Cares for people on the Special Allocation Scheme",
    Role.SUPPORT_WORKER: "Supports people and refers them, with their consent",
    Role.ORGANISATION_ADMIN: "Manages who works for your organisation in Gateway",
    Role.AUDITOR: "Reads the audit trail; cannot see or change patients' records",
    Role.NATIONAL_ANALYST: "Compares every area's figures, small numbers hidden; sees no person",
}


def _role_choices(organisation):
    return [(role.value, role.label) for role in roles_for_organisation(organisation)]


class InviteForm(forms.Form):
    full_name = fields.CharField(
        label="Full name",
        max_length=200,
        error_messages={
            "required": "Enter their full name",
            "max_length": "Full name must be 200 characters or fewer",
        },
        autocomplete="off",
        spellcheck=False,
    )
    email = fields.EmailField(
        label="Work email address",
        max_length=254,
        hint="They sign in with this",
        error_messages={
            "required": "Enter their work email address",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
            "max_length": "Email address must be 254 characters or fewer",
        },
        autocomplete="off",
        spellcheck=False,
    )
    role = forms.ChoiceField(
        label="What will they do in Gateway?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what they will do in Gateway",
            "invalid_choice": "Select one of the roles shown",
        },
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(organisation)


class RolesForm(forms.Form):
    roles = fields.MultipleChoiceField(
        label="Roles",
        widget=forms.CheckboxSelectMultiple,
        hint="Select all that apply",
        error_messages={
            "required": "Select at least one role",
            "invalid_choice": "Select roles from the list",
        },
    )
    # The fingerprint of the roles the page showed: a save over roles someone changed since
    # is refused (ADR 0046).
    version = forms.CharField(
        widget=forms.HiddenInput, max_length=64, error_messages={"required": STALE}
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = _role_choices(organisation)


class MfaResetRequestForm(forms.Form):
    reason = fields.CharField(
        label="Why does their authenticator app need resetting?",
        max_length=500,
        hint="For example, they have a new phone. Another admin will read this before they confirm",
        error_messages={
            "required": "Enter why their authenticator app needs resetting",
            "max_length": "Reason must be 500 characters or fewer",
        },
        widget=forms.Textarea,
        rows=3,
    )


class SetPasswordForm(forms.Form):
    password = fields.CharField(
        label="Create a password",
        strip=False,
        hint="Use at least 12 characters. Do not use a common password, only numbers, "
        "or something like your name or email address",
        error_messages={"required": "Enter a password"},
        widget=forms.PasswordInput,
        autocomplete="new-password",
    )
    password_again = fields.CharField(
        label="Type the password again",
        strip=False,
        error_messages={"required": "Type the password again"},
        widget=forms.PasswordInput,
        autocomplete="new-password",
    )

    def clean(self):
        data = super().clean()
        first, second = data.get("password"), data.get("password_again")
        if first and second and first != second:
            self.add_error(
                "password_again", "The passwords do not match. Type the same password twice"
            )
        return data


class ConfirmForm(forms.Form):
    """No questions: the page asks the admin to confirm, and a refusal shows on it."""
