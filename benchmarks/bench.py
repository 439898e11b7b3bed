# ruff: noqa: S603, S607, S310 (a local tool that runs its own createdb, gunicorn and http://127.0.0.1)
"""`make bench`: Gateway measured on PostgreSQL at two sizes of a synthetic England (issue 17,
ADR 0042). It creates, migrates and drops its own databases (createdb/dropdb on 127.0.0.1,
trust auth), fills each with `manage.py make_synthetic_england --scale bench --factor F`,
measures every key page in-process (measure.py), 16 concurrent clients against gunicorn,
and the daily jobs twice; prints one table, writes benchmarks/results/<date>-<commit>.json,
and fails when a target is missed that benchmarks/known_gaps.py does not list.

Options: --factors 1,4  --requests 20 (timed requests a page, each beside one to the trivial
page)  --clients 16 (0: no concurrency run)  --keep (keep the databases and a copy of the data
as made), --make-only (make and keep the data, measure nothing); BENCH_REUSE=1 measures copies
of kept data (before and after a change on identical data)."""

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = str(ROOT / ".venv" / "bin" / "python")
PG = [
    "-h",
    os.environ.get("BENCH_PGHOST", "127.0.0.1"),
    "-U",
    os.environ.get("BENCH_PGUSER", "postgres"),
]
CONCURRENT_PAGES = [
    "SAS worklist: commissioner",
    "SAS episode list",
    "caseload: Your clients",
    "registration inbox",
]
# BENCH_REUSE=1: measure copies of the data a previous run kept (--keep keeps
# gateway_bench_<F>x_made, the data as made) instead of making it again, so two commits are
# measured on identical data (before and after a change), daily jobs' catch-up included.
REUSE = os.environ.get("BENCH_REUSE") == "1"
JOB_TIMEOUT = int(os.environ.get("BENCH_JOB_TIMEOUT", "600"))

sys.path.insert(0, str(HERE))


# Data is made under the test settings (tasks run inline, so the demo's letters and messages
# are really sent); it is measured under the bench settings, which serve a request the way
# production does (gateway/config/settings/bench.py).
MAKING = "gateway.config.settings.test"
MEASURING = "gateway.config.settings.bench"


def env_for(db, settings=MEASURING):
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{PG[3]}@{PG[1]}:5432/{db}",
        "DJANGO_SETTINGS_MODULE": settings,
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "PYTHONWARNINGS": "ignore",
    }


def run(args, db=None, timeout=None, settings=MEASURING, **kw):
    env = env_for(db, settings) if db else None
    return subprocess.run(args, cwd=ROOT, env=env, check=True, timeout=timeout, **kw)


def exists(db):
    listed = subprocess.run(["psql", *PG, "-lqt"], capture_output=True, text=True).stdout
    return db in {line.split("|")[0].strip() for line in listed.splitlines()}


def fresh_database(name, template=None):
    subprocess.run(["dropdb", *PG, "--if-exists", "--force", name], check=True)
    run(["createdb", *PG, *(["-T", template] if template else []), name])


def vacuum(db):
    """VACUUM (ANALYZE), as autovacuum leaves a live database: made in bulk (every deadline
    written twice, every person's sort date rewritten) and never vacuumed, the data had half its
    deadline rows dead and no visibility map, so every index-only read went to the table (the
    commissioner's worklist count: 13,696 buffers, 3,349 vacuumed). This machine's PostgreSQL
    runs with autovacuum off, so the bench does it itself (ADR 0043, update 2026-12-07)."""
    run(["psql", *PG, "-q", "-c", "VACUUM (ANALYZE)", db])


def measure_size(factor, template, requests, clients, keep, make_only=False):
    db = f"gateway_bench_{str(factor).replace('.', '_')}x"
    made_copy = f"{db}_made"  # the data as made, before any measurement wrote to it
    start = time.perf_counter()
    if REUSE and exists(made_copy):
        # The same data measured again by another commit: a fresh copy of it, migrated to this
        # code's schema (migrations fill any new column), with statistics gathered again.
        print(f"\n== {factor}x: measuring a copy of the kept {made_copy}", flush=True)
        fresh_database(db, made_copy)
        run([PY, "manage.py", "migrate", "--noinput", "-v0"], db)
        vacuum(db)
    else:
        fresh_database(db, template)
        print(f"\n== {factor}x: making a synthetic England in {db}", flush=True)
        make = ["make_synthetic_england", "--scale", "bench", "--factor", str(factor)]
        run([PY, "manage.py", *make], db, settings=MAKING)
        vacuum(db)
        if keep:
            fresh_database(made_copy, db)
    made = round(time.perf_counter() - start, 1)
    if make_only:
        return {"generate_seconds": made}
    with tempfile.TemporaryDirectory() as tmp:
        run([PY, str(HERE / "measure.py"), "pages", f"{tmp}/pages.json", str(requests)], db)
        result = json.loads(Path(f"{tmp}/pages.json").read_text())
        result["concurrency"] = concurrency(db, result, clients) if clients else {}
        try:
            run([PY, str(HERE / "measure.py"), "jobs", f"{tmp}/jobs.json"], db, timeout=JOB_TIMEOUT)
            result["jobs"] = json.loads(Path(f"{tmp}/jobs.json").read_text())["jobs"]
        except subprocess.TimeoutExpired:
            result["jobs"] = {
                "daily jobs": {
                    "catch_up": {"seconds": JOB_TIMEOUT, "queries": None},
                    "steady": {"seconds": JOB_TIMEOUT, "queries": None},
                    "timed_out": True,
                }
            }
        run([PY, str(HERE / "measure.py"), "imports", f"{tmp}/imports.json"], db)
        result["imports"] = json.loads(Path(f"{tmp}/imports.json").read_text())["imports"]
    result.pop("cookies", None)
    result["generate_seconds"] = made
    if not keep:
        subprocess.run(["dropdb", *PG, "--if-exists", db], check=True)
    return result


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def concurrency(db, result, clients, per_client=8):
    """clients threads against gunicorn (4 sync workers, as many as 2 cores sensibly run),
    each asking for the page per_client times: p50/p95 and throughput per page."""
    from names import TRIVIAL

    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "gateway.config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "4",
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=ROOT,
        env=env_for(db),
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        out = {}
        for name in [TRIVIAL, *CONCURRENT_PAGES]:
            page = result["pages"][name]
            cookie = result["cookies"][page["who"]]
            out[name] = hammer(f"http://127.0.0.1:{port}{page['url']}", cookie, clients, per_client)
            print(
                f"  {clients} clients: {name:<30} {out[name]['rps']:>6.1f}/s "
                f"p95 {out[name]['p95_ms']:.0f} ms"
            )
        return out
    finally:
        server.terminate()
        server.wait(timeout=30)


def hammer(url, cookie, clients, per_client):
    times, errors = [], []

    def client():
        for _ in range(per_client):
            request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    response.read()
                    if response.status != 200:
                        errors.append(response.status)
            except OSError as e:
                errors.append(str(e))
            times.append((time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
        "rps": round(len(times) / wall, 2),
        "errors": len(errors),
    }


def machine():
    memory = None
    with contextlib.suppress(OSError):
        memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        # Other work on the machine while it ran (1, 5 and 15 minutes): times are only
        # comparable between runs under similar load.
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "memory_mb": memory,
        "commit": commit,
        "python": sys.version.split()[0],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--factors", default="1,4")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--make-only", action="store_true", help="make and keep the data; measure nothing"
    )
    args = parser.parse_args()
    factors = [float(f) if "." in f else int(f) for f in args.factors.split(",")]
    template = "gateway_bench_template"
    if not (REUSE and exists(template)):
        fresh_database(template)
        run([PY, "manage.py", "migrate", "--noinput", "-v0"], template)
    sizes = {}
    for factor in factors:
        sizes[f"{factor}x"] = measure_size(
            factor, template, args.requests, args.clients, args.keep or args.make_only,
            args.make_only,
        )  # fmt: skip
    subprocess.run(["dropdb", *PG, "--if-exists", template], check=True)
    if args.make_only:
        return
    from report import report

    failures = report(sizes, machine(), HERE / "results")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
