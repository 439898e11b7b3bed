"""Settings `make bench` measures with (benchmarks/, issue 17): the test settings (demo data,
fixed keys) without the test suite's own page checks. ``PageChecksMiddleware`` parses every
page it serves to fail a test on an empty warning box; production never runs it, and on a
page of 25 rows it was about a tenth of the time the bench reported (ADR 0057)."""

from .test import *  # noqa: F403
from .test import MIDDLEWARE

MIDDLEWARE = [m for m in MIDDLEWARE if m != "gateway.core.page_checks.PageChecksMiddleware"]
