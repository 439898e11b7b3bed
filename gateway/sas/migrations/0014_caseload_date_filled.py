# Written by hand: fills the caseload date the patients app's 0010 added (ADR 0043).

from django.db import migrations
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

# As they stood when this was written (gateway.sas.models.caseload_key, gateway.sas.states).
COMING_UP_KINDS = ("review", "patient_appeal_form", "appeal_panel", "discharge")
APPEAL_WINDOWS = ("appeal_against_placement", "appeal_against_remaining")
OPEN_STATES = (
    "allocated",
    "awaiting_approval",
    "discharge_planned",
    "more_information_requested",
    "on_hold_custody",
    "remaining",
    "reported",
    "screening",
    "under_review",
)


def fill_caseload_dates(apps, schema_editor):
    """Every person with an SAS episode gets the caseload date the deadline writes now keep."""
    Patient = apps.get_model("patients", "Patient")
    Deadline = apps.get_model("sas", "Deadline")
    Episode = apps.get_model("sas", "Episode")
    today = timezone.localdate()

    def soonest(condition):
        return Subquery(
            Deadline.objects.filter(
                condition,
                met_at__isnull=True,
                cancelled_at__isnull=True,
                suspended_at__isnull=True,
                episode__patient=OuterRef("pk"),
                episode__state__in=OPEN_STATES,
            )
            .order_by("due_on")
            .values("due_on")[:1]
        )

    window = Q(kind__in=APPEAL_WINDOWS, due_on__gte=today)
    Patient.objects.filter(pk__in=Episode.objects.values("patient_id")).update(
        coming_up_on=soonest(Q(kind__in=COMING_UP_KINDS)),
        appeal_window_ends_on=soonest(window),
        caseload_due_on=soonest(Q(kind__in=COMING_UP_KINDS) | window),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("patients", "0010_caseload_date_kept_on_the_person"),
        ("sas", "0013_episode_next_due_kept_on_the_row"),
    ]

    operations = [migrations.RunPython(fill_caseload_dates, migrations.RunPython.noop)]
