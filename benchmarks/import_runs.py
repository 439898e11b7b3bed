"""The practice import at the bench's size (issue 17: `make bench` measures imports): the
month's NHS practice file (epraccur, the ODS layout) holding every practice of the synthetic
England, read and applied as the staff page's background work does it
(gateway/imports/practices/services.py), at each size. Run by measure.py after the pages and
the daily jobs (it writes to the data), in the same process layout as they are.

Three steps, each timed with its queries:
- "first import": the file as ODS would publish the practices as made, applied (what it
  changes is whatever the made data and ODS's layout differ in: names in capitals, say);
- "same file again": read and planned again, nothing to change (a month with no change);
- "changed file": 1% of the practices renamed, 1% closed and 1% new, applied.

The import writes in batches: its queries must stay a small fraction of its rows whatever
the file's size (targets.py, "batched")."""

import time

from gateway.accounts.models import Organisation
from gateway.imports.practices import services
from gateway.imports.practices.tests import epraccur

SHARE = 100  # 1 in SHARE practices renamed, as many closed, as many new


def _file(practices, *, renamed=(), closed=(), new=0):
    rows = []
    for code, name, postcode, icb in practices:
        if code in closed:
            row = epraccur.row(
                code, name, postcode=postcode, icb=icb, status="C", closed="20261101"
            )
            rows.append(row)
        else:
            shown = f"RENAMED {name}" if code in renamed else name
            rows.append(epraccur.row(code, shown, postcode=postcode, icb=icb))
    icb = practices[0][3] if practices else ""
    rows += [epraccur.row(f"Z{n:05d}", f"NEW SURGERY {n}", icb=icb) for n in range(new)]
    return epraccur.file(*rows)


def _apply(content):
    plan = services.make_plan(services.read_rows("epraccur.csv", content))
    return services.apply_plan(plan, actor=None, organisation=None, detail={"via": "bench"})


def _planned(content):
    return services.make_plan(services.read_rows("epraccur.csv", content))


def measure_imports(counted):
    """{step: {rows, seconds, queries, and what it did}} for the three steps; ``counted`` is
    measure.Counted (queries across reconnects)."""
    practices = list(
        Organisation.objects.filter(kind=Organisation.Kind.GP_PRACTICE)
        .exclude(ods_code="")
        .order_by("ods_code")
        .values_list("ods_code", "name", "postcode", "commissioner__ods_code")
    )
    practices = [
        (code, name.upper(), postcode or "BN1 1AA", icb or "")
        for code, name, postcode, icb in practices
    ]
    every = len(practices) // SHARE or 1
    renamed = {p[0] for p in practices[0::every][: len(practices) // SHARE]}
    closed = {p[0] for p in practices[1::every][: len(practices) // SHARE]}
    steps = {
        "first import": (_file(practices), _apply),
        "same file again": (_file(practices), _planned),
        "changed file": (
            _file(practices, renamed=renamed, closed=closed, new=len(practices) // SHARE),
            _apply,
        ),
    }
    results = {}
    for step, (content, work) in steps.items():
        with counted() as queries:
            start = time.perf_counter()
            done = work(content)
            seconds = time.perf_counter() - start
        rows = len(practices) + (len(practices) // SHARE if step == "changed file" else 0)
        did = done if isinstance(done, dict) else {"has_changes": done.has_changes}
        results[step] = {"rows": rows, "seconds": round(seconds, 2), "queries": len(queries), **did}
        print(f"  import, {step:<20} {rows:>6} rows {seconds:>6.2f} s {len(queries):>5} q {did}")
    return results
