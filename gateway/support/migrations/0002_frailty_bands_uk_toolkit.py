"""Seed the default Edmonton Frail Scale band table: UK Frailty Toolkit bands
(docs/domain/multiple-disadvantage.md#edmonton-frail-scale).
A commissioner may add its own versioned table later; assessments keep the table they used."""

import datetime

from django.db import migrations

from gateway.core.reference_data import reference_data

NAME = "UK Frailty Toolkit"
BANDS = (
    (0, 5, "Not frail"),
    (6, 7, "Vulnerable"),
    (8, 9, "Mild frailty"),
    (10, 11, "Moderate frailty"),
    (12, None, "Severe frailty"),
)


@reference_data
def seed(apps, schema_editor):
    Table = apps.get_model("support", "FrailtyBandTable")
    Band = apps.get_model("support", "FrailtyBand")
    table, created = Table.objects.get_or_create(
        name=NAME,
        version=1,
        defaults={"effective_from": datetime.date(2000, 1, 1), "commissioner": None},
    )
    if created:
        Band.objects.bulk_create(
            Band(table=table, lower=lower, upper=upper, label=label)
            for lower, upper, label in BANDS
        )


def unseed(apps, schema_editor):
    Table = apps.get_model("support", "FrailtyBandTable")
    Assessment = apps.get_model("support", "Assessment")
    table = Table.objects.filter(name=NAME, version=1).first()
    if table is not None and not Assessment.objects.filter(band_table=table).exists():
        table.delete()


class Migration(migrations.Migration):
    dependencies = [("support", "0001_needs_assessments")]

    operations = [migrations.RunPython(seed, unseed)]
