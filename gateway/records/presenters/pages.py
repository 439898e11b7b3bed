"""What the export pages say about an export, in words."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from gateway.sas.rules import long_date

from .values import as_words


@dataclass(frozen=True)
class Status:
    key: str  # making, ready, downloaded, expired, failed
    tag: str  # the words on the status tag
    colour: str  # the NHS.UK tag colour
    text: str  # a sentence for the export's page


def download_days():
    return settings.SUBJECT_ACCESS_DOWNLOAD_DAYS


def status(export, now):
    if export.state == export.State.FAILED:
        return Status("failed", "Stopped", "red", export.progress_label)
    if not export.finished:
        return Status("making", "Being made", "blue", "Gateway is putting the record together.")
    if export.downloaded_at:
        return Status(
            "downloaded",
            "Downloaded",
            "green",
            f"You downloaded it on {as_words(export.downloaded_at)}. "
            "Gateway no longer holds the file.",
        )
    if export.content_deleted_at or (export.expires_at and export.expires_at <= now):
        return Status(
            "expired",
            "Deleted",
            "grey",
            "Nobody downloaded it in time, so Gateway deleted it. Ask for a new one if you "
            "still need it.",
        )
    return Status(
        "ready",
        "Ready to download",
        "white",
        f"You can download it once, until {as_words(export.expires_at)}. "
        "After that Gateway deletes it.",
    )


def respond_by(export):
    return long_date(export.respond_by)


def file_name(export):
    """No personal data and nothing typed: the date it was made and the export's own id."""
    made = timezone.localtime(export.finished_at or export.created_at).date().isoformat()
    return f"subject-access-{made}-{str(export.public_id)[:8]}.zip"
