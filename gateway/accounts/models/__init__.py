"""Organisations, staff and their roles (docs/domain/who-uses-gateway.md#who-uses-gateway)."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django_otp.models import Device

from gateway.core.models import PublicIdModel, TimestampedModel, VersionedModel
from gateway.core.postcodes import normalise_postcode

from ..validators import validate_organisation_ods_code, validate_postcode_districts

# API tokens and their rate counts (ADR 0038) are in their own module; exported here.
from .api_tokens import ApiRequestCount, ApiToken, api_token_expiry  # noqa: F401


class Organisation(PublicIdModel, TimestampedModel, VersionedModel):
    class Kind(models.TextChoices):
        COMMISSIONER = "commissioner", "Commissioner (ICB or region)"
        GP_PRACTICE = "gp_practice", "GP practice"
        PARTNER = "partner", "Partner organisation"
        # NHS England's national team: sees every commissioner's figures side by side, small
        # numbers suppressed, and no person (docs/adr/0028-small-number-suppression.md).
        NATIONAL = "national", "NHS England (national)"

    class PartnerType(models.TextChoices):
        CHARITY = "charity", "Charity or voluntary organisation"
        PROBATION = "probation", "Probation"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        SUBSTANCE_MISUSE = "substance_misuse", "Substance-misuse service"
        REFUGE = "refuge", "Refuge"
        PRISON_HEALTHCARE = "prison_healthcare", "Prison healthcare"
        LA_HOUSING = "la_housing", "Local authority housing"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    partner_type = models.CharField(max_length=30, choices=PartnerType.choices, blank=True)
    ods_code = models.CharField(
        "ODS code", max_length=10, blank=True, validators=[validate_organisation_ods_code]
    )
    region = models.CharField(max_length=100, blank=True, help_text="For commissioners")
    commissioner = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commissioned_organisations",
        limit_choices_to={"kind": "commissioner"},
        help_text="The commissioner whose area this organisation is in",
    )
    is_sas_practice = models.BooleanField(
        "SAS practice", default=False, help_text="Commissioned to care for patients on the scheme"
    )
    list_capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many SAS patients the practice is commissioned for"
    )
    catchment_districts = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_postcode_districts],
        help_text="Postcode districts the practice covers, like BN1",
    )
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    # Where a person on the scheme appeals or asks about a letter (commissioners). Letters to
    # the person print these; a letter that asks them to appeal is refused while one is
    # missing (gateway.comms.routing), so a person is never told to appeal with no way to.
    appeals_address = models.TextField("Address for appeals", blank=True)
    appeals_postcode = models.CharField("Postcode for appeals", max_length=10, blank=True)
    appeals_phone = models.CharField("Phone number for appeals", max_length=30, blank=True)
    appeals_email = models.EmailField("Email address for appeals", blank=True)
    is_active = models.BooleanField(default=True)
    # The day a GP practice closed or will close, as NHS practice data (ODS) gives it. A
    # closed practice is never deleted: it keeps its history and people's records point at
    # it; it is no longer active once the day has come (gateway/imports/practices).
    closed_on = models.DateField(null=True, blank=True)
    # A practice that merged into another: its people, referrals and relationships moved to
    # the successor on the close day; this one stays, with its history, by name
    # (docs/adr/0045-practice-closures-and-mergers.md).
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_practices",
        limit_choices_to={"kind": "gp_practice"},
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ods_code"], condition=~Q(ods_code=""), name="unique_ods_code"
            ),
            models.CheckConstraint(
                condition=Q(is_sas_practice=False) | Q(kind="gp_practice"),
                name="only_gp_practices_are_sas_practices",
            ),
        ]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self):
        return f"{self.name} ({self.ods_code})" if self.ods_code else self.name

    @property
    def closure_words(self):
        """What happened to a closed or merging practice, as its records say it after its
        name: "merged into B on 1 March 2027", "closes on ...", or nothing."""
        if self.closed_on is None:
            return ""
        day = f"{self.closed_on.day} {self.closed_on:%B %Y}"
        if self.merged_into_id:
            return f"merged into {self.merged_into.name} on {day}"
        return f"closed on {day}"

    @property
    def postal_lines(self):
        """The organisation's address as printed: its lines, then the postcode, once."""
        return postal_lines(self.address, self.postcode)

    @property
    def appeals_lines(self):
        """Where a person sends an appeal, as printed in a letter (without the name)."""
        return postal_lines(self.appeals_address, self.appeals_postcode)

    def appeal_contact_gaps(self):
        """What a letter asking a person to appeal would need but this record lacks, in plain
        words; empty when the address (with a postcode), phone and email are all there."""
        gaps = []
        if not self.appeals_address.strip() or normalise_postcode(self.appeals_postcode) is None:
            gaps.append("address with a postcode")
        if not self.appeals_phone.strip():
            gaps.append("phone number")
        if not self.appeals_email.strip():
            gaps.append("email address")
        return gaps

    def clean(self):
        from django.core.exceptions import ValidationError

        from ..validators import normalise_postcode_districts, validate_gp_practice_ods_code

        errors = {}
        if self.kind == self.Kind.GP_PRACTICE:
            try:
                validate_gp_practice_ods_code(self.ods_code)
            except ValidationError as e:
                errors["ods_code"] = e.messages
        if self.kind == self.Kind.PARTNER and not self.partner_type:
            errors["partner_type"] = ["Choose the type of partner organisation"]
        if self.kind != self.Kind.PARTNER and self.partner_type:
            errors["partner_type"] = ["Only partner organisations have a partner type"]
        if self.is_sas_practice and self.kind != self.Kind.GP_PRACTICE:
            errors["is_sas_practice"] = ["Only GP practices can be SAS practices"]
        if self.is_sas_practice and not self.list_capacity:
            errors["list_capacity"] = ["Enter how many SAS patients the practice can care for"]
        try:
            self.catchment_districts = normalise_postcode_districts(self.catchment_districts)
        except ValidationError as e:
            errors["catchment_districts"] = e.messages
        if self.appeals_postcode.strip():
            postcode = normalise_postcode(self.appeals_postcode)
            if postcode is None:
                errors["appeals_postcode"] = ["Enter a real postcode, like BN1 1AA"]
            else:
                self.appeals_postcode = postcode
        if errors:
            raise ValidationError(errors)


def postal_lines(address, postcode):
    """Address lines then the postcode, with the postcode printed once even when it was also
    typed as the last line of the address."""
    lines = [line.strip() for line in (address or "").splitlines() if line.strip()]
    code = normalise_postcode(postcode) or (postcode or "").strip()
    if code:
        lines = [line for line in lines if (normalise_postcode(line) or line) != code]
        lines.append(code)
    return lines


class Role(models.TextChoices):
    COMMISSIONER = "commissioner", "Commissioner"
    PRACTICE_STAFF = "practice_staff", "Practice staff"
    SAS_PRACTICE_STAFF = "sas_practice_staff", "SAS practice staff"
    SUPPORT_WORKER = "support_worker", "Support worker"
    PANEL_MEMBER = "panel_member", "Panel member"
    ORGANISATION_ADMIN = "organisation_admin", "Organisation admin"
    AUDITOR = "auditor", "Auditor"
    # Read-only, at a national organisation: aggregate figures of every area, never a person.
    NATIONAL_ANALYST = "national_analyst", "NHS England analyst"


class User(AbstractUser, PublicIdModel):
    """A member of staff, or a system account that holds an organisation's API token.
    Signs in with email and password, then TOTP (MFA is mandatory for every person)."""

    full_name = models.CharField(max_length=200)
    is_system_account = models.BooleanField(default=False)
    # Wrong security codes only (the code step, reached with the right password): the password
    # step never locks an account, so nobody can lock a person out by typing their email
    # (docs/adr/0036-sign-in-throttled-not-locked.md).
    failed_sign_in_count = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    REQUIRED_FIELDS = ["email", "full_name"]

    @property
    def display_name(self):
        return self.full_name or self.username

    def __str__(self):
        return self.display_name


class Membership(TimestampedModel):
    """A user's role in an organisation. A user may hold several, in several organisations,
    and acts for one organisation at a time (the current organisation)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", db_index=False
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )

    class Source(models.TextChoices):
        GATEWAY = "gateway", "Given in Gateway"
        CIS2 = "cis2", "From NHS Care Identity"

    role = models.CharField(max_length=30, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    # Roles from NHS Care Identity (CIS2) are set again at every CIS2 sign-in: one CIS2 no
    # longer gives stops working then (docs/adr/0037-staff-sign-in-with-nhs-care-identity.md).
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.GATEWAY)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership_role"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"


class Invitation(TimestampedModel):
    """A one-time link an organisation admin gives a new member of staff, to set their
    password; they set up their authenticator app when they first sign in. Only a hash of
    the link's token is stored; it works once, until it expires."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Invitation for {self.user}"


class MfaResetRequest(PublicIdModel, TimestampedModel):
    """One organisation admin asks for a person's authenticator app to be reset; another admin
    of the same organisation confirms it before it happens (never the one who asked, nor the
    person themselves). An unconfirmed request expires."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mfa_reset_requests")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    expires_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True)
                | (~Q(confirmed_by=models.F("requested_by")) & ~Q(confirmed_by=models.F("user"))),
                name="mfa_reset_confirmed_by_a_second_person",
            )
        ]

    def __str__(self):
        return f"Authenticator reset for {self.user}"


class PracticeClosure(PublicIdModel, TimestampedModel):
    """A GP practice closed (or gave a close date) while people on the scheme were at it or
    registration referrals to it were open: an alert for its commissioner to act on before
    the day. One open alert per practice, so importing the same file again raises nothing.
    The counts are as they were when it was raised; moving the people and redirecting the
    referrals is the commissioner's work (docs/adr/0030-practice-data-import.md)."""

    practice = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="closures")
    commissioner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    closed_on = models.DateField()
    people_on_scheme = models.PositiveIntegerField(default=0)
    open_referrals = models.PositiveIntegerField(default=0)
    # Set by whoever deals with it (re-allocating the people, redirecting the referrals).
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["closed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_closure_alert_per_practice",
            )
        ]

    def __str__(self):
        return f"{self.practice} closes on {self.closed_on}"


class FailedSignIn(models.Model):
    """One refused password (or security code) from one client, for throttling. Keeps keyed
    hashes of the address and of the email typed, never either one, so the table says nothing
    about who tried; rows older than the longest window are removed as new ones are written."""

    at = models.DateTimeField(db_index=True)
    client_key = models.CharField(max_length=64)
    account_key = models.CharField(max_length=64)
    browser_key = models.CharField(max_length=64, blank=True)  # a known browser's, if any

    class Meta:
        indexes = [
            models.Index(fields=["client_key", "at"]),
            models.Index(fields=["account_key", "at"]),
            models.Index(fields=["browser_key", "at"]),
        ]

    def __str__(self):
        return f"Failed sign-in at {self.at:%Y-%m-%d %H:%M}"


class Cis2Identity(TimestampedModel):
    """Links a member of staff to their NHS Care Identity (CIS2) account by its subject (the
    UUID CIS2 gives the person), which never changes even when their name or email does."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="cis2_identity")
    subject = models.CharField(max_length=255, unique=True)

    def __str__(self):
        return f"NHS Care Identity for {self.user}"


class Cis2Device(Device):
    """The second factor of a CIS2 sign-in. CIS2 checked the person's smartcard or
    authenticator at the assurance level Gateway asks for, so Gateway marks the session as
    verified with this device; it has no code of its own and never accepts one."""

    def verify_token(self, token):
        return False

    class Meta:
        verbose_name = "NHS Care Identity sign-in"
