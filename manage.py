#!/usr/bin/env python
"""Gateway's command-line entry point.

Production settings unless told otherwise: a server that forgets DJANGO_SETTINGS_MODULE gets
the safe settings (and refuses to start without a real SECRET_KEY and SITE_URL) rather than
the demo's. `make run` and the other make targets set the local settings; the tests set theirs
in pyproject.toml."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gateway.config.settings.production")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
