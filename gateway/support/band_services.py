"""Saving an Edmonton Frail Scale band table (DOMAIN §4 [VARIES]: bands are versioned
reference data). A table is saved only when its bands give every total from 0 to 17 exactly
one band (edmonton.check_bands): a gap made recording an assessment fail. A new version is
added; the table in force is never changed, so past assessments keep the table that banded
them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gateway.accounts.models import Organisation, Role
from gateway.accounts.rules import roles_in
from gateway.audit import services as audit

from .models import FrailtyBand, FrailtyBandTable
from .rules import edmonton

Action = audit.Action


def save_commissioners_band_table(actor, organisation, *, name, effective_from, bands):
    """A commissioner's own band table, by a commissioner working in that organisation."""
    if organisation.kind != Organisation.Kind.COMMISSIONER or Role.COMMISSIONER not in roles_in(
        actor, organisation
    ):
        raise PermissionDenied("Only a commissioner can set their own frailty bands")
    return new_band_table(
        actor, organisation, name=name, effective_from=effective_from, bands=bands
    )


def new_band_table(actor, commissioner, *, name, effective_from, bands):
    """The next version of the named table (commissioner None: the default table). No role
    check: callers decide who may (the admin site lets superusers do it). bands: (lower,
    upper or None, label) rows."""
    name = (name or "").strip()
    rows = [(lower, upper, (label or "").strip()) for lower, upper, label in bands]
    errors = {}
    if not name:
        errors["name"] = "Enter a name for the band table"
    if effective_from is None:
        errors["effective_from"] = "Enter the date the bands take effect"
    if any(not label for _, _, label in rows):
        errors["bands"] = ["Give every band a label, for example Not frail"]
    problems = edmonton.check_bands(rows)
    if problems:
        errors.setdefault("bands", []).extend(problems)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The unique (name, version) constraint stops two first versions at once.
        latest = (
            FrailtyBandTable.objects.select_for_update()
            .filter(name=name)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        table = FrailtyBandTable.objects.create(
            name=name,
            version=(latest or 0) + 1,
            effective_from=effective_from,
            commissioner=commissioner,
        )
        FrailtyBand.objects.bulk_create(
            FrailtyBand(table=table, lower=lower, upper=upper, label=label)
            for lower, upper, label in rows
        )
        audit.record(
            Action.CREATE,
            actor=actor,
            organisation=commissioner,
            obj=table,
            changed_fields=["name", "version", "effective_from", "bands"],
            detail={"version": table.version, "effective_from": effective_from.isoformat()},
        )
    return table
