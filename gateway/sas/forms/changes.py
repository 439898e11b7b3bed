"""The "something else has happened" form for an episode
(docs/domain/sas-other-changes.md#other-changes-to-an-episode)."""

from django import forms


class _ChangeChoice(forms.ChoiceField):
    """Shows the changes the person may make now, but accepts any known change so the
    service can say plainly why it is not allowed (rather than "not a valid choice")."""

    known = ()

    def valid_value(self, value):
        return value in self.known


class ChangeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    change = _ChangeChoice(
        label="What has happened?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what has happened",
            "invalid_choice": "Select one of the changes listed",
        },
    )
    to_commissioner = forms.ChoiceField(
        label="Which area has the patient moved to?",
        required=False,
        help_text="Only for a move to another area",
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea,
        max_length=2000,
        help_text="Needed for a move, a placement by mistake and an entry in error",
    )

    def __init__(self, *args, changes=(), all_changes=(), commissioners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change"].choices = [(c.code, c.label) for c in changes]
        self.fields["change"].known = {c.code for c in all_changes}
        self.fields["to_commissioner"].choices = [("", "Choose an area")] + [
            (str(c.public_id), c.name) for c in commissioners
        ]
        self.hints = {c.code: c.hint for c in changes}
