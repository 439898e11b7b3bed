"""Measuring one database (run by bench.py in its own process, with DATABASE_URL set to a
bench database that make_synthetic_england filled): every key page's queries and times,
the audit write's cost, the daily jobs twice, and signed-in cookies for the concurrency run.
Writes JSON to the path given."""

import json
import os
import secrets
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gateway.config.settings.bench")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.backends import jinja2 as jinja_backend  # noqa: E402
from django.test import Client  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from pages import TRIVIAL, key_pages  # noqa: E402
from sampling import interleaved, median, p95  # noqa: E402

from gateway.accounts.models import ApiToken, Membership, Organisation, Role, User  # noqa: E402
from gateway.accounts.sessions import (  # noqa: E402
    SESSION_LAST_ACTIVITY,
    SESSION_ORGANISATION,
    SESSION_SIGNED_IN_AT,
)
from gateway.audit import services as audit  # noqa: E402
from gateway.nonprod.demo_data import ICB, demo_email  # noqa: E402

WARM_UP = 2
# Requests of each page timed again with their SQL measured (apart from the timed ones, so
# the measuring does not weigh on them): how much of the page is the database's.
SQL_REQUESTS = 5
DAILY_JOBS = ["sas_daily", "registration_daily"]


def signed_in(local_part):
    """A client signed in (password and MFA passed) as a demo user, for their organisation."""
    user = User.objects.get(username=demo_email(local_part))
    membership = Membership.objects.filter(user=user, is_active=True).order_by("id").first()
    client = Client()
    client.force_login(user)
    session = client.session
    device = user.totpdevice_set.filter(confirmed=True).first()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_SIGNED_IN_AT] = session[SESSION_LAST_ACTIVITY] = time.time()
    session[SESSION_ORGANISATION] = membership.organisation_id
    session.save()
    return client


def api_client():
    """A client with a bearer token for the commissioner's system account."""
    sussex = Organisation.objects.get(name=ICB)
    user, _ = User.objects.get_or_create(
        username="bench-system@example.invalid",
        defaults={"full_name": "Bench system", "is_system_account": True},
    )
    Membership.objects.get_or_create(user=user, organisation=sussex, role=Role.COMMISSIONER)
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        name="bench", user=user, organisation=sussex, token_hash=ApiToken.hash(raw)
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


class Counted:
    """Counts the queries a block runs, across the reconnect each request makes when
    connections are not kept (CaptureQueriesContext loses them then)."""

    def __enter__(self):
        self.count = 0
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    def __len__(self):
        return self.count


class SqlTime:
    """Seconds spent in SQL (the database and its driver) while it is entered as a
    connection's execute wrapper."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start


class Split(SqlTime):
    """Seconds spent in SQL (``seconds``) and in template rendering while it is entered."""

    def __init__(self):
        super().__init__()
        self.render = 0.0
        self.depth = 0

    def __call__(self, execute, sql, params, many, context):
        before = self.seconds
        try:
            return super().__call__(execute, sql, params, many, context)
        finally:
            if self.depth:  # a query a template ran: count it as SQL, not rendering
                self.render -= self.seconds - before

    def wrap_render(self, render):
        def timed_render(template, *args, **kwargs):
            self.depth += 1
            start = time.perf_counter()
            try:
                return render(template, *args, **kwargs)
            finally:
                self.depth -= 1
                if not self.depth:
                    self.render += time.perf_counter() - start

        return timed_render


def split_request(client, url):
    """One request to url: (the response, and the seconds it took in all, in SQL and in
    rendering templates, a query a template runs counted as SQL)."""
    split = Split()
    original = jinja_backend.Template.render
    jinja_backend.Template.render = split.wrap_render(original)
    try:
        with connection.execute_wrapper(split):
            start = time.perf_counter()
            response = client.get(url)
            total = time.perf_counter() - start
    finally:
        jinja_backend.Template.render = original
    return response, (total, split.seconds, split.render)


def split_ms(client, url, n=SQL_REQUESTS):
    """The median milliseconds a request to url spends in SQL and in rendering templates,
    over n requests."""
    splits = [split_request(client, url)[1] for _ in range(n)]
    return tuple(median([s[i] * 1000 for s in splits]) for i in (1, 2))


def timed(client, url, n, trivial=None, audited=False):
    """A page's queries (one request, after warm-ups) and n timed requests. With ``trivial``
    (a client and the trivial page's url) each request to the page alternates with one to the
    trivial page, so the page's ratio to it is of medians taken side by side, under the same
    load; ``audited`` adds a third: the page with the audit write switched off. Then a few
    more requests measure how much of the page is SQL and how much is rendering templates
    (``sql_median_ms``, ``template_median_ms``)."""
    statuses = set()

    def page():
        statuses.add(client.get(url).status_code)

    calls = {"page": page}
    if trivial:
        calls["trivial"] = lambda: trivial[0].get(trivial[1])
    writes = []  # per audited page request: ms spent writing its audit row(s)
    if audited:
        record = audit.record

        def audited_page():
            spent = []

            def timed_record(*args, **kwargs):
                start = time.perf_counter()
                try:
                    return record(*args, **kwargs)
                finally:
                    spent.append(time.perf_counter() - start)

            with mock.patch.object(audit, "record", timed_record):
                page()
            writes.append(round(sum(spent) * 1000, 3))

        def audit_off():
            with mock.patch.object(audit, "record", lambda *a, **k: None):
                page()

        calls["page"] = audited_page
        calls["audit_off"] = audit_off
    interleaved(calls, 0, warm_up=WARM_UP)
    with Counted() as queries:
        page()
    writes.clear()
    times = interleaved(calls, n, warm_up=0)
    row = {
        "queries": len(queries),
        "median_ms": median(times["page"]),
        "p95_ms": p95(times["page"]),
        "status": sorted(statuses),
        "times_ms": times["page"],
    }
    row["sql_median_ms"], row["template_median_ms"] = split_ms(client, url)
    if trivial:
        row["trivial_median_ms"] = median(times["trivial"])
        row["trivial_times_ms"] = times["trivial"]
    if audited:
        row["audit_off_median_ms"] = median(times["audit_off"])
        row["audit_off_times_ms"] = times["audit_off"]
        # The audit write timed inside each page request (benchmarks/targets.py judges it).
        row["audit_write_ms"] = writes
        row["audit_write_median_ms"] = median(writes)
    return row


def measure_pages(n):
    """Every key page, each paired with the trivial page (the commissioner's, as signed in
    for the standalone measurement). The trivial page is also measured on its own first and
    again last, so a drift in the machine's load over the run shows."""
    clients, results = {}, {}
    pages = key_pages()
    trivial_url = pages[0][2]
    for name, who, url, audited in pages:
        if who not in clients:
            clients[who] = api_client() if who == "api" else signed_in(who)
        paired = None if name == TRIVIAL else (clients["commissioner"], trivial_url)
        row = timed(clients[who], url, n, trivial=paired, audited=audited)
        row.update(who=who, url=url)
        results[name] = row
        beside = (
            f" (trivial beside it {row['trivial_median_ms']:.1f} ms, "
            f"{row['median_ms'] / row['trivial_median_ms']:.1f}x)"
            if paired
            else ""
        )
        print(f"  {name:<36} {row['queries']:>4} q {row['median_ms']:>9.1f} ms{beside}", flush=True)
    results[TRIVIAL + " (again)"] = timed(clients["commissioner"], trivial_url, n)
    cookies = {who: c.cookies["sessionid"].value for who, c in clients.items() if who != "api"}
    return results, cookies


def measure_jobs():
    """Each daily job twice: its time and queries, and how many tasks it left for the task
    workers (letters and messages are theirs to send: the bench settings queue them)."""
    from django_tasks_db.models import DBTaskResult

    jobs = {}
    for job in DAILY_JOBS:
        runs = []
        for _ in range(2):  # catch-up, then the steady state of the next run
            queued_before = DBTaskResult.objects.count()
            with Counted() as queries:
                start = time.perf_counter()
                call_command(job, stdout=open(os.devnull, "w"))  # noqa: SIM115
                seconds = time.perf_counter() - start
            queued = DBTaskResult.objects.count() - queued_before
            runs.append({"seconds": round(seconds, 2), "queries": len(queries), "tasks": queued})
        jobs[job] = {"catch_up": runs[0], "steady": runs[1]}
        print(
            f"  {job:<36} {runs[0]['seconds']:>6.1f} s ({runs[0]['tasks']} tasks queued), "
            f"then {runs[1]['seconds']:.1f} s ({runs[1]['tasks']} tasks)"
        )
    return jobs


def keep_insight_figures():
    """Every area's insight figures kept for today, as the hourly insight_daily job's tasks
    have done by the time anyone reads them (ADR 0064): the dashboard and the national view
    are measured as they serve a day's requests. Worked out here, in this process, rather than
    queued for a task worker the bench does not run. Returns the seconds it took."""
    from gateway.insight import services as insight

    start = time.perf_counter()
    for name, periods in insight.keep_every_area().items():
        print(f"  insight figures kept: {name}, {periods} periods", flush=True)
    seconds = round(time.perf_counter() - start, 1)
    print(f"  insight figures kept for every area in {seconds} s", flush=True)
    return seconds


def keep_registration_evidence():
    """Every commissioner's registration evidence kept for today, as the hourly
    registration_daily job has done by the time anyone reads it (ADR 0064, update of session
    13): the evidence page and its CSV files are measured as they serve a day's requests.
    Returns the seconds it took."""
    from gateway.registration import services as registration

    start = time.perf_counter()
    kept = registration.keep_evidence()
    seconds = round(time.perf_counter() - start, 1)
    print(f"  registration evidence kept for {kept} commissioners in {seconds} s", flush=True)
    return seconds


def main(what, out, n):
    if what == "jobs":
        result = {"jobs": measure_jobs()}
    elif what == "imports":
        from import_runs import measure_imports

        result = {"imports": measure_imports(Counted)}
    else:
        kept_seconds = keep_insight_figures()
        evidence_seconds = keep_registration_evidence()
        pages, cookies = measure_pages(n)
        result = {
            "pages": pages,
            "cookies": cookies,
            "insight_kept_seconds": kept_seconds,
            "evidence_kept_seconds": evidence_seconds,
        }
    Path(out).write_text(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 20)
