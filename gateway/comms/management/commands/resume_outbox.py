"""Queue sending again for outbox messages whose sending task was lost (a worker killed
mid-send). Run it from the job timer; safe to run any number of times: sending never sends
the same message twice (ADR 0012)."""

from django.core.management.base import BaseCommand

from gateway.comms.tasks import resume_stuck


class Command(BaseCommand):
    help = "Queue sending again for outbox messages whose sending task was lost."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            help="Seconds with nothing heard before a waiting message counts as stuck "
            "(default: settings.OUTBOX_RESUME_AFTER_SECONDS)",
        )

    def handle(self, *args, older_than=None, **options):
        count = resume_stuck(older_than)
        self.stdout.write(f"Queued {count} message(s) to send again.")
