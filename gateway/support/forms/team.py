"""Forms for the support team, working agreements, meetings and actions.
Forms collect what the user typed; the services decide (consent in force, who may own an
action, the person's views required when they had a say) and their refusals are shown on the
fields here."""

from django import forms

from gateway.accounts.models import Organisation
from gateway.core import forms as fields
from gateway.core.forms import DateField

from ..models import Meeting

VERSION_FIELD = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
FOR_EXAMPLE = "For example 15 3 2026"


def _text(
    label, required=True, message=None, max_length=500, textarea=False, help_text="", **display
):
    return fields.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea if textarea else forms.TextInput,
        error_messages={"required": message or f"Enter {label.lower()}"},
        **display,
    )


class _MembershipChoice(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        return f"{membership.user.display_name} ({membership.organisation.name})"


class _MembershipChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, membership):
        return f"{membership.user.display_name} ({membership.organisation.name})"


class TeamMemberForm(forms.Form):
    member_organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.order_by("name"),
        to_field_name="public_id",
        empty_label="Choose an organisation",
        help_text="Another organisation can join only if the person has agreed to share "
        "information with it",
        error_messages={
            "required": "Choose the organisation",
            "invalid_choice": "Choose the organisation from the list",
        },
    )
    worker = _MembershipChoice(
        label="Worker with a Gateway account (optional)",
        queryset=None,
        required=False,
        empty_label="No one with an account",
    )
    worker_name = _text(
        "Name of the worker, if they have no Gateway account", required=False, max_length=200
    )
    worker_contact = _text("How to contact them (optional)", required=False, max_length=200)
    role = _text(
        "What they do for the person",
        message="Enter what they do for the person",
        max_length=200,
        help_text="For example, hostel key worker or GP",
    )
    started_on = DateField(
        label="Date they joined", label_for_errors="the date they joined", hint=FOR_EXAMPLE
    )
    is_lead = fields.BooleanField(label="They are the lead worker", required=False)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = memberships

    def clean(self):
        data = super().clean()
        membership = data.pop("worker", None)
        data["worker"] = membership.user if membership else None
        if (
            membership
            and data.get("member_organisation")
            and (membership.organisation_id != data["member_organisation"].pk)
        ):
            self.add_error(
                "worker", f"Choose someone who works for {data['member_organisation'].name}"
            )
        return data


class EndTeamMemberForm(forms.Form):
    version = VERSION_FIELD
    ended_on = DateField(
        label="Date they left", label_for_errors="the date they left", hint=FOR_EXAMPLE
    )
    reason = _text("Why have they left? (optional)", required=False, max_length=300)


class VersionForm(forms.Form):
    version = VERSION_FIELD


class AgreementForm(forms.Form):
    replaces = forms.CharField(widget=forms.HiddenInput, required=False)
    agreed_on = DateField(
        label="Date agreed", label_for_errors="the date it was agreed", hint=FOR_EXAMPLE
    )
    persons_goals = _text(
        "What the person wants, in their words",
        message="Enter what the person wants, in their words",
        max_length=4000,
        textarea=True,
    )
    services_will = _text("What the services will do", max_length=4000, textarea=True)
    person_will = _text(
        "What the person will do (optional)", required=False, max_length=4000, textarea=True
    )
    how_to_keep_in_touch = _text(
        "How we will keep in touch (optional)",
        required=False,
        max_length=4000,
        textarea=True,
        help_text="For example, text on Mondays, or drop in at the day centre",
    )
    services = forms.ModelMultipleChoiceField(
        label="Services that are part of the agreement (optional)",
        queryset=None,
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    person_agreed = fields.BooleanField(label="The person agreed to this", required=False)
    review_on = DateField(
        label="Date to review it",
        label_for_errors="the review date",
        hint="The lead worker sees it on their worklist when it is due. For example 15 6 2026",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = organisations


class MeetingForm(forms.Form):
    held_on = DateField(
        label="Date of the meeting", label_for_errors="the date of the meeting", hint=FOR_EXAMPLE
    )
    organisations = forms.ModelMultipleChoiceField(
        label="Organisations that attended",
        help_text="Say who attended: at least one organisation or person",
        queryset=None,
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people = _MembershipChoices(
        label="People with a Gateway account who attended",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    others = _text(
        "Anyone else who attended (optional)",
        required=False,
        max_length=2000,
        textarea=True,
        help_text="One person a line: name, then a comma and what they do. For example, "
        "Jo Smith, hostel key worker",
    )
    participation = fields.ChoiceField(
        label="Did the person take part?",
        choices=Meeting.Participation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the person took part"},
    )
    persons_views = _text(
        "The person's views, in their words",
        required=False,
        max_length=4000,
        textarea=True,
        help_text="Needed if they took part or gave their views",
        rows=6,
    )
    not_invited_reason = _text(
        "Why the person was not invited",
        required=False,
        max_length=300,
        help_text="Needed if they were not invited",
    )
    discussion = _text(
        "What was discussed (optional)", required=False, max_length=4000, textarea=True
    )
    decisions = _text("Decisions (optional)", required=False, max_length=4000, textarea=True)

    def __init__(self, *args, organisations, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations
        self.fields["people"].queryset = memberships

    def clean_others(self):
        people = []
        for line in (self.cleaned_data.get("others") or "").splitlines():
            if line.strip():
                name, _, role = line.partition(",")
                people.append((name.strip()[:200], role.strip()[:200]))
        return people


class ActionForm(forms.Form):
    description = _text("What needs to be done", max_length=500, textarea=True)
    owner = _MembershipChoice(
        label="Who will do it",
        help_text="Someone who works for an organisation involved with the person",
        queryset=None,
        empty_label="Choose a person",
        error_messages={
            "required": "Choose who will do it",
            "invalid_choice": "Choose who will do it from the list",
        },
    )
    due_on = DateField(label="Due date", label_for_errors="the due date", hint=FOR_EXAMPLE)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = memberships


class CloseActionForm(forms.Form):
    version = VERSION_FIELD
    outcome_choice = fields.ChoiceField(
        label="What happened?",
        choices=[("done", "It is done"), ("cancelled", "It is no longer needed (cancel it)")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it is done or cancelled"},
    )
    outcome = _text(
        "What was done, or why it is cancelled",
        message="Say what was done, or why it is cancelled",
        textarea=True,
    )
