"""The home page costs at most 15 queries for anyone, whatever roles they hold and however
much work waits for them (issue 17 cause 3, ADR 0053), and still shows every section and
figure it showed when each figure was a query of its own.

The data is a small synthetic England (the demo inside it, as `make bench` measures the home
page) crowded with more open work than any capped count counts: the worklists then say "25
or more". The people are the demo's staff, signed in as the bench signs them in (the demo
commissioner's home holds the sections of four apps' work), and, at each kind of demo
organisation, someone holding every role a person can hold there."""

import io
import re
import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone

from conftest import sign_in
from gateway.accounts.models import Membership, Organisation, Role, User
from gateway.accounts.rules import roles_for_organisation
from gateway.comms import queries as comms_queries
from gateway.nonprod.demo_data import CHARITY, ICB, NATIONAL, PRESTON, USERS, demo_email
from gateway.nonprod.demo_data import SAS as SAS_PRACTICE
from gateway.patients.models import LinkRequest
from gateway.patients.queries import open_link_request_count, visible_patients
from gateway.registration.models import RegistrationAlert, RegistrationReferral
from gateway.sas import queries as sas_queries
from gateway.sas.models import InformationRequest
from gateway.support.models import Action
from gateway.support.queries.referrals import referral_counts
from gateway.support.queries.team import worklist_counts as support_counts

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15
CROWD = 30  # more than the 25 the home page counts to


def _copies(rows, times, **changes):
    """``times`` copies of each row, with new keys and ``changes`` (a callable gets the copy's
    number), written in bulk."""
    made = []
    for row in rows:
        for n in range(times):
            row.pk = row.id = None
            if hasattr(row, "public_id"):
                row.public_id = uuid.uuid4()
            for name, value in changes.items():
                setattr(row, name, value(n) if callable(value) else value)
            made.append(type(row)(**{f.attname: getattr(row, f.attname) for f in row._meta.fields}))
    type(made[0]).objects.bulk_create(made) if made else None


def _crowd():
    """More open work of every kind than the home page counts, on the synthetic data's own
    rows: each open deadline and unanswered request again, overdue and due this week; each
    open support action again."""
    today = timezone.localdate()
    deadlines = list(sas_queries.open_deadlines())
    _copies(deadlines, CROWD, due_on=lambda n: today - timezone.timedelta(days=n + 1))
    _copies(deadlines, CROWD, due_on=lambda n: today + timezone.timedelta(days=n % 7))
    requests = list(InformationRequest.objects.filter(answered_at__isnull=True))
    _copies(requests, CROWD, due_on=lambda n: today - timezone.timedelta(days=n + 1))
    _copies(list(Action.objects.filter(status=Action.Status.OPEN)), CROWD)
    # Requests to see a person's record: open ones for the commissioner to decide, and
    # answered ones the practice that asked is told about.
    icb, preston = (Organisation.objects.get(name=name) for name in (ICB, PRESTON))
    people = list(visible_patients(*_demo_user("commissioner")).order_by("pk")[:CROWD])
    LinkRequest.objects.bulk_create(
        LinkRequest(patient=person, organisation=preston, commissioner=icb) for person in people
    )
    LinkRequest.objects.bulk_create(
        LinkRequest(
            patient=person,
            organisation=preston,
            commissioner=icb,
            resolved_at=timezone.now(),
            outcome=LinkRequest.Outcome.DECLINED,
            reason="Not known to the commissioner",
        )
        for person in people
    )


@pytest.fixture
def england(settings):
    settings.DEMO_MODE = True
    call_command("make_synthetic_england", scale="small", factor=0.01, stdout=io.StringIO())


def _every_role_at(org_name):
    """Someone holding every role a person can hold at the demo organisation."""
    organisation = Organisation.objects.get(name=org_name)
    user = User.objects.create(username=f"every-role-{organisation.pk}@example.invalid")
    for role in roles_for_organisation(organisation):
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user, organisation


def _demo_user(local_part):
    """The demo user and the organisation the bench signs them in for (their first)."""
    user = User.objects.get(username=demo_email(local_part))
    membership = Membership.objects.filter(user=user, is_active=True).order_by("id").first()
    return user, membership.organisation


def _people():
    """{who: (user, organisation, roles)}: the demo's staff, then someone holding every role
    at each kind of demo organisation."""
    people = {}
    for local_part, *_ in USERS:
        user, organisation = _demo_user(local_part)
        roles = {m.role for m in user.memberships.filter(organisation=organisation)}
        people[local_part] = (user, organisation, roles)
    for org_name in (ICB, SAS_PRACTICE, PRESTON, CHARITY, NATIONAL["name"]):
        user, organisation = _every_role_at(org_name)
        roles = set(roles_for_organisation(organisation))
        people[f"every role at {org_name}"] = (user, organisation, roles)
    return people


def _home(client, django_assert_max_num_queries, user, organisation):
    """The home page as the person sees it on a second visit, and the queries it cost (at
    most MAX_QUERIES, or the test fails here)."""
    client.logout()
    sign_in(client, user, organisation)
    client.get("/")  # the first visit after signing in may set up the session
    with django_assert_max_num_queries(MAX_QUERIES) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _text(page):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))


def _headings(page):
    return [_text(h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)]


def _sas_figures(user, organisation, roles):
    """What the SAS section said when each figure was a query of its own."""
    work = sas_queries.worklist_counts(user, organisation, roles)
    said = [f"Your worklist: {work['overdue_text']} overdue, {work['due_soon_text']} due"]
    if Role.COMMISSIONER in roles and organisation.kind == "commissioner":
        waiting = sas_queries.screening_summary(user, organisation)["count"]
        said.append(f"Removal reports to screen: {waiting or 'none'} waiting")
    if sas_queries.has_panel_queue(organisation, roles):
        panel = sas_queries.panel_queue_counts(user, organisation)
        said.append(
            f"Appeals for the panel: {panel['waiting']} waiting for a decision, "
            f"{panel['panel_arranged']} with a panel date, {panel['papers_sent']} with papers"
            if panel["waiting"]
            else "Appeals for the panel: none waiting"
        )
    return said


def _other_figures(user, organisation):
    said = []
    if user.has_perm("patients.decide_link_requests", organisation):
        count = open_link_request_count(user, organisation)
        if count:
            said.append(f"{count} request")
    if user.has_perm("patients.add_patient", organisation) and organisation.name == PRESTON:
        said.append("Their reason: Not known to the commissioner")
    if user.has_perm("support.view_support", organisation):
        counts, referrals = support_counts(user, organisation), referral_counts(user, organisation)
        if counts["open"] or counts["reviews_due"]:
            said.append(
                f"Your actions: {counts['open']} to do, {counts['overdue']} overdue, "
                f"{counts['due_soon']} due in the next 7 days"
            )
        if referrals["news"] or referrals["open"]:
            said.append(f"Your referrals: {referrals['news']} with news, {referrals['open']}")
    if user.has_perm("comms.hand_over", organisation):
        said.append(f"Letters to hand over: {comms_queries.handover_count(organisation)} waiting")
    if user.has_perm("comms.view_unreachable", organisation):
        said.append(f"People we could not reach: {comms_queries.unreachable_count(organisation)}")
    alerts = RegistrationAlert.objects.filter(organisation=organisation, cleared_at__isnull=True)
    if user.has_perm("registration.oversee", organisation):
        said.append(f"Registration worklist: {_items(alerts.filter(kind__in=OVERSIGHT))}")
    elif user.has_perm("registration.answer", organisation):
        waiting = RegistrationReferral.objects.filter(practice=organisation, status="sent")
        if waiting.exists() or alerts.exists():
            said.append(
                f"Registration referrals: {alerts.count()} alert"  # "1 alert", "2 alerts"
            )
            said.append(f"and {waiting.count()} waiting for your answer")
    elif user.has_perm("registration.refer", organisation):
        said.append(f"GP registration referrals: {alerts.count()} alert")
    return said


OVERSIGHT = sorted(
    {"escalation", "not_reasonable_refusal", "refusal_challenged", "fp69_escalation"}
)


def _items(rows):
    count = rows.count()
    return f"{count} item"


def _said(page, figures):
    text = _text(page)
    missing = [figure for figure in figures if figure not in text]
    assert not missing, f"the home page no longer says {missing}"


def test_anyones_home_costs_at_most_15_queries_however_crowded_and_shows_every_figure(
    england, client, django_assert_max_num_queries
):
    people = _people()
    quiet = {
        who: _home(client, django_assert_max_num_queries, user, organisation)[1]
        for who, (user, organisation, _) in people.items()
    }
    _crowd()
    crowded = {}
    for who, (user, organisation, roles) in people.items():
        page, crowded[who] = _home(client, django_assert_max_num_queries, user, organisation)
        assert _headings(page) == HEADINGS[who], who
        figures = _other_figures(user, organisation)
        if user.has_perm("patients.view_patient", organisation):
            figures += _sas_figures(user, organisation, roles)
        _said(page, figures)
        if who == "commissioner":  # the bench's "home: commissioner" (benchmarks/pages.py)
            assert "Your worklist: 25 or more overdue, 25 or more due in the next 7 days" in (
                _text(page)
            ), "the counts stay capped"
    assert crowded == quiet, "the home page costs the same however much work waits"


# Each person's sections in the crowded data, as the page showed them when every figure was a
# query of its own (the h2 headings, in order).
SAS, LINKS, ASKED, SUPPORT, REGISTRATION, MESSAGES, AUDIT, STAFF = (
    "Special Allocation Scheme",
    "Requests to see a person's record",
    "Your commissioner's answers",
    "Support",
    "GP registration",
    "Messages to people",
    "Audit trail",
    "Your organisation's staff",
)
DUPLICATES, INSIGHT, RETURN, CASELOAD_IMPORT, LINKS_OUT = (
    "People entered twice",
    "How the scheme is doing",
    "Yearly return",
    "People already on your scheme",
    "Support links",
)
HEADINGS = {
    "commissioner": [
        SAS,
        DUPLICATES,
        LINKS,
        SUPPORT,
        REGISTRATION,
        MESSAGES,
        INSIGHT,
        RETURN,
        CASELOAD_IMPORT,
        LINKS_OUT,
    ],
    "practice-staff": [SAS, ASKED, REGISTRATION, MESSAGES, LINKS_OUT],
    "sas-practice-staff": [SAS, MESSAGES, LINKS_OUT],
    "support-worker": [SAS, "Your clients", SUPPORT, REGISTRATION, MESSAGES, LINKS_OUT],
    "panel-member": [SAS, LINKS_OUT],
    "organisation-admin": [STAFF, LINKS_OUT],
    "second-organisation-admin": [STAFF, LINKS_OUT],
    "auditor": [AUDIT, LINKS_OUT],
    "national-analyst": ["Every area side by side", LINKS_OUT],
    f"every role at {ICB}": [
        SAS,
        DUPLICATES,
        LINKS,
        SUPPORT,
        REGISTRATION,
        MESSAGES,
        AUDIT,
        STAFF,
        INSIGHT,
        RETURN,
        "NHS practice data",
        CASELOAD_IMPORT,
        LINKS_OUT,
    ],
    f"every role at {SAS_PRACTICE}": [SAS, MESSAGES, AUDIT, STAFF, LINKS_OUT],
    f"every role at {PRESTON}": [SAS, ASKED, REGISTRATION, MESSAGES, AUDIT, STAFF, LINKS_OUT],
    f"every role at {CHARITY}": [
        SAS,
        "Your clients",
        REGISTRATION,
        MESSAGES,
        AUDIT,
        STAFF,
        LINKS_OUT,
    ],
    f"every role at {NATIONAL['name']}": [AUDIT, STAFF, "Every area side by side", LINKS_OUT],
}
