"""A practice asked to register someone saw their whole record through a RESPONSIBLE
relationship. Those links become REGISTRATION (what registering needs only), and a practice
that registered the person gets RESPONSIBLE as its GP (docs/access/caldicott-access-table.md)."""

from django.db import migrations
from django.utils import timezone


def narrow(apps, schema_editor):
    PatientRelationship = apps.get_model("patients", "PatientRelationship")
    RegistrationReferral = apps.get_model("registration", "RegistrationReferral")
    links = PatientRelationship.objects.filter(
        kind="responsible", reason="GP registration referral"
    )
    for link in links:
        registered = RegistrationReferral.objects.filter(
            patient_id=link.patient_id, practice_id=link.organisation_id, status="registered"
        ).exists()
        if registered:
            link.reason = "Registered GP"
            link.save(update_fields=["reason"])
            continue
        duplicate = PatientRelationship.objects.filter(
            patient_id=link.patient_id,
            organisation_id=link.organisation_id,
            kind="registration",
            is_active=True,
        ).exists()
        if link.is_active and duplicate:
            link.is_active = False
            link.ended_at = timezone.now()
            link.save(update_fields=["is_active", "ended_at"])
        else:
            link.kind = "registration"
            link.save(update_fields=["kind"])


class Migration(migrations.Migration):
    dependencies = [
        ("registration", "0005_after_a_refusal_next_steps"),
        ("patients", "0006_registration_request_relationship"),
    ]

    operations = [migrations.RunPython(narrow, migrations.RunPython.noop)]
