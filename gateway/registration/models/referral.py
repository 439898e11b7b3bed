"""A registration referral from a referring organisation to a GP practice, with its history
(docs/domain/gp-registration.md#gp-registration; ADR 0014). The status moves only through the
services; chasing, escalation, alerts and the refusal letter are dated fields beside the status, not
statuses, because they can overlap (a referral can be chased and escalated and still awaiting an
answer)."""

from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When

from gateway.core.models import (
    AppendOnlyModel,
    PublicIdModel,
    TimestampedModel,
    VersionedModel,
)


class RefusalReason(models.Model):
    """The reasons a practice may give, as data (seeded by migration 0002; commissioners add
    more in the admin). ``is_reasonable_ground`` False puts the refusal on the commissioner's
    worklist (docs/domain/gp-registration.md#national-rules)."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=200)
    is_reasonable_ground = models.BooleanField(default=False)
    needs_detail = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self):
        return self.label


# The practice's inbox shows referrals waiting for an answer ("sent") first
# (queries.practice_inbox); the index reg_inbox_order is on this same expression, so the
# database reads the inbox in order instead of sorting every referral the practice was sent.
WAITING_FIRST = Case(
    When(status="sent", then=Value(0)), default=Value(1), output_field=IntegerField()
)


class RegistrationReferral(PublicIdModel, TimestampedModel, VersionedModel):
    class Status(models.TextChoices):
        CHOOSING_PRACTICE = "choosing_practice", "Choosing a practice"
        SENT = "sent", "Sent to the practice"
        REGISTERED = "registered", "Registered"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    OPEN_STATUSES = frozenset({Status.CHOOSING_PRACTICE, Status.SENT})
    WAITING_FIRST = WAITING_FIRST

    class AddressBasis(models.TextChoices):
        OWN = "own", "Their own address"
        TEMPORARY = "temporary", "A temporary address (hostel, friend, day centre)"
        PROXY = "proxy", "Our office as a proxy address"

    class AfterRefusal(models.TextChoices):
        """What the referrer chose to do after a refusal (a refusal is never a dead end)."""

        ANOTHER_PRACTICE = "another_practice", "Referred to another practice"
        CHALLENGED = "challenged", "Challenged the refusal"
        WITHDRAWN = "withdrawn", "Stopped: not taken further"

    class CommissionerOutcome(models.TextChoices):
        """What the commissioner decided about a refusal on its worklist."""

        PRACTICE_WILL_REGISTER = (
            "practice_will_register",
            "The practice agreed to register the person",
        )
        REFUSAL_STANDS = "refusal_stands", "The refusal was on reasonable grounds"
        PRACTICE_ASSIGNED = "practice_assigned", "The commissioner assigned another practice"

    class IdentityMethod(models.TextChoices):
        KNOWN_TO_SERVICE = "known_to_service", "Known to our service (case records)"
        DOCUMENT_SEEN = "document_seen", "I saw an identity document"
        PRISON_RECORDS = "prison_records", "Prison or court records"
        OTHER = "other", "Another way"

    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    referring_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    referred_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    # Nothing is sent without consent
    # (docs/domain/gp-registration.md#registration-through-probation-and-other-services): the
    # consent is recorded first and named.
    consent = models.ForeignKey("patients.Consent", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.CHOOSING_PRACTICE
    )
    referred_on = models.DateField()
    address_basis = models.CharField(max_length=20, choices=AddressBasis.choices)
    # Identity: confirmed by the worker (who, when, how), or not — never a reason to stop.
    identity_confirmed = models.BooleanField(default=False)
    identity_confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    identity_confirmed_on = models.DateField(null=True, blank=True)
    identity_method = models.CharField(max_length=30, choices=IdentityMethod.choices, blank=True)
    identity_note = models.CharField(max_length=300, blank=True)
    adjustments = models.TextField(blank=True, help_text="Reasonable adjustments for the visit")
    # Prison leavers (docs/domain/gp-registration.md#registration-before-release-from-prison).
    is_prison_leaver = models.BooleanField(default=False)
    release_date = models.DateField(null=True, blank=True)
    releasing_establishment = models.CharField(max_length=200, blank=True)
    medication_on_release = models.TextField(blank=True)
    medication_days = models.PositiveSmallIntegerField(null=True, blank=True)
    opioid_substitution = models.BooleanField(default=False)
    opioid_substitution_days = models.PositiveSmallIntegerField(null=True, blank=True)
    # The practice and why it was chosen (an SAS routing says so).
    practice = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    practice_choice_note = models.CharField(max_length=400, blank=True)
    policy_version = models.PositiveIntegerField(default=0)
    sent_on = models.DateField(null=True, blank=True)
    chase_on = models.DateField(null=True, blank=True)
    chased_on = models.DateField(null=True, blank=True)
    escalate_on = models.DateField(null=True, blank=True)
    escalated_on = models.DateField(null=True, blank=True)
    # The answer.
    registered_on = models.DateField(null=True, blank=True)
    refused_on = models.DateField(null=True, blank=True)
    refusal_reason = models.ForeignKey(
        RefusalReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refusal_detail = models.TextField(blank=True)
    flagged_to_commissioner = models.BooleanField(default=False)
    refusal_letter_due_on = models.DateField(null=True, blank=True)
    refusal_letter_sent_on = models.DateField(null=True, blank=True)
    # After registration.
    first_appointment_due_on = models.DateField(null=True, blank=True)
    first_appointment_attended_on = models.DateField(null=True, blank=True)
    post_returned_on = models.DateField(null=True, blank=True)
    # FP69 (docs/domain/gp-registration.md#national-rules): removal from the list 6 months after
    # returned post unless the address is confirmed; the date is worked out when the post is
    # recorded.
    fp69_removal_on = models.DateField(null=True, blank=True)
    address_confirmed_on = models.DateField(null=True, blank=True)
    # What the daily job has already done (ADR 0044): each step selects only referrals whose
    # marker is empty and sets it in the same transaction as the alert, so the job reads only
    # new work and its cost does not grow with history. The services that start a step again
    # (sending, registering, refusing, returned post) empty the marker.
    pre_release_alerted_on = models.DateField(null=True, blank=True)
    first_appointment_alerted_on = models.DateField(null=True, blank=True)
    refusal_letter_alerted_on = models.DateField(null=True, blank=True)
    # FP69 warning dates, worked out from the policy when the post is recorded as returned.
    fp69_warn_on = models.DateField(null=True, blank=True)
    fp69_escalate_on = models.DateField(null=True, blank=True)
    fp69_warned_on = models.DateField(null=True, blank=True)
    fp69_escalated_on = models.DateField(null=True, blank=True)
    # The chase's reminder letter, owed since this day (ADR 0055): the daily job marks the chase
    # and queues one task per letter; the task writes the letter and empties this in one
    # transaction, so each chase makes one letter. Still set a day later: the task failed or
    # was lost, and the next run queues it again.
    reminder_owed_on = models.DateField(null=True, blank=True)
    # After a refusal (docs/domain/gp-registration.md#national-rules: refusal only on reasonable
    # grounds): the referrer chooses another practice, challenges the refusal or stops; the
    # commissioner records contacting the practice and the outcome. A new referral made from a
    # refused one names it.
    follows = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="followed_by"
    )
    after_refusal = models.CharField(max_length=20, choices=AfterRefusal.choices, blank=True)
    after_refusal_on = models.DateField(null=True, blank=True)
    challenge_reason = models.TextField(blank=True)
    practice_contacted_on = models.DateField(null=True, blank=True)
    commissioner_outcome = models.CharField(
        max_length=30, choices=CommissionerOutcome.choices, blank=True
    )
    commissioner_outcome_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-referred_on", "-id"]
        indexes = [
            models.Index(fields=["referring_organisation", "status"]),
            models.Index(fields=["practice", "status"]),
            models.Index(fields=["status", "chase_on"]),
            # The lists (ADR 0051): each organisation's part in a referral, in its list's order,
            # so a page is read from the index whatever the number of referrals.
            models.Index(
                fields=["referring_organisation", "-referred_on", "-id"],
                name="reg_referrer_list_order",
            ),
            models.Index(
                F("practice"),
                WAITING_FIRST,
                F("sent_on"),
                F("id").desc(),
                name="reg_inbox_order",
            ),
            # The filters' choices ("which practices has this office referred to?" and the
            # reverse) and the evidence tables (a commissioner's practices over a period).
            models.Index(
                fields=["referring_organisation", "practice"], name="reg_referrer_practice"
            ),
            models.Index(fields=["practice", "referred_on"], name="reg_practice_referred_on"),
            # The inbox's "From" filter: who has referred to this practice (ADR 0051 section 7).
            models.Index(
                fields=["practice", "referring_organisation"], name="reg_practice_referrer"
            ),
            # The daily job's steps: only referrals not yet handled are in these indexes.
            models.Index(
                fields=["first_appointment_due_on"],
                condition=Q(
                    status="registered",
                    first_appointment_attended_on__isnull=True,
                    first_appointment_alerted_on__isnull=True,
                ),
                name="reg_first_appt_not_alerted",
            ),
            models.Index(
                fields=["refusal_letter_due_on"],
                condition=Q(
                    status="refused",
                    refusal_letter_sent_on__isnull=True,
                    refusal_letter_alerted_on__isnull=True,
                ),
                name="reg_refusal_letter_not_alerted",
            ),
            models.Index(
                fields=["release_date"],
                condition=Q(
                    status__in=["choosing_practice", "sent"],
                    is_prison_leaver=True,
                    pre_release_alerted_on__isnull=True,
                ),
                name="reg_pre_release_not_alerted",
            ),
            models.Index(
                fields=["fp69_warn_on"],
                condition=Q(address_confirmed_on__isnull=True, fp69_warned_on__isnull=True),
                name="reg_fp69_not_warned",
            ),
            models.Index(
                fields=["fp69_escalate_on"],
                condition=Q(address_confirmed_on__isnull=True, fp69_escalated_on__isnull=True),
                name="reg_fp69_not_escalated",
            ),
            models.Index(
                fields=["post_returned_on"],
                condition=Q(post_returned_on__isnull=False, fp69_warn_on__isnull=True),
                name="reg_fp69_dates_missing",
            ),
            models.Index(
                fields=["reminder_owed_on"],
                condition=Q(reminder_owed_on__isnull=False),
                name="reg_reminder_owed",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(medication_days__isnull=True) | Q(medication_days__lte=28),
                name="registration_medication_at_most_28_days",
            ),
            models.CheckConstraint(
                condition=Q(opioid_substitution_days__isnull=True)
                | Q(opioid_substitution_days__lte=14),
                name="registration_opioid_substitution_at_most_14_days",
            ),
        ]

    def __str__(self):
        return "GP registration referral"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def uses_proxy(self):
        return self.address_basis == self.AddressBasis.PROXY


class ReferralChange(AppendOnlyModel):
    """History of a registration referral: one row per event on it (a status change, a chase,
    an escalation: from, to, the event, who, when), written once and never changed or removed
    (append-only history, ADR 0026). ``by`` is empty for changes Gateway makes itself
    (chasing, escalation)."""

    referral = models.ForeignKey(
        RegistrationReferral, on_delete=models.CASCADE, related_name="changes"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    event = models.CharField(max_length=40)
    on = models.DateField()
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.event}: {self.from_status or 'new'} → {self.to_status}"


class RegistrationAlert(TimestampedModel):
    """Something a worker, practice or commissioner must act on. One open alert of a kind per
    referral and organisation, so the daily job can run any number of times."""

    class Kind(models.TextChoices):
        CHASE = "chase", "No answer from the practice: reminder sent"
        ESCALATION = "escalation", "No answer after the reminder"
        NOT_REASONABLE_REFUSAL = (
            "not_reasonable_refusal",
            "Refused on grounds that are not reasonable",
        )
        REFUSED = "refused", "The practice refused: choose what to do next"
        REFUSAL_CHALLENGED = "refusal_challenged", "The referrer challenged the refusal"
        REFUSAL_REVIEWED = "refusal_reviewed", "The commissioner has looked at the refusal"
        PRE_RELEASE = "pre_release", "Prison leaver: register before release"
        FIRST_APPOINTMENT = "first_appointment", "Confirm the first appointment"
        RETURNED_POST = "returned_post", "Post returned: confirm the address"
        REFUSAL_LETTER_OVERDUE = "refusal_letter_overdue", "Refusal letter to the person overdue"
        FP69_REMOVAL_SOON = "fp69_removal_soon", "Address not confirmed: removal from the list soon"
        FP69_ESCALATION = "fp69_escalation", "Address not confirmed: removal from the list is near"
        PRACTICE_CLOSING = "practice_closing", "The practice is closing: referral redirected"

    referral = models.ForeignKey(
        RegistrationReferral, on_delete=models.CASCADE, related_name="alerts"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    raised_on = models.DateField()
    detail = models.CharField(max_length=400, blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "kind", "organisation"],
                condition=Q(cleared_at__isnull=True),
                name="one_open_registration_alert_of_a_kind",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "cleared_at", "kind"]),
            # The worklists and alert lists: an organisation's open alerts, oldest first.
            models.Index(
                fields=["organisation", "raised_on", "id"],
                condition=Q(cleared_at__isnull=True),
                name="reg_open_alerts_in_order",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()
