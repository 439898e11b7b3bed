"""Where one page's time goes (issue 17): signs in as the bench does (measure.py), requests
one key page (pages.py) a number of times and splits each request's time into SQL, template
rendering and the rest (middleware, views, forms), then prints cProfile's top functions.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<copy of bench data> \\
      .venv/bin/python benchmarks/profile_page.py "SAS episode list" [--requests 20] [--top 25]

Never point it at gateway_bench_*_made: pages write audit and session rows. Settings are the
bench's (DJANGO_SETTINGS_MODULE, default gateway.config.settings.bench)."""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gateway.config.settings.bench")
# The test client's host, as bench.py allows it (production settings refuse unknown hosts).
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from measure import WARM_UP, api_client, signed_in, split_request  # noqa: E402
from pages import key_pages  # noqa: E402


def _short(filename):
    for marker in ("site-packages/", "/gateway/", "lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def split_times(client, url, requests):
    """Median milliseconds of (total, SQL, templates, other) over the requests."""
    rows = []
    for _ in range(requests):
        response, (total, sql, render) = split_request(client, url)
        assert response.status_code == 200, (url, response.status_code)
        rows.append((total, sql, render, total - sql - render))
    return [statistics.median(row[i] for row in rows) * 1000 for i in range(4)]


def profiled(client, url, args):
    profile = cProfile.Profile()
    for _ in range(args.requests):
        profile.enable()
        client.get(url)
        profile.disable()
    stats = pstats.Stats(profile)
    by_file = {}
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():
        key = _short(filename)
        by_file[key] = by_file.get(key, 0.0) + tottime
    print("  own time by file (ms a request, under cProfile):")
    for key, seconds in sorted(by_file.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"    {seconds * 1000 / args.requests:8.2f}  {key}")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
    if args.callers:
        pstats.Stats(profile, stream=out).sort_stats("tottime").print_callers(args.callers)
    print(out.getvalue())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="+", help="page names from benchmarks/pages.py")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--callers", help="print the callers of functions matching this")
    parser.add_argument("--summary", action="store_true", help="the split only, no cProfile")
    args = parser.parse_args()

    pages = {name: (who, url) for name, who, url, _ in key_pages()}
    clients = {}
    print(f"{'page':<40} {'total':>7} {'SQL':>6} {'tmpl':>6} {'other':>6}  (median ms)")
    for name in args.pages:
        who, url = pages[name]
        if who not in clients:
            clients[who] = api_client() if who == "api" else signed_in(who)
        client = clients[who]
        for _ in range(WARM_UP):
            client.get(url)
        total, sql, render, other = split_times(client, url, args.requests)
        print(f"{name:<40} {total:7.1f} {sql:6.1f} {render:6.1f} {other:6.1f}", flush=True)
        if not args.summary:
            profiled(client, url, args)


if __name__ == "__main__":
    main()
