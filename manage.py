#!/usr/bin/env python
"""Gateway's command-line entry point.

Production settings unless told otherwise: a server that forgets DJANGO_SETTINGS_MODULE gets
the safe settings (and refuses to start without a real SECRET_KEY and SITE_URL) rather than
the demo's. `make run` and the other make targets set the local settings; the tests set theirs
in pyproject.toml.

One command reads only the code and touches no server's data: `makemigrations` (writing or
checking migrations). It runs under the test settings unless told otherwise, so a developer or a
pre-commit check can run it without a server's secrets."""

import os
import sys

CODE_ONLY_COMMANDS = {"makemigrations"}


def main():
    code_only = len(sys.argv) > 1 and sys.argv[1] in CODE_ONLY_COMMANDS
    default = "test" if code_only else "production"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"gateway.config.settings.{default}")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
