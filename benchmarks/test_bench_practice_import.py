"""Importing 100,000 rows of NHS practice data (a file made here in the epraccur layout), as
the staff page does it (check in the background, then apply), then a changed file (1,000
renamed, 1,000 closed) and the same file again (nothing to do). Run with `make bench`; like
the other benchmarks it asserts no times, only that the import works and that its queries
stay in batches (they do not grow with every row), and prints seconds and queries."""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gateway.accounts.models import Organisation, Role
from gateway.core import jobs
from gateway.imports.practices import services
from gateway.imports.practices.models import PracticeImport
from gateway.imports.practices.tests import epraccur
from tests.factories import CommissionerFactory, MembershipFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        os.environ.get("GATEWAY_BENCH") != "1", reason="benchmarks run with `make bench`"
    ),
]

ROWS = int(os.environ.get("GATEWAY_BENCH_PRACTICES", "100000"))
CHANGED = ROWS // 100


def code(n):
    return f"{'ABCDEFGHJKLMNPRTVWY'[n // 100000]}{n % 100000:05d}"


def practice_file(renamed=0, closed=0):
    rows = []
    for n in range(ROWS):
        name = f"SURGERY {n}" if n >= renamed else f"RENAMED SURGERY {n}"
        status, close = ("C", "20260101") if renamed <= n < renamed + closed else ("A", "")
        rows.append(epraccur.row(code(n), name, icb="QNX", status=status, closed=close))
    return epraccur.file(*rows)


def timed(label, work):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = work()
        seconds = time.perf_counter() - start
    print(f"{label:<55} {seconds:>8.1f} s {len(queries):>8} queries")
    return result, len(queries)


def test_importing_100000_practices(transactional_db):
    commissioner = CommissionerFactory(ods_code="QNX")
    admin = MembershipFactory(organisation=commissioner, role=Role.ORGANISATION_ADMIN).user
    content = practice_file()
    print(f"\n{ROWS:,} rows, {len(content) / 2**20:.1f} MB ({connection.vendor})")

    # The test settings run a queued task as soon as its transaction commits, as the worker
    # would (run_practice_import through jobs.run).
    def upload_and_check():
        practice_import = services.start_import(
            admin, commissioner, SimpleUploadedFile("epraccur.csv", content)
        )
        return PracticeImport.objects.get(pk=practice_import.pk)

    checked, check_queries = timed("check the file (preview of every row)", upload_and_check)
    assert checked.state == jobs.BackgroundWork.State.DONE, checked.failure
    assert checked.added_count == ROWS

    def confirm_and_apply():
        services.confirm_import(admin, commissioner, checked)
        return PracticeImport.objects.get(pk=checked.pk)

    applied, apply_queries = timed("apply: add every practice, audit each", confirm_and_apply)
    assert applied.state == jobs.BackgroundWork.State.DONE, applied.failure
    assert Organisation.objects.filter(kind=Organisation.Kind.GP_PRACTICE).count() == ROWS
    # Batched: a few dozen queries per 500 practices (inserts split by the database's
    # parameter limit), never one or more per practice.
    assert apply_queries < ROWS / 10
    assert check_queries < ROWS / 10

    changed = practice_file(renamed=CHANGED, closed=CHANGED)

    def changed_file():
        rows = services.read_rows("epraccur.csv", changed)
        plan = services.make_plan(rows)
        return services.apply_plan(plan, actor=None, organisation=None, detail={"via": "bench"})

    done, _ = timed(f"a changed file: {CHANGED:,} renamed, {CHANGED:,} closed", changed_file)
    assert (done["changed"], done["closed"]) == (CHANGED, CHANGED)

    def same_again():
        rows = services.read_rows("epraccur.csv", changed)
        return services.make_plan(rows)

    plan, queries = timed("the same file again (nothing to change)", same_again)
    assert not plan.has_changes
    assert queries <= 3
