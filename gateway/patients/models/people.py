"""People Gateway serves: identity, reasonable adjustments, addresses, and the
relationships that decide which organisations may see them."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from gateway.core.models import PublicIdModel, TimestampedModel, VersionedModel
from gateway.core.postcodes import postcode_district

nhs_number_format = RegexValidator(r"^[0-9]{10}$", "An NHS number is 10 numbers")


# Patient columns written only by gateway.sas.models.caseload_key, never by a save().
KEPT_BY_DEADLINES = frozenset({"coming_up_on", "appeal_window_ends_on", "caseload_due_on"})


class Patient(PublicIdModel, TimestampedModel, VersionedModel):
    class NhsNumberUnknownReason(models.TextChoices):
        NEVER_REGISTERED = "never_registered", "Never registered with a GP in England"
        NOT_GIVEN = "not_given", "The person does not know it or chose not to give it"
        TRACE_PENDING = "trace_pending", "Waiting for a trace"
        OTHER = "other", "Another reason"

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        INTERSEX = "intersex", "Intersex"
        NOT_KNOWN = "not_known", "Not known"
        NOT_SAID = "not_said", "Prefers not to say"

    class EthnicCategory(models.TextChoices):
        """The NHS Data Dictionary's ethnic category
        (docs/domain/identifiers-and-reference-data.md#ethnic-category). Z is for a person
        who was asked and chose not to say; 99 for one not asked, or a record made before the
        question was asked, so nobody is counted in a group they did not choose."""

        WHITE_BRITISH = "A", "White - British"
        WHITE_IRISH = "B", "White - Irish"
        WHITE_OTHER = "C", "White - Any other White background"
        MIXED_WHITE_BLACK_CARIBBEAN = "D", "Mixed - White and Black Caribbean"
        MIXED_WHITE_BLACK_AFRICAN = "E", "Mixed - White and Black African"
        MIXED_WHITE_ASIAN = "F", "Mixed - White and Asian"
        MIXED_OTHER = "G", "Mixed - Any other mixed background"
        ASIAN_INDIAN = "H", "Asian or Asian British - Indian"
        ASIAN_PAKISTANI = "J", "Asian or Asian British - Pakistani"
        ASIAN_BANGLADESHI = "K", "Asian or Asian British - Bangladeshi"
        ASIAN_OTHER = "L", "Asian or Asian British - Any other Asian background"
        BLACK_CARIBBEAN = "M", "Black or Black British - Caribbean"
        BLACK_AFRICAN = "N", "Black or Black British - African"
        BLACK_OTHER = "P", "Black or Black British - Any other Black background"
        CHINESE = "R", "Other ethnic groups - Chinese"
        OTHER = "S", "Other ethnic groups - Any other ethnic group"
        NOT_STATED = "Z", "Not stated (the person chose not to say)"
        NOT_KNOWN = "99", "Not known (not asked)"

    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, validators=[nhs_number_format]
    )
    nhs_number_unknown_reason = models.CharField(
        max_length=30, choices=NhsNumberUnknownReason.choices, blank=True
    )
    nhs_number_unknown_detail = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=20, blank=True)
    given_name = models.CharField("First name", max_length=100)
    family_name = models.CharField("Last name", max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    date_of_birth_is_estimated = models.BooleanField(default=False)
    sex = models.CharField(max_length=20, choices=Sex.choices, default=Sex.NOT_KNOWN)
    gender_identity = models.CharField(max_length=100, blank=True)
    pronouns = models.CharField(max_length=50, blank=True)
    ethnic_category = models.CharField(
        "Ethnic group",
        max_length=2,
        choices=EthnicCategory.choices,
        default=EthnicCategory.NOT_KNOWN,
    )

    # Reasonable adjustments (NHS England Reasonable Adjustment Flag categories, simplified).
    needs_interpreter = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=100, blank=True)
    needs_bsl = models.BooleanField("Needs a British Sign Language interpreter", default=False)
    needs_easy_read = models.BooleanField(default=False)
    needs_large_print = models.BooleanField(default=False)
    other_adjustments = models.TextField(blank=True)

    created_by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    # Lower-cased copies for search; kept in step by the service layer.
    search_given_name = models.CharField(max_length=100, editable=False, db_index=True)
    search_family_name = models.CharField(max_length=100, editable=False, db_index=True)
    # Set when a second person confirms the record was made in error (RecordMadeInError,
    # docs/adr/0041): from then on no scoped query returns the person (queries/scope.py).
    made_in_error_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What "Your clients" sorts by, kept on the row (docs/adr/0043-lists-that-stay-fast.md)
    # so a page is read off an index instead of working out every client's next date first.
    # Never written by hand: every write of an SAS deadline, and every change of an episode's
    # state, sets them again in the same transaction (gateway.sas.models.caseload_key).
    # coming_up_on: the soonest open review, appeal form, appeal panel or discharge date on an
    # open episode (overdue ones too). appeal_window_ends_on: the soonest last day to appeal
    # that had not passed when the row was written. caseload_due_on: the sooner of the two.
    # A window that has since passed stops counting: the SAS daily job writes those rows
    # again, and until it has, the list sorts them by coming_up_on.
    coming_up_on = models.DateField(null=True, blank=True, editable=False)
    appeal_window_ends_on = models.DateField(null=True, blank=True, editable=False)
    caseload_due_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["nhs_number"], condition=~Q(nhs_number=""), name="unique_nhs_number"
            ),
            models.CheckConstraint(
                condition=~Q(nhs_number="") | ~Q(nhs_number_unknown_reason=""),
                name="nhs_number_or_reason_it_is_not_known",
            ),
        ]
        indexes = [
            models.Index(fields=["search_family_name", "search_given_name"]),
            models.Index(fields=["date_of_birth"]),
            # "Your clients": soonest coming-up date first (none last), then by name.
            models.Index(
                fields=["caseload_due_on", "search_family_name", "search_given_name", "id"],
                name="patient_caseload_order",
            ),
            # The people whose appeal window may have passed since their row was written.
            models.Index(
                fields=["appeal_window_ends_on"],
                condition=Q(appeal_window_ends_on__isnull=False),
                name="patient_appeal_window_ends",
            ),
            # The few records made in error, which every scoped read leaves out (queries/scope.py).
            models.Index(
                fields=["made_in_error_at"],
                condition=Q(made_in_error_at__isnull=False),
                name="patient_made_in_error",
            ),
        ]

    def __str__(self):
        return f"{self.given_name} {self.family_name}"

    def save(self, *args, **kwargs):
        # A person read before a deadline moved their caseload date must not write the old
        # date back: an update leaves the kept columns to the code that keeps them.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in KEPT_BY_DEADLINES
            ]
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        if self.preferred_name:
            return f"{self.preferred_name} {self.family_name}"
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name(self):
        return f"{self.given_name} {self.family_name}"


class Address(TimestampedModel):
    class Kind(models.TextChoices):
        HOME = "home", "Home"
        TEMPORARY = "temporary", "Temporary accommodation"
        HOSTEL = "hostel", "Hostel"
        NO_FIXED_ABODE = "no_fixed_abode", "No fixed abode"
        CARE_OF = "care_of", "Care of, or proxy at, an organisation"

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    line_1 = models.CharField(max_length=100, blank=True)
    line_2 = models.CharField(max_length=100, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    care_of_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_current = models.BooleanField(default=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-is_current", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"], condition=Q(is_current=True), name="one_current_address"
            )
        ]

    @property
    def lines(self):
        if self.kind == self.Kind.NO_FIXED_ABODE:
            return ["No fixed abode"] + ([self.town] if self.town else [])
        lines = []
        if self.kind == self.Kind.CARE_OF and self.care_of_organisation_id:
            lines.append(f"Care of {self.care_of_organisation.name}")
        lines += [v for v in (self.line_1, self.line_2, self.town, self.postcode) if v]
        return lines

    @property
    def district(self):
        return postcode_district(self.postcode)


class PatientRelationship(TimestampedModel):
    """Why an organisation may see a patient. Access to a patient's record exists only
    through an active relationship (fails closed: no row, no access)."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created the record"
        RESPONSIBLE = "responsible", "Responsible for the patient's care"
        CONSENT = "consent", "Linked with the patient's consent"
        COMMISSIONER = "commissioner", "Commissioner of the patient's care"
        # A practice asked to register the person (GP registration referral): it sees what
        # registering needs and nothing else (docs/access/caldicott-access-table.md), until it
        # registers them (then RESPONSIBLE), refuses (until its letter is due) or the referral
        # is withdrawn.
        REGISTRATION = "registration", "Asked to register the person"
        # The commissioner linked an organisation that asked to add a person already on
        # Gateway (ADR 0035): the same access as the record's creator has.
        LINKED = "linked", "Linked by the commissioner"

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="relationships")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="patient_relationships",
        db_index=False,
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(default=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    # A relationship that exists only by consent ends with it: the scoped queries stop
    # showing the patient after this date without waiting for any job to run.
    expires_on = models.DateField(null=True, blank=True)
    consent = models.ForeignKey(
        "Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="relationships"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "organisation", "kind"],
                condition=Q(is_active=True),
                name="one_active_relationship_of_a_kind",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "is_active", "patient"]),
            # The scope every list and search rests on (queries.scope.active_relationships:
            # the organisation's relationships in force, not a registration request unless
            # asked), answered from the index alone, without reading the table: the SAS
            # episode list's, the inbox's and the outbox's scope read 1,300 table blocks at
            # bench 4x without it (ADR 0043, update 2026-12-07).
            models.Index(
                fields=["organisation", "patient"],
                include=["expires_on", "kind"],
                condition=Q(is_active=True),
                name="relationship_scope",
            ),
        ]


class PatientFlag(TimestampedModel):
    """A flag shown as a banner wherever the person appears, with who set it and when.
    Flags are ended, never deleted, so the history stays."""

    class Kind(models.TextChoices):
        ATTEND_SAS_PRACTICE_ONLY = "attend_sas_only", "Attend SAS practice only"
        PROTECTED_FROM_REMOVAL = (
            "protected_from_removal",
            "Discharged from SAS: protected from removal for the old incident",
        )
        RISK_TO_STAFF = "risk_to_staff", "Risk to staff"
        RISK_FROM_OTHERS = "risk_from_others", "Risk from others"
        DO_NOT_SEND_LETTERS = "do_not_send_letters", "Do not send letters"

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    detail = models.CharField(max_length=300, blank=True)
    set_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    set_by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What raised the flag, e.g. ("sas.Episode", its public id).
    source_type = models.CharField(max_length=100, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "kind"],
                condition=Q(ended_at__isnull=True),
                name="one_open_flag_of_a_kind",
            )
        ]
