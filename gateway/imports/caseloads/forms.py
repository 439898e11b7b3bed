"""What a person chooses on the caseload import's pages, refused in plain English."""

from django import forms

from gateway.core import forms as fields

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
        self.fields = {**columns, "remember": self.fields["remember"]}

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
    def initial_from(mapping):
        return {key: str(index) for key, index in mapping.items() if index is not None}


class ApplyForm(forms.Form):
    """Add the people: every row, or only the good rows when some cannot be used."""

    good_rows_only = forms.BooleanField(required=False, widget=forms.HiddenInput)
