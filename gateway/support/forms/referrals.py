"""Forms for referrals to services. Forms collect what the user typed; the
services decide (consent in force, what may follow what, a reason for a decline) and their
refusals are shown on the fields here."""

from django import forms

from gateway.accounts.models import Organisation
from gateway.core import forms as fields
from gateway.core.forms import DateField

from ..models import DeclineReason, ServiceReferral
from ..rules import referrals as rules

STATUS_LABELS = {
    rules.ACCEPTED: "The service accepted the referral",
    rules.DECLINED: "The service declined the referral",
    rules.COMPLETED: "The service has finished working with the person",
    rules.WITHDRAWN: "The referral is withdrawn",
}


def _text(label, required=True, message=None, max_length=500, textarea=False, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea if textarea else forms.TextInput,
        error_messages={"required": message or f"Enter {label.lower()}"},
    )


class ReferralForm(forms.Form):
    service_type = fields.ChoiceField(
        label="What kind of service?",
        choices=ServiceReferral.ServiceType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of service"},
    )
    service_type_other = _text(
        "What kind of service it is, if another", required=False, max_length=200
    )
    receiving_organisation = forms.ModelChoiceField(
        label="The service, if it uses Gateway",
        queryset=Organisation.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label="It does not use Gateway",
        error_messages={"invalid_choice": "Choose the service from the list"},
    )
    receiving_service_name = _text(
        "Name of the service, if it does not use Gateway", required=False, max_length=200
    )
    reason = _text(
        "Why the person is being referred",
        message="Enter why the person is being referred",
        max_length=4000,
        textarea=True,
    )
    persons_wishes = _text(
        "What the person wants, in their words (optional)",
        required=False,
        max_length=4000,
        textarea=True,
    )
    sent_on = DateField(
        label="Date sent", label_for_errors="the date it was sent", hint="For example 15 3 2026"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_organisation"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.PARTNER, is_active=True
        ).order_by("name")


class _ReasonChoice(forms.ModelChoiceField):
    def label_from_instance(self, reason):
        return reason.label


class OutcomeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    to_status = fields.ChoiceField(
        label="What has happened?",
        choices=(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what has happened",
            "invalid_choice": "Choose what has happened from the list",
        },
    )
    on = DateField(
        label="Date it happened",
        label_for_errors="the date it happened",
        hint="For example 15 3 2026",
    )
    decline_reason = _ReasonChoice(
        label="If it was declined, the reason the service gave",
        queryset=DeclineReason.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"invalid_choice": "Choose the reason from the list"},
    )
    note = _text(
        "Details (optional)",
        required=False,
        max_length=4000,
        textarea=True,
        help_text="Needed for a withdrawal, or when the reason is 'another reason'",
    )

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (status, STATUS_LABELS[status])
            for status in (rules.ACCEPTED, rules.DECLINED, rules.COMPLETED, rules.WITHDRAWN)
            if status in rules.next_statuses(referral.status)
        ]
        self.fields["decline_reason"].queryset = DeclineReason.objects.filter(is_active=True)


class ReportPeriodForm(forms.Form):
    start = DateField(
        label="From",
        label_for_errors="the first date",
        required=False,
        hint="For example 1 4 2026",
    )
    end = DateField(
        label="To", label_for_errors="the last date", required=False, hint="For example 31 3 2027"
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "The last date must be on or after the first date")
        return data
