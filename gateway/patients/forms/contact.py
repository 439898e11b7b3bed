"""Forms for a person's contact routes and consents. Forms collect what
was typed and keep it on error; the services decide what is valid (a UK mobile, one of the
person's addresses, a worker of the chosen organisation, consent dates) and their refusals
are shown on these fields."""

from django import forms

from gateway.accounts.models import Organisation
from gateway.core.forms import DateField

from ..models import Consent, ContactRoute


def _text(label, *, required=False, max_length=300, textarea=False, help_text="", **kwargs):
    name = label.removesuffix(" (optional)")
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea if textarea else forms.TextInput(attrs=kwargs.pop("attrs", {})),
        error_messages={
            "required": f"Enter {name[0].lower()}{name[1:]}",
            "max_length": f"{name} must be {max_length} characters or fewer",
        },
        **kwargs,
    )


class _AddressChoice(forms.ModelChoiceField):
    def label_from_instance(self, address):
        text = ", ".join(address.lines) or address.get_kind_display()
        return text if address.is_current else f"{text} (old address)"


class _WorkerChoice(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        return f"{membership.user.display_name} ({membership.organisation.name})"


class RouteForm(forms.Form):
    kind = forms.ChoiceField(
        label="How to contact the person",
        choices=ContactRoute.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how to contact the person"},
    )
    phone_number = _text(
        "Mobile number",
        max_length=30,
        help_text="A UK mobile, like 07700 900123",
        attrs={"autocomplete": "off", "inputmode": "tel"},
    )
    email_address = _text("Email address", max_length=254, attrs={"autocomplete": "off"})
    address = _AddressChoice(
        label="Address",
        queryset=None,
        required=False,
        empty_label="Choose an address",
        help_text="Add a care-of address on the person's details if they have no fixed abode",
        error_messages={"invalid_choice": "Choose an address from the list"},
    )
    worker = _WorkerChoice(
        label="Worker",
        queryset=None,
        required=False,
        empty_label="Choose a worker",
        help_text="The person must agree to be contacted through this worker",
        error_messages={"invalid_choice": "Choose a worker from the list"},
    )
    in_person_organisation = forms.ModelChoiceField(
        label="Practice",
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label="Choose a practice",
        error_messages={"invalid_choice": "Choose a practice from the list"},
    )
    safety = forms.ChoiceField(
        label="Is it safe to use?",
        choices=ContactRoute.Safety.choices,
        widget=forms.RadioSelect,
        initial=ContactRoute.Safety.SAFE,
        error_messages={"required": "Choose whether this route is safe to use"},
    )
    safety_note = _text(
        "Note about safety (optional)",
        textarea=True,
        help_text="Needed for never send here. For example: the ex-partner lives at this address",
    )
    confirmed = forms.BooleanField(
        label="I have checked this with the person today", required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, addresses, workers, practices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"].queryset = addresses
        self.fields["worker"].queryset = workers
        self.fields["in_person_organisation"].queryset = practices

    @classmethod
    def initial_from(cls, route, workers):
        named = (route.worker_id, route.worker_organisation_id)
        membership = next((m for m in workers if (m.user_id, m.organisation_id) == named), None)
        return {
            "kind": route.kind,
            "phone_number": route.phone_number,
            "email_address": route.email_address,
            "address": route.address_id,
            "worker": membership.pk if membership else None,
            "in_person_organisation": (
                route.in_person_organisation.public_id if route.in_person_organisation else None
            ),
            "safety": route.safety,
            "safety_note": route.safety_note,
            "version": route.version,
        }

    def route_data(self):
        """What the service takes: the worker and their organisation from the choice."""
        data = dict(self.cleaned_data)
        membership = data.pop("worker", None)
        data["worker"] = membership.user if membership else None
        data["worker_organisation"] = membership.organisation if membership else None
        return data


class EndRouteForm(forms.Form):
    reason = _text(
        "Why is this route ended?",
        required=True,
        help_text="For example: the number no longer works",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MoveForm(VersionForm):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


class ReviewChangeForm(forms.Form):
    decision = forms.ChoiceField(
        label="Can this be used to contact the person?",
        choices=[
            ("accept", "Yes, I have checked it is right and safe"),
            ("reject", "No, do not use it"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether this can be used"},
    )
    reason = _text("Why not?", max_length=250, help_text="The person may see this on their page")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("reason"):
            self.add_error("reason", "Say why the change is not accepted")
        return data


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        label="What did the person agree to?",
        choices=Consent.Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the person agreed to"},
    )
    organisation = forms.ModelChoiceField(
        label="Which organisation?",
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        to_field_name="public_id",
        empty_label="Choose an organisation",
        error_messages={
            "required": "Choose the organisation the consent is with",
            "invalid_choice": "Choose the organisation from the list",
        },
    )
    worker = _WorkerChoice(
        label="Named worker",
        queryset=None,
        required=False,
        empty_label="Anyone at the organisation",
        help_text="Needed to be contacted through a named worker",
        error_messages={"invalid_choice": "Choose a worker from the list"},
    )
    scope = _text(
        "What may be shared or done",
        required=True,
        max_length=500,
        textarea=True,
        help_text="In the person's words if you can. For example: my needs and appointments",
    )
    starts_on = DateField(
        label="Date the person gave consent",
        label_for_errors="the date the person gave consent",
        help_text="For example 15 3 2026",
    )
    expires_on = DateField(
        label="Date it ends (optional)",
        label_for_errors="the date it ends",
        required=False,
        help_text="Leave blank if the person did not give an end date",
    )
    method = forms.ChoiceField(
        label="How did they give it?",
        choices=Consent.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the person gave consent"},
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers

    def consent_data(self):
        data = dict(self.cleaned_data)
        membership = data.pop("worker", None)
        # The service refuses a worker who does not work for the chosen organisation.
        data["worker"] = membership.user if membership else None
        return data


class WithdrawConsentForm(forms.Form):
    withdrawn_on = DateField(
        label="Date the person withdrew consent",
        label_for_errors="the date the person withdrew consent",
        help_text="For example 15 3 2026",
    )
    note = _text("Note (optional)", textarea=True)
