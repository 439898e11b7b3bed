"""`manage.py demo_sign_ins`: how to sign in to the demo, printed by `make run`."""

from django.core.management.base import BaseCommand

from gateway.nonprod.demo_data import require_demo_mode
from gateway.nonprod.sign_ins import sign_ins_text


class Command(BaseCommand):
    help = "Print the demo sign-ins: users, password, MFA secret and current code (demo only)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="Where Gateway runs")

    def handle(self, *args, **options):
        require_demo_mode()
        self.stdout.write(sign_ins_text(options["url"]))
