"""Queue a check of letters still on their way with Notify. Run it from a timer (cron or a
systemd timer, every hour is plenty): Notify's callbacks can be missed, polling cannot."""

from django.core.management.base import BaseCommand

from gateway.comms.tasks import poll_letter_statuses


class Command(BaseCommand):
    help = "Queue a check of letters' delivery status with GOV.UK Notify."

    def handle(self, *args, **options):
        poll_letter_statuses.enqueue()
        self.stdout.write("Queued a check of letters' delivery status.")
