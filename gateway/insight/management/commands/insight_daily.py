"""Daily: queue the work of keeping every area's insight figures for today (ADR 0064), one
task an area, for the areas not yet kept today. Safe to run every hour: an area kept today, or
whose task is waiting for or held by a worker, is not queued again, and a task finds its
periods already kept and does nothing."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from gateway.insight import services
from gateway.insight.tasks import areas_being_kept, keep_figures_of_area


class Command(BaseCommand):
    help = "Queue the work of keeping every area's insight figures for today"

    def handle(self, *args, **options):
        today = timezone.localdate()
        being_kept = areas_being_kept(today)
        areas = [pk for pk in services.areas_to_keep(today) if pk not in being_kept]
        for commissioner_id in areas:
            keep_figures_of_area.enqueue(commissioner_id, today.isoformat())
        self.stdout.write(f"areas queued: {len(areas)}")
