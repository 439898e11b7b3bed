"""Records over time: the same person entered twice, linked (never merged) as one person
(docs/adr/0040), and a record made in error, hidden once a second person confirms it
(docs/adr/0041). Both keep their history: a link is undone, not deleted; a record made in
error stays in the database and the audit trail."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from gateway.core.models import PublicIdModel, TimestampedModel

from .people import Patient


class PatientLink(PublicIdModel, TimestampedModel):
    """``duplicate`` is the same person as ``kept`` (the record to keep). Both records stay
    as they are; the kept record's page shows both histories together. Linked on
    ``created_at``; undone by setting ``undone_at`` (the row stays)."""

    kept = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="linked_duplicates")
    duplicate = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="linked_into")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    linked_by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undone_by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kept=F("duplicate")), name="a_record_is_not_its_own_duplicate"
            ),
            # A record is linked into at most one record to keep at a time.
            models.UniqueConstraint(
                fields=["duplicate"],
                condition=Q(undone_at__isnull=True),
                name="one_active_link_per_duplicate",
            ),
        ]


class RecordMadeInError(PublicIdModel, TimestampedModel):
    """Someone asked (``asked_by``, with a reason) for a person's record to be treated as made
    in error; a second person of the same organisation confirms it (two-person check, as the
    authenticator reset: docs/adr/0023) or it is cancelled. The database refuses the same
    person confirming their own request."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("asked_by")),
                name="made_in_error_confirmed_by_a_second_person",
            ),
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(confirmed_at__isnull=True, cancelled_at__isnull=True),
                name="one_open_made_in_error_request",
            ),
        ]
