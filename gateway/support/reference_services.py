"""New versions of the support reference data a commissioner's administrator sets up: the
multiple-disadvantage rule, Edmonton band tables and the support policy (DOMAIN §4 [VARIES]).
A version in force is never edited (the models refuse it); a change is a new version with the
date it takes effect, written here with an audit row in one transaction. No role check: the
admin site lets superusers do this, as for the scheme policy."""

from django.core.exceptions import ValidationError
from django.db import transaction

from gateway.audit import services as audit

from .models import FrailtyBand, FrailtyBandTable, MCNRule, SupportPolicy

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


def new_band_table_version(actor, *, name, effective_from, bands, commissioner=None):
    """bands: (lower, upper or None, label) rows. The table and its bands are written
    together: once the table is in force its bands cannot be added to or changed."""
    bands = list(bands)
    if not bands:
        raise ValidationError("A band table needs at least one band")
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
            for lower, upper, label in bands
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
