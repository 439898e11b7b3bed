import re

from django.db import migrations

# Deadlines and screening warnings stored before rules were written in plain words named an
# internal document section ("DOMAIN §2.5"), which pages showed to users.
DEADLINE_RULES = {
    "Written confirmation of notice (DOMAIN §2.1)": (
        "A removal notice not given in writing is confirmed in writing"
    ),
    "Allocation target (DOMAIN §2.1)": (
        "Allocate the patient to an SAS practice soon after the removal notice"
    ),
    "Appeal window against placement (DOMAIN §2.5)": (
        "The patient may appeal against being placed on the scheme"
    ),
    "Appeal window against remaining (DOMAIN §2.5)": (
        "The patient may appeal against staying on the scheme after a review"
    ),
    "Appeal acknowledgement (DOMAIN §2.5)": "Acknowledge an appeal and send the appeal form",
    "Patient's appeal form (DOMAIN §2.5)": "The patient returns the appeal form",
    "Practice incident form (DOMAIN §2.5)": "The removing practice returns its incident form",
    "Appeal panel (DOMAIN §2.5)": "The appeal panel meets once both forms are in",
    "Panel papers (DOMAIN §2.5)": "Papers reach the panel before it meets",
    "First review (DOMAIN §2.6)": "First review of the patient's place on the scheme",
    "Regular review (DOMAIN §2.6)": "Regular review of the patient's place on the scheme",
    "Minimum stay on the scheme (DOMAIN §2.6)": "Minimum stay on the scheme",
    "Discharge completion (DOMAIN §2.7)": "Complete the discharge after a decision to discharge",
    "Review date set by the commissioner (DOMAIN §2.6)": "Review date set by the commissioner",
    "Inputs before a review (DOMAIN §2.6)": (
        "Ask for the review's reports and the patient's own view before the review"
    ),
    "Commissioner's request for more information (issue 3 item 3)": (
        "The removing practice answers the commissioner's questions"
    ),
}
SCREENING_SOURCES = {
    "DOMAIN §2.1": (
        "NHS (General Medical Services Contracts) Regulations 2015, Schedule 3, paragraph 25"
    ),
    "DOMAIN §2.3": "NHS England primary medical care policy manual: what does not qualify",
}
REFERENCE = re.compile(r"\s*\((?:DOMAIN|issue)\b[^)]*\)")


def plain(rule):
    return DEADLINE_RULES.get(rule) or REFERENCE.sub("", rule)


def rewrite(apps, schema_editor):
    Deadline = apps.get_model("sas", "Deadline")
    for deadline in Deadline.objects.filter(rule__regex=r"DOMAIN|§|\(issue "):
        deadline.rule = plain(deadline.rule)
        deadline.save(update_fields=["rule"])
    RemovalReport = apps.get_model("sas", "RemovalReport")
    for report in RemovalReport.objects.exclude(screening_warnings=[]).iterator():
        warnings = report.screening_warnings or []
        changed = False
        for warning in warnings:
            if isinstance(warning, dict) and warning.get("rule") in SCREENING_SOURCES:
                warning["rule"] = SCREENING_SOURCES[warning["rule"]]
                changed = True
        if changed:
            report.screening_warnings = warnings
            report.save(update_fields=["screening_warnings"])


class Migration(migrations.Migration):
    dependencies = [
        ("sas", "0006_appeal_windows_met_by_an_appeal"),
    ]

    operations = [
        migrations.RunPython(rewrite, migrations.RunPython.noop),
    ]
