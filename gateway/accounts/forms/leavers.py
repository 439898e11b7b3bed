"""The organisation admin's choice of who takes a leaving worker's work: everything to one
colleague, or item by item on the page shown
(docs/adr/0039-a-worker-leaves-their-work-is-handed-on.md)."""

from django import forms

from gateway.core import forms as fields

EVERYTHING = "everything"
ITEMS = "items"
NOBODY = ""


def item_field(key):
    return f"to-{key}"


class HandOnForm(forms.Form):
    how = forms.ChoiceField(choices=[(EVERYTHING, EVERYTHING), (ITEMS, ITEMS)])
    everything_to = fields.ChoiceField(
        label="Who takes all of it?",
        required=False,
        hint="They must have a role that may hold every kind of work listed",
    )

    def __init__(self, *args, everyone, items, colleagues_by_kind, **kwargs):
        """everyone: the colleagues offered for everything; items: the held items on this
        page; colleagues_by_kind: {holding name: colleagues who may hold it}."""
        super().__init__(*args, **kwargs)
        self.items = items
        self.fields["everything_to"].choices = [
            (NOBODY, "Choose a colleague"),
            *[(str(u.public_id), u.display_name) for u in everyone],
        ]
        for item in items:
            self.fields[item_field(item.key)] = fields.ChoiceField(
                label=item.text,
                required=False,
                choices=[
                    (NOBODY, "Keep for now"),
                    *[
                        (str(u.public_id), u.display_name)
                        for u in colleagues_by_kind[item.holding.name]
                    ],
                ],
            )

    def clean(self):
        data = super().clean()
        if data.get("how") == EVERYTHING and not data.get("everything_to"):
            self.add_error("everything_to", "Choose who takes all of their work")
        return data

    def item_choices(self):
        """{item key: colleague public id} for the items given to someone."""
        chosen = {}
        for item in self.items:
            to = self.cleaned_data.get(item_field(item.key))
            if to:
                chosen[item.key] = to
        return chosen

    def item_fields(self):
        return [(item, self[item_field(item.key)]) for item in self.items]
