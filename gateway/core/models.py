import uuid

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models.signals import class_prepared, pre_delete
from django.dispatch import receiver
from django.utils import timezone


class PublicIdModel(models.Model):
    """Rows that appear in URLs carry a random public id: URLs never show sequential ids or
    personal data (ASVS 8.3)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """Optimistic concurrency: a form carries the version it was read at and the service
    refuses to save over a newer one, so two people never silently overwrite each other."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


STALE = (
    "Someone else changed this while you were looking at it. Check what it says now and try again."
)


def save_if_unchanged(obj, expected_version, *, stale=STALE, move_on=True, **values):
    """Write values to a VersionedModel row only if nobody has saved it since the person read
    it at expected_version (None: the version obj was read at). The UPDATE itself matches the
    version, so two people saving at once cannot both win; the loser gets ValidationError(stale)
    and nothing is written. Returns obj with the values and its new version.

    ``move_on=False`` is for background work writing what it worked out from the row as read
    (a caseload import's check findings): written only while that version is current, and the
    version is left as it is, so a page read before the write (which a person did not change)
    is not refused because of it (ADR 0046)."""
    version = obj.version if expected_version is None else expected_version
    if obj.version != version:
        raise ValidationError(stale, code="stale")
    extra = {"updated_at": timezone.now()} if hasattr(obj, "updated_at") else {}
    moved = {"version": F("version") + 1} if move_on else {}
    rows = (
        type(obj)
        ._base_manager.filter(pk=obj.pk, version=version)
        .update(**moved, **extra, **values)
    )
    if rows != 1:
        raise ValidationError(stale, code="stale")
    for name, value in {**extra, **values}.items():
        setattr(obj, name, value)
    obj.version = version + 1 if move_on else version
    return obj


class VersionInForce(ValidationError):
    """Raised when something tries to change or remove a version already in force."""


class PolicyInForce(VersionInForce):
    """Raised when something tries to change or remove a policy version already in force."""


class FixedOnceInForce(models.Model):
    """A version of a policy or reference table that takes effect on ``effective_from`` and
    is never changed or removed once that day has come: results already worked out under it
    name it, so editing it would quietly relabel them. A change is a new version with the
    date it takes effect. Subclasses define ``effective_from``; the check reads the stored
    date, so moving a version's start into the future does not unlock it."""

    class Meta:
        abstract = True

    in_force_error = VersionInForce

    def save(self, *args, **kwargs):
        self.refuse_if_in_force()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.refuse_if_in_force()
        return super().delete(*args, **kwargs)

    def is_in_force(self, on_date=None):
        return self.effective_from <= (on_date or timezone.localdate())

    def in_force_message(self):
        return (
            f"{self} is already in force, so it cannot be changed. Create a new version "
            "with the date it takes effect."
        )

    def stored_is_in_force(self):
        """True when the saved row (not this unsaved copy) is in force today."""
        if self.pk is None:
            return False
        stored = type(self).objects.filter(pk=self.pk).values_list("effective_from", flat=True)
        stored = stored.first()
        return stored is not None and stored <= timezone.localdate()

    def refuse_if_in_force(self):
        if self.stored_is_in_force():
            raise self.in_force_error(self.in_force_message())


class ImmutableRow(ValueError):
    """Raised when something tries to change or remove a row of an append-only history table."""


def refusal(model, verb):
    name = model._meta.verbose_name
    return (
        f"{name[:1].upper()}{name[1:]} rows are append-only history: a row cannot be {verb} "
        "once written. Record what happened since as a new row."
    )


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk update() and delete() would go round the model's save() and delete(), so they
    refuse too (and so do related managers and bulk_update, which use them)."""

    def update(self, **kwargs):
        raise ImmutableRow(refusal(self.model, "changed"))

    def delete(self):
        raise ImmutableRow(refusal(self.model, "removed"))


class AppendOnlyModel(models.Model):
    """A history table: one row per thing that happened (a state change, a status change, a
    revision, an attempt), written once and never changed or removed through the ORM, so
    what Gateway shows happened is what was recorded at the time (ADR 0026).

    Saving a new row always INSERTs (never an UPDATE of a row with the same id); saving a
    row read from the database, deleting it, the queryset's update() and delete(), and a
    cascade from a deleted parent all raise ``ImmutableRow``. A correction is a new row."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        # Django's plain base manager would otherwise offer update() and delete() round the
        # refusal; history tables inherit this as long as this base is their first parent.
        base_manager_name = "objects"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRow(refusal(type(self), "changed"))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRow(refusal(type(self), "removed"))


def refuse_removal_by_cascade(sender, instance, **kwargs):
    """Deleting a parent row removes its children without calling their delete() or their
    queryset's delete(); this pre_delete receiver is what stops it for history rows."""
    raise ImmutableRow(refusal(sender, "removed"))


@receiver(class_prepared)
def guard_history_against_cascades(sender, **kwargs):
    if issubclass(sender, AppendOnlyModel) and not sender._meta.abstract:
        pre_delete.connect(
            refuse_removal_by_cascade,
            sender=sender,
            dispatch_uid=f"append-only:{sender._meta.label}",
        )


def history_models():
    """Every concrete append-only history table (for checks that must cover each one)."""
    return [m for m in apps.get_models() if issubclass(m, AppendOnlyModel)]


class ScheduledJob(models.Model):
    """One row per periodic job of `manage.py run_schedule` (settings.SCHEDULED_JOBS): when it
    is next due, and which timer is running it until when. Every timer claims a job with one
    conditional UPDATE before running it, so however many timers run, each job runs once per
    interval and never twice at the same time (docs/adr/0052)."""

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField()
    # Set while a timer runs the job; a timer that dies mid-job holds it only until then.
    running_until = models.DateTimeField(null=True, blank=True)
    # The timer (host:process) that claimed it last.
    running_on = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return self.name
