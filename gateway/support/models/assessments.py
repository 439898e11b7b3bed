"""Needs, multiple-disadvantage rules, assessments and MARAC referrals
(docs/domain/multiple-disadvantage.md#dash-risk-checklist). Rows are written only through
gateway.support.services."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from gateway.core.models import FixedOnceInForce, PublicIdModel, TimestampedModel

from ..rules import edmonton, mcn


class Need(PublicIdModel, TimestampedModel):
    """One domain of need, current or past, with the evidence for it. Ending a need makes it
    past rather than deleting it, so the history stays."""

    class Domain(models.TextChoices):
        HOMELESSNESS = mcn.HOMELESSNESS, "Homelessness"
        OFFENDING = mcn.OFFENDING, "Offending"
        SUBSTANCE_MISUSE = mcn.SUBSTANCE_MISUSE, "Substance misuse"
        MENTAL_ILL_HEALTH = mcn.MENTAL_ILL_HEALTH, "Mental ill health"
        DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
        PHYSICAL_HEALTH = "physical_health", "Poor physical health"
        REPEAT_CHILD_REMOVAL = "repeat_child_removal", "Repeat removal of children"

    class Status(models.TextChoices):
        CURRENT = "current", "Current"
        PAST = "past", "Past"

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    domain = models.CharField(max_length=30, choices=Domain.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CURRENT)
    evidence = models.TextField()
    noted_on = models.DateField(help_text="When the need was known to be present")
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    ended_on = models.DateField(null=True, blank=True)
    ended_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["status", "domain", "-noted_on", "-id"]
        indexes = [models.Index(fields=["patient", "status", "domain"])]

    def __str__(self):
        return f"{self.get_domain_display()} ({self.get_status_display().lower()})"


class MCNRule(FixedOnceInForce, TimestampedModel):
    """The multiple-disadvantage definition a commissioner uses [VARIES]: 3 of the 4 core needs
    (Fulfilling Lives South East) or 2 or more (national programme). Versioned: the version in
    force on a date is the highest whose effective date has arrived. A version in force is
    never edited (statuses worked out under it name it); a change is a new version."""

    class Kind(models.TextChoices):
        N_OF_CORE_FOUR = mcn.N_OF_CORE_FOUR, "A number of the 4 core needs"

    commissioner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "commissioner"},
        db_index=False,
    )
    version = models.PositiveIntegerField()
    effective_from = models.DateField()
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.N_OF_CORE_FOUR)
    threshold = models.PositiveSmallIntegerField(
        help_text="3 for Fulfilling Lives South East, 2 for the national programme"
    )
    name = models.CharField(max_length=100, blank=True, help_text="Shown with the version")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commissioner", "version"], name="one_mcn_rule_per_version"
            ),
            models.CheckConstraint(
                condition=Q(threshold__gte=1, threshold__lte=4), name="mcn_threshold_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.name or self.commissioner} version {self.version}"

    def in_force_message(self):
        return (
            f"Version {self.version} of the multiple-disadvantage rule is already in force, so "
            "it cannot be changed. Create a new version with the date it takes effect."
        )

    def values(self):
        return mcn.McnRule(
            kind=self.kind,
            threshold=self.threshold,
            version=self.version,
            name=self.name or str(self.commissioner.name),
        )


class FrailtyBandTable(FixedOnceInForce, TimestampedModel):
    """Edmonton Frail Scale bands [VARIES], kept as versioned reference data. A commissioner's
    own table wins; otherwise the default (no commissioner), UK Frailty Toolkit bands. A table
    in force is never edited, nor its bands (assessments name the table that banded them); a
    change is a new version, written with its bands by the support reference services."""

    name = models.CharField(max_length=100)
    version = models.PositiveIntegerField()
    effective_from = models.DateField()
    commissioner = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"], name="one_frailty_table_per_version"
            )
        ]

    def __str__(self):
        return f"{self.name} version {self.version}"

    def in_force_message(self):
        return (
            f"{self} of the frailty bands is already in force, so it cannot be changed. "
            "Create a new version with the date it takes effect."
        )

    def rows(self):
        return [(band.lower, band.upper, band.label) for band in self.bands.all()]

    def problems(self):
        """What is wrong with the saved bands, in plain words (empty when every total from 0
        to 17 falls in exactly one band: edmonton.check_bands)."""
        return edmonton.check_bands(self.rows())


class FrailtyBand(models.Model):
    table = models.ForeignKey(
        FrailtyBandTable, on_delete=models.CASCADE, related_name="bands", db_index=False
    )
    lower = models.PositiveSmallIntegerField()
    upper = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty: no limit")
    label = models.CharField(max_length=50)

    class Meta:
        ordering = ["lower"]
        constraints = [
            models.UniqueConstraint(fields=["table", "lower"], name="one_band_per_lower_score")
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self._refuse_if_table_in_force()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_table_in_force()
        return super().delete(*args, **kwargs)

    def _refuse_if_table_in_force(self):
        # A new table's bands are written with it in one go (bulk_create in
        # gateway.support.services.reference); after that they are fixed like the table.
        if self.table_id is not None:
            self.table.refuse_if_in_force()

    def clean(self):
        if self.upper is not None and self.lower is not None and self.upper < self.lower:
            raise ValidationError({"upper": "The highest score must not be below the lowest"})


class Assessment(PublicIdModel, TimestampedModel):
    """One completed assessment: every item answer kept (DASH by question number), the score
    the rule worked out, the rule version, who assessed and when."""

    class Kind(models.TextChoices):
        EDMONTON = "edmonton", "Edmonton Frail Scale"
        NDTA = "ndta", "New Directions Team Assessment (NDTA)"
        DASH = "dash", "DASH risk checklist"

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    answers = models.JSONField(help_text="What was answered for each item, by item key")
    item_scores = models.JSONField(default=dict, help_text="What each item added to the total")
    total = models.PositiveSmallIntegerField()
    rule_version = models.CharField(max_length=20)
    # Edmonton: the band and the table that gave it.
    band = models.CharField(max_length=50, blank=True)
    band_table = models.ForeignKey(
        FrailtyBandTable, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # DASH: the risk level recorded, and professional judgement with its reasons.
    risk_level = models.CharField(max_length=10, blank=True)
    judged_by_professional = models.BooleanField(default=False)
    judgement_reasons = models.TextField(blank=True)
    is_repeat = models.BooleanField(
        default=False, help_text="DASH within 12 months of the last MARAC referral"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["patient", "kind", "-assessed_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.assessed_on}"


class MaracReferral(PublicIdModel, TimestampedModel):
    """A referral to a Multi-Agency Risk Assessment Conference. Its date starts the 12 months
    in which a further DASH or incident counts as a repeat."""

    class Reason(models.TextChoices):
        VISIBLE_HIGH_RISK = "visible_high_risk", "14 or more 'yes' answers (visible high risk)"
        PROFESSIONAL_JUDGEMENT = "professional_judgement", "Professional judgement"
        ESCALATION = "escalation", "Escalation (further incidents)"

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, null=True, blank=True, related_name="marac"
    )
    referred_on = models.DateField()
    reason = models.CharField(max_length=30, choices=Reason.choices)
    reasons_text = models.TextField(blank=True)
    is_repeat = models.BooleanField(default=False)
    referred_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-referred_on", "-id"]
        indexes = [models.Index(fields=["patient", "-referred_on"])]

    def __str__(self):
        return f"MARAC referral on {self.referred_on}"
