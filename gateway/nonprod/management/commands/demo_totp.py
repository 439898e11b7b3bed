"""`manage.py demo_totp`: print the demo authenticator's current 6-digit code, nothing else."""

from django.core.management.base import BaseCommand

from gateway.nonprod.demo_data import require_demo_mode
from gateway.nonprod.sign_ins import current_demo_code


class Command(BaseCommand):
    help = "Print the current demo MFA code (demo mode only)."

    def handle(self, *args, **options):
        require_demo_mode()
        self.stdout.write(current_demo_code())
