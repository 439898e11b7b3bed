"""`manage.py make_synthetic_england --scale {small,bench,national}`: a synthetic England in
an empty, migrated database, for measuring Gateway at scale (ADR 0042). Demo mode only: it
builds on the demo's people and staff, who share a published password."""

from django.core.management.base import BaseCommand

from gateway.nonprod.demo_data import require_demo_mode
from gateway.nonprod.synthetic.build import make_synthetic_england
from gateway.nonprod.synthetic.scales import SCALES


class Command(BaseCommand):
    help = "Fill an empty database with a synthetic England at the given scale (demo mode)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument(
            "--factor",
            type=float,
            default=1.0,
            help="People and history times this (organisations stay): 0.01 for a quick test, "
            "4 for the bench's larger size.",
        )
        parser.add_argument("--seed", type=int, default=17)

    def handle(self, *args, **options):
        require_demo_mode()
        scale = SCALES[options["scale"]]
        if options["factor"] != 1.0:
            scale = scale.times(options["factor"])
        self.stdout.write(f"Making a synthetic England at scale {scale.name}: {scale}")
        counts = make_synthetic_england(scale, options["seed"], log=self.stdout.write)
        for label, n in sorted(counts.items()):
            self.stdout.write(f"  {label:<32} {n:>12,}")
