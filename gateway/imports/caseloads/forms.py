"""What a person chooses on the caseload import's pages, refused in plain English."""

from django import forms

from gateway.core import forms as fields
from gateway.core.models import STALE

from .mapping import FIELDS, mapping_problems

NO_COLUMN = ""


class UploadForm(forms.Form):
    file = fields.FileField(
        label="Upload your caseload spreadsheet",
        label_classes="nhsuk-label--m",
        hint=(
            "A CSV file or an Excel workbook (.xlsx) with a heading row: one row for each "
            "person on the scheme. The headings can be your own: you choose which column is "
            "which next."
        ),
        error_messages={"required": "Choose the spreadsheet to upload"},
    )


class ColumnsForm(forms.Form):
    """For each Gateway field, which of the file's columns holds it."""

    remember = fields.BooleanField(
        label="Remember these columns for our next import",
        required=False,
        initial=True,
    )
    # The import's version the page was read at: a save over someone else's newer choice is
    # refused (ADR 0046).
    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, error_messages={"required": STALE}
    )

    def __init__(self, *args, headings, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(NO_COLUMN, "No column")] + [
            (str(index), heading) for index, heading in enumerate(headings)
        ]
        columns = {}
        for field in FIELDS:
            label = field.label if field.required else f"{field.label} (optional)"
            columns[field.key] = fields.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                hint=field.hint or None,
            )
        # The columns first, then whether to remember them.
        self.fields = {
            **columns,
            "remember": self.fields["remember"],
            "version": self.fields["version"],
        }

    def clean(self):
        data = super().clean()
        for field, problem in mapping_problems(self.mapping(data)).items():
            self.add_error(field, problem)
        return data

    @staticmethod
    def mapping(data):
        """{field key: column index or None} from cleaned data."""
        return {
            field.key: int(data[field.key])
            if data.get(field.key) not in (None, NO_COLUMN)
            else None
            for field in FIELDS
        }

    @staticmethod
    def initial_from(work):
        """The columns the import has chosen now, and the version they were read at."""
        chosen = {key: str(index) for key, index in work.mapping.items() if index is not None}
        return {**chosen, "version": work.version}


class ApplyForm(forms.Form):
    """Add the people: every row, or only the good rows when some cannot be used."""

    good_rows_only = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # The import's version the preview was read at: adding from a preview read before someone
    # changed the import is refused, so nobody the person did not see is added (ADR 0046).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
