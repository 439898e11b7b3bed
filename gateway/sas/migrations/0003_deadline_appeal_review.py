"""Deadlines name the appeal or review they are about, instead of being matched to it by when
they were made. Existing rows are linked the way the services used to match them."""

import django.db.models.deletion
from django.db import migrations, models

APPEAL_STEP_KINDS = (
    "appeal_acknowledgement",
    "patient_appeal_form",
    "practice_incident_form",
    "appeal_panel",
    "panel_papers",
)
REVIEW_INPUT_KINDS = (
    "review_practice_report",
    "review_patient_view",
    "review_support_worker_input",
)


def _link_by_time(Deadline, parents, kinds, field):
    """Each parent takes the episode's rows of these kinds made from its creation until the
    next parent's (one appeal, or one scheduled review, at a time)."""
    by_episode = {}
    for parent in parents.order_by("episode_id", "created_at", "id"):
        by_episode.setdefault(parent.episode_id, []).append(parent)
    for episode_id, items in by_episode.items():
        for index, parent in enumerate(items):
            rows = Deadline.objects.filter(
                episode_id=episode_id,
                kind__in=kinds,
                created_at__gte=parent.created_at,
                **{f"{field}__isnull": True},
            )
            if index + 1 < len(items):
                rows = rows.filter(created_at__lt=items[index + 1].created_at)
            rows.update(**{field: parent})


def link_existing(apps, schema_editor):
    Deadline = apps.get_model("sas", "Deadline")
    Appeal = apps.get_model("sas", "Appeal")
    Review = apps.get_model("sas", "Review")
    _link_by_time(Deadline, Appeal.objects.all(), APPEAL_STEP_KINDS, "appeal")
    _link_by_time(Deadline, Review.objects.all(), REVIEW_INPUT_KINDS, "review")
    # One review deadline row per review, oldest first: a remain decision on the day a review
    # was due gives the next review the same date, each with its own row.
    for review in Review.objects.filter(is_exception=False).order_by("id"):
        row = (
            Deadline.objects.filter(
                episode_id=review.episode_id,
                kind="review",
                due_on=review.due_on,
                review__isnull=True,
            )
            .order_by("id")
            .first()
        )
        if row is not None:
            row.review = review
            row.save(update_fields=["review"])


class Migration(migrations.Migration):
    dependencies = [
        ("sas", "0002_reports_appeals_reviews"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadline",
            name="appeal",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="deadlines",
                to="sas.appeal",
            ),
        ),
        migrations.AddField(
            model_name="deadline",
            name="review",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="deadlines",
                to="sas.review",
            ),
        ),
        migrations.RunPython(link_existing, migrations.RunPython.noop),
    ]
