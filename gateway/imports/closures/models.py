"""What the commissioner has done about a closing practice: one row per person moved to
another SAS practice and per registration referral redirected, so the closure's page shows
who is done and who is left (docs/adr/0045-practice-closures-and-mergers.md)."""

from django.db import models

from gateway.core.models import TimestampedModel


class ClosureMove(TimestampedModel):
    class Kind(models.TextChoices):
        PERSON = "person", "Person on the scheme moved"
        REFERRAL = "referral", "Registration referral redirected"

    closure = models.ForeignKey(
        "accounts.PracticeClosure",
        on_delete=models.PROTECT,
        related_name="moves",
        db_index=False,
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    episode = models.ForeignKey(
        "sas.Episode", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referral = models.ForeignKey(
        "registration.RegistrationReferral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_practice = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    moved_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["closure", "kind"])]

    def __str__(self):
        return self.get_kind_display()
