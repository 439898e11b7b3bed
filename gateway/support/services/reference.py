"""New versions of the support reference data a commissioner's administrator sets up: the
multiple-disadvantage rule, Edmonton band tables and the support policy
(docs/domain/multiple-disadvantage.md#edmonton-frail-scale [VARIES]).
A version in force is never edited (the models refuse it); a change is a new version with the
date it takes effect, written here with an audit row in one transaction. No role check: the
admin site lets superusers do this, as for the scheme policy."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gateway.accounts.models import Organisation, Role
from gateway.accounts.rules import roles_in
from gateway.audit import services as audit

from ..models import FrailtyBand, FrailtyBandTable, MCNRule, SupportPolicy
from ..rules import edmonton

Action = audit.Action


def _next_version(versions, effective_from):
    """The next version number, refusing a start before the latest version's start (that
    would rewrite which version was in force on days already past)."""
    latest = versions.select_for_update().order_by("-version").first()
    if latest is not None and effective_from < latest.effective_from:
        raise ValidationError(
            {
                "effective_from": (
                    "A new version must take effect on or after the latest version "
                    f"(version {latest.version}, from {latest.effective_from:%d/%m/%Y})"
                )
            }
        )
    return (latest.version + 1) if latest else 1


def _audit(actor, organisation, obj, changed, effective_from):
    audit.record(
        Action.CREATE,
        actor=actor if getattr(actor, "pk", None) else None,
        organisation=organisation,
        obj=obj,
        changed_fields=sorted(changed),
        detail={"version": obj.version, "effective_from": effective_from.isoformat()},
    )


def new_mcn_rule_version(actor, commissioner, effective_from, *, threshold, name="", **values):
    with transaction.atomic():
        version = _next_version(MCNRule.objects.filter(commissioner=commissioner), effective_from)
        rule = MCNRule(
            commissioner=commissioner,
            version=version,
            effective_from=effective_from,
            threshold=threshold,
            name=(name or "").strip(),
            **values,
        )
        rule.full_clean()
        rule.save()
        _audit(actor, commissioner, rule, ["threshold", "name", *values], effective_from)
    return rule


def save_commissioners_band_table(actor, organisation, *, name, effective_from, bands):
    """A commissioner's own band table, by a commissioner working in that organisation."""
    if organisation.kind != Organisation.Kind.COMMISSIONER or Role.COMMISSIONER not in roles_in(
        actor, organisation
    ):
        raise PermissionDenied("Only a commissioner can set their own frailty bands")
    return new_band_table_version(
        actor, name=name, effective_from=effective_from, bands=bands, commissioner=organisation
    )


def new_band_table_version(actor, *, name, effective_from, bands, commissioner=None):
    """The next version of the named table (commissioner None: the default table).
    bands: (lower, upper or None, label) rows. Saved only when every total from 0 to 17 has
    exactly one band (edmonton.check_bands): a gap made recording an assessment fail. The
    table and its bands are written together: once the table is in force its bands cannot be
    added to or changed. No role check: callers decide who may (the admin lets superusers)."""
    name = (name or "").strip()
    rows = [(lower, upper, (label or "").strip()) for lower, upper, label in bands]
    errors = {}
    if not name:
        errors["name"] = "Enter a name for the band table"
    if effective_from is None:
        errors["effective_from"] = "Enter the date the bands take effect"
    if not rows:
        errors["bands"] = ["A band table needs at least one band"]
    if any(not label for _, _, label in rows):
        errors.setdefault("bands", []).append("Give every band a label, for example Not frail")
    problems = edmonton.check_bands(rows)
    if rows and problems:
        errors.setdefault("bands", []).extend(problems)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        version = _next_version(FrailtyBandTable.objects.filter(name=name), effective_from)
        table = FrailtyBandTable(
            name=name, version=version, effective_from=effective_from, commissioner=commissioner
        )
        table.full_clean()
        table.save()
        # bulk_create: the bands belong to the table being created, so the in-force
        # refusal on a single band's save does not apply to them.
        FrailtyBand.objects.bulk_create(
            FrailtyBand(table=table, lower=lower, upper=upper, label=label)
            for lower, upper, label in rows
        )
        _audit(actor, commissioner, table, ["bands"], effective_from)
    return table


def new_support_policy_version(actor, commissioner, effective_from, **values):
    unknown = set(values) - {"dash_escalation_incidents", "dash_escalation_months"}
    if unknown:
        raise ValueError(f"Not support policy values: {sorted(unknown)}")
    with transaction.atomic():
        versions = SupportPolicy.objects.filter(commissioner=commissioner)
        latest = versions.order_by("-version").first()
        carried = (
            {
                "dash_escalation_incidents": latest.dash_escalation_incidents,
                "dash_escalation_months": latest.dash_escalation_months,
            }
            if latest
            else {}
        )
        policy = SupportPolicy(
            commissioner=commissioner,
            version=_next_version(versions, effective_from),
            effective_from=effective_from,
            **{**carried, **values},
        )
        policy.full_clean()
        policy.save()
        _audit(actor, commissioner, policy, values, effective_from)
    return policy
