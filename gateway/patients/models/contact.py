"""How to reach a person and what they agreed to: contact routes, consents, and requests to
see a person already on Gateway."""

from django.db import models
from django.db.models import Q

from gateway.core.models import PublicIdModel, TimestampedModel, VersionedModel

from .people import Address, Patient


class ContactRoute(PublicIdModel, TimestampedModel, VersionedModel):
    """One way to reach the person, in their order of preference
    (docs/domain/external-services.md#govuk-notify).

    People on the scheme move and change phones often, so each route says when it was last
    confirmed and by whom, and may be marked never to be used (a shared phone, an address in
    the household of someone who harms them: docs/domain/multiple-disadvantage.md#safe-contact
    DASH). Routes are ended, never deleted, so the history of how someone was reached stays."""

    class Kind(models.TextChoices):
        MOBILE = "mobile", "Text message to a mobile"
        EMAIL = "email", "Email"
        POSTAL = "postal", "Letter by post"
        VIA_WORKER = "via_worker", "Through a named support worker"
        IN_PERSON = "in_person", "In person at the next SAS practice appointment"

    class Safety(models.TextChoices):
        SAFE = "safe", "Safe to use"
        SHARED = "shared", "Shared with someone else: use with care"
        NEVER = "never", "Never send here"

    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, related_name="contact_routes", db_index=False
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # 1 is the person's first choice. Kept unique among open routes by the service layer.
    preference = models.PositiveSmallIntegerField(default=1)
    phone_number = models.CharField(max_length=30, blank=True)
    email_address = models.EmailField(blank=True)
    # Postal routes point at an address row (own, care-of or proxy at an organisation).
    address = models.ForeignKey(
        Address, on_delete=models.PROTECT, null=True, blank=True, related_name="contact_routes"
    )
    # Through a worker: the named person, and the organisation they act for.
    worker = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    worker_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # In person: the practice where the next appointment is (usually the SAS practice).
    in_person_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    safety = models.CharField(max_length=10, choices=Safety.choices, default=Safety.SAFE)
    safety_note = models.CharField(max_length=300, blank=True)
    last_confirmed_on = models.DateField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # "patient" when the person said so on their own page (staff confirm it before use).
    confirmed_by_patient = models.BooleanField(default=False)
    awaiting_staff_confirmation = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["preference", "created_at", "id"]
        indexes = [models.Index(fields=["patient", "ended_at", "preference"])]

    def __str__(self):
        return f"{self.get_kind_display()} (choice {self.preference})"

    @property
    def is_open(self):
        return self.ended_at is None


class Consent(PublicIdModel, TimestampedModel):
    """What the person agreed to (FHIR Consent;
    docs/domain/gp-registration.md#registration-through-probation-and-other-services,
    docs/domain/multiple-disadvantage.md#multiple-disadvantage; Caldicott). Consent is enforced, not
    just noted: sharing with an organisation and routing messages through a worker stop when it is
    withdrawn or expires, and an organisation linked only by consent loses access then (its
    PatientRelationship carries the same end date)."""

    class Purpose(models.TextChoices):
        SHARE_INFORMATION = "share_information", "Share information with an organisation"
        CONTACT_THROUGH_WORKER = "contact_through_worker", "Be contacted through a named worker"
        REFER_TO_SERVICE = "refer_to_service", "Be referred to a service"
        REGISTER_WITH_GP = "register_with_gp", "Be referred to a GP practice to register"

    class Method(models.TextChoices):
        VERBAL = "verbal", "Said so (verbal)"
        WRITTEN = "written", "In writing"
        PORTAL = "portal", "On their own page"

    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, related_name="consents", db_index=False
    )
    purpose = models.CharField(max_length=30, choices=Purpose.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="consents_given"
    )
    worker = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scope = models.CharField(max_length=500, blank=True, help_text="What may be shared or done")
    starts_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    method = models.CharField(max_length=10, choices=Method.choices)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["patient", "purpose", "organisation"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("starts_on")),
                name="consent_expires_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.organisation})"

    def is_in_force(self, on_date):
        """Pure: does this consent cover ``on_date``?"""
        if self.withdrawn_at is not None:
            return False
        if on_date < self.starts_on:
            return False
        return self.expires_on is None or on_date <= self.expires_on
