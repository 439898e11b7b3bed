"""What an admin uploads: the NHS practice data file."""

from django import forms
from django.core.exceptions import ValidationError

from gateway.core import forms as fields


class UploadForm(forms.Form):
    file = fields.FileField(
        label="NHS practice data file",
        hint="The epraccur.csv file from NHS England's Organisation Data Service, as you "
        "downloaded it. Nothing changes until you have checked what it will do.",
        error_messages={"required": "Choose the epraccur.csv file to upload"},
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not (uploaded.name or "").lower().endswith(".csv"):
            raise ValidationError("The file must be a CSV file, like epraccur.csv")
        return uploaded
