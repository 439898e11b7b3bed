"""``manage.py import_practices FILE``: NHS practice data (the ODS epraccur file) from the
command line. Prints what it would add, change and close, and every row that cannot be read
with its line number and reason; writes nothing unless ``--apply`` is given (or the person
answers yes when asked). Exits with an error when the file cannot be read at all."""

import pathlib

from django.core.management.base import BaseCommand, CommandError

from gateway.imports.practices import queries, services
from gateway.imports.tables import Unreadable

SHOWN = 50  # lines of each list printed; the counts are always complete


class Command(BaseCommand):
    help = "Import NHS practice data (the ODS epraccur file): preview, then apply when confirmed."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The epraccur file (CSV, no heading row)")
        parser.add_argument("--apply", action="store_true", help="Apply the changes without asking")
        parser.add_argument(
            "--commissioner",
            help="Only this commissioner's practices (its ODS code); all practices otherwise",
        )
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Never ask: without --apply, only print the preview",
        )
        parser.add_argument(
            "--all", action="store_true", help="Print every line of each list, not the first 50"
        )

    def handle(self, *args, **options):
        path = pathlib.Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"The file cannot be opened: {error.strerror}") from error
        area = None
        if options["commissioner"]:
            area = queries.commissioner_by_code(options["commissioner"])
            if area is None:
                raise CommandError(f"No commissioner has the code {options['commissioner']}")
        try:
            rows = services.read_rows(path.name, content)
        except Unreadable as problem:
            raise CommandError(str(problem)) from problem
        plan = services.make_plan(rows, area=area.pk if area else None)
        limit = None if options["all"] else SHOWN
        self._preview(rows, plan, limit)
        if not plan.has_changes:
            self.stdout.write("No changes: the practices already match the file.")
            return
        if not options["apply"] and (not options["interactive"] or not self._confirmed()):
            self.stdout.write("Nothing was changed. Run again with --apply to apply it.")
            return
        done = services.apply_plan(
            plan,
            actor=None,
            organisation=area,
            detail={"via": "manage.py import_practices", "file": path.name[-100:]},
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {done['added']} added, {done['changed']} changed, "
                f"{done['closed']} closed, {done['alerts']} alerts for commissioners."
            )
        )

    def _confirmed(self):
        try:
            answer = input("Apply these changes? Type yes to apply: ")
        except EOFError:
            return False
        return answer.strip().lower() == "yes"

    def _preview(self, rows, plan, limit):
        out = self.stdout
        out.write(f"Read {len(rows)} rows.")
        out.write(
            f"Added: {len(plan.added)}  Changed: {len(plan.changed)}  "
            f"Closed: {len(plan.closed)}  Unchanged: {plan.unchanged}  "
            f"Cannot be read: {len({p.line for p in plan.problems})}"
        )
        out.write(
            f"Not imported: {plan.not_practices} not GP practices, {plan.closed_not_held} "
            f"closed practices Gateway never held, {plan.other_area} in another area."
        )
        for title, actions in (
            ("Added", plan.added),
            ("Changed", plan.changed),
            ("Closed", plan.closed),
        ):
            if actions:
                out.write(f"\n{title}:")
                for action in actions[:limit]:
                    fields = ", ".join(
                        f"{name}: {action.before.get(name, '')!s} -> {value!s}"
                        if action.before
                        else f"{name}: {value!s}"
                        for name, value in action.values.items()
                        if name in ("name", "closed_on", "is_active") or action.before
                    )
                    out.write(f"  line {action.line}: {action.ods_code} {action.name} ({fields})")
                self._more(actions, limit)
        for title, found in (("Cannot be read", plan.problems), ("Warnings", plan.warnings)):
            if found:
                out.write(f"\n{title}:")
                for problem in found[:limit]:
                    out.write(f"  line {problem.line}: {problem.reason}")
                self._more(found, limit)
        out.write("")

    def _more(self, items, limit):
        if limit is not None and len(items) > limit:
            self.stdout.write(f"  ... and {len(items) - limit} more (--all prints them all)")
