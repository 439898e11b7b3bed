"""The support worker's own view, "Your clients": the people their
organisation supports by the person's consent, as a member of their support team, or as the
named worker on a contact route, with what is coming up for each (SAS review, appeal and
discharge dates; their GP registration referral), soonest first.

Organisation-scoped like every read of patient data: only people the organisation may see
(gateway.patients.queries.visible_patients), and only while the consent or team membership is
in force. A fixed number of queries for a page, however many people or dates."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

import rules
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, When
from django.utils import timezone

from gateway.accounts.models import Organisation, Role
from gateway.accounts.rules import has_role
from gateway.core.figures import CountUpTo, figures_query, named
from gateway.core.prepared import PreparedRows, Statement

from ..models import Consent, ContactRoute, Patient
from .patients import DEATH, open_flags_prefetch, visible_patients
from .scope import WHOLE_ORGANISATION, organisation_scope_ids, scope_shape

rules.add_perm("patients.view_caseload", has_role(Role.SUPPORT_WORKER))

# The SAS dates a support worker helps the person with, and the last day to appeal while it
# is open: the SAS app's to say, since it keeps each person's soonest one on their row
# (gateway.sas.models.caseload_key, docs/adr/0043-lists-that-stay-fast.md).
APPEAL_WINDOW_LABEL = "Last day to appeal"


def _sas():
    from gateway.sas import models as sas
    from gateway.sas.states import OPEN_STATES

    return sas, sas.caseload_key, OPEN_STATES


def _consent_in_force(organisation_id, today):
    return Consent.objects.filter(
        patient=OuterRef("pk"),
        organisation_id=organisation_id,
        withdrawn_at__isnull=True,
        starts_on__lte=today,
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))


def clients(user, organisation, on_date=None):
    """The organisation's clients that ``user`` may see, soonest coming-up date first (people
    with nothing dated come last, by name). Each is annotated with why they are on the list."""
    return _with_registration(_clients(user, organisation, on_date), organisation.pk)


def _with_registration(clients, organisation_id):
    from gateway.registration.models import RegistrationReferral

    referral = RegistrationReferral.objects.filter(
        patient=OuterRef("pk"), referring_organisation_id=organisation_id
    ).order_by("-referred_on", "-id")
    return (
        clients.annotate(registration_status=Subquery(referral.values("status")[:1]))
        .select_related(DEATH)
        .prefetch_related(open_flags_prefetch())
    )


# What "Your clients" shows of each person (patients/caseload.jinja), the only columns its
# rows read (ADR 0061, ADR 0065): why each is on the list, their date and their GP
# registration are the annotations ``clients`` adds; their open flags are read as kinds.
LISTED = ("public_id", "given_name", "family_name", f"{DEATH}__died_on")


def clients_listed(user, organisation, on_date=None):
    """``clients`` as the page lists them: the same people in the same order, reading only
    what the page shows of each (not the person's 40-odd columns, their death record's or
    who set each flag). For those who read their organisation's whole scope, read through
    statements compiled once a process (ADR 0068: counted and paged, for ``page_of``)."""
    today = on_date or timezone.localdate()
    passed = _window_passed(today)
    if scope_shape(user, organisation) != WHOLE_ORGANISATION:
        people = visible_patients(user, organisation)
        clients = _clients_among(people, organisation.pk, user.pk, today, passed)
        return _listed(_with_registration(clients, organisation.pk))
    return PreparedRows(
        _clients_listed_built,
        passed,
        organisation_id=organisation.pk,
        worker_id=user.pk,
        today=today,
    )


def _listed(clients):
    return (
        clients.only(*LISTED)
        .prefetch_related(None)
        .prefetch_related(open_flags_prefetch(kinds_only=True))
    )


def _clients_listed_built(window_passed, *, organisation_id, worker_id, today):
    people = Patient.objects.filter(pk__in=organisation_scope_ids(organisation_id, today))
    clients = _clients_among(people, organisation_id, worker_id, today, window_passed)
    return _listed(_with_registration(clients, organisation_id))


def _clients(user, organisation, on_date=None):
    """``clients`` in their order, with why each is on the list and their date: what the
    home page's summary counts (the list's page reads the rest)."""
    today = on_date or timezone.localdate()
    people = visible_patients(user, organisation)
    return _clients_among(people, organisation.pk, user.pk, today, _window_passed(today))


def _clients_among(people, organisation_id, worker_id, today, window_passed):
    """Which of ``people`` are the worker's clients at the organisation on the day, in the
    list's order (``_clients``), from keys and the day alone."""
    from gateway.support.models import SupportTeamMember

    team = SupportTeamMember.objects.filter(
        patient=OuterRef("pk"), organisation_id=organisation_id, ended_on__isnull=True
    )
    named = ContactRoute.objects.filter(
        patient=OuterRef("pk"),
        kind=ContactRoute.Kind.VIA_WORKER,
        worker_id=worker_id,
        worker_organisation_id=organisation_id,
        ended_at__isnull=True,
    )
    return (
        people.annotate(
            by_consent=Exists(_consent_in_force(organisation_id, today)),
            in_team=Exists(team),
            named_worker=Exists(named),
            next_due_on=_next_due_on(window_passed, today),
        )
        .filter(Q(by_consent=True) | Q(in_team=True) | Q(named_worker=True))
        .order_by(
            F("next_due_on").asc(nulls_last=True), "search_family_name", "search_given_name", "pk"
        )
    )


def _window_passed(today):
    """Whether anyone's stored date still counts an appeal window that has passed: one
    indexed query (nearly always none is)."""
    _, caseload_key, _ = _sas()
    return caseload_key.people_whose_window_passed(today).exists()


def _next_due_on(window_passed, today):
    """The stored caseload date (its index serves the order). Until the SAS daily job has
    written again the rows whose last day to appeal has passed (an hour or so after
    midnight), those people sort by their other dates, worked out from their own row: a
    passed window never puts a person first (``window_passed``: any such row is left)."""
    if not window_passed:
        return F("caseload_due_on")
    return Case(
        When(appeal_window_ends_on__lt=today, then=F("coming_up_on")),
        default=F("caseload_due_on"),
    )


@dataclass
class ComingUp:
    due_on: object
    label: str
    overdue: bool


@dataclass
class ClientRow:
    patient: object
    reasons: list
    coming_up: list = field(default_factory=list)
    registration: str = ""


def rows(patients, on_date=None):
    """What is coming up for each person on one page: one query for the SAS dates, whatever
    the number of people."""
    from gateway.registration.models import RegistrationReferral

    sas, caseload_key, open_states = _sas()
    today = on_date or timezone.localdate()
    patients = list(patients)
    dates = defaultdict(list)
    for deadline in sas.Deadline.objects.filter(
        caseload_key.coming_up(today),
        episode__patient__in=[p.pk for p in patients],
        episode__state__in=sorted(open_states),
        met_at__isnull=True,
        cancelled_at__isnull=True,
        suspended_at__isnull=True,  # paused while the person is in custody
    ).values("episode__patient_id", "due_on", "label", "kind"):
        window = deadline["kind"] in caseload_key.APPEAL_WINDOWS
        label = APPEAL_WINDOW_LABEL if window else deadline["label"]
        dates[deadline["episode__patient_id"]].append(
            ComingUp(deadline["due_on"], label, deadline["due_on"] < today)
        )
    statuses = dict(RegistrationReferral.Status.choices)
    result = []
    for patient in patients:
        reasons = []
        if patient.named_worker:
            reasons.append("You are their named worker")
        if patient.in_team:
            reasons.append("Your organisation is in their support team")
        if patient.by_consent:
            reasons.append("They consented to your organisation")
        result.append(
            ClientRow(
                patient=patient,
                reasons=reasons,
                coming_up=sorted(dates[patient.pk], key=lambda c: c.due_on),
                registration=statuses.get(patient.registration_status, ""),
            )
        )
    return result


# The home page counts clients only this far ("25 or more"): the list itself has the rest
# (docs/adr/0043-lists-that-stay-fast.md).
HOME_COUNT_LIMIT = 25


def summary(user, organisation, on_date=None):
    """For the home page: how many clients, and how many have a date in the next 4 weeks or
    overdue, each counted to HOME_COUNT_LIMIT at most (the list is soonest first, so its
    first rows hold everyone with such a date: counting those up to the limit, in any order,
    counts what its first rows hold). One query, compiled once a process for those who read
    their organisation's whole scope (ADR 0068), after one that says whether any appeal
    window has passed."""
    today = on_date or timezone.localdate()
    horizon = today + datetime.timedelta(days=28)
    passed = _window_passed(today)

    def orm():
        people = visible_patients(user, organisation)
        clients = _clients_among(people, organisation.pk, user.pk, today, passed)
        return _summary_query(clients, organisation.pk, horizon)

    whole = scope_shape(user, organisation) == WHOLE_ORGANISATION
    rows = SUMMARY.rows_or(
        orm,
        passed if whole else None,
        organisation_id=organisation.pk,
        worker_id=user.pk,
        today=today,
        horizon=horizon,
    )
    found = named(rows[0])
    return {
        "count": found["count"],
        "soon": found["soon"],
        "count_text": _at_most(found["count"]),
        "soon_text": _at_most(found["soon"]),
    }


def _summary_query(clients, organisation_id, horizon):
    limit = HOME_COUNT_LIMIT + 1
    return figures_query(
        Organisation.objects.filter(pk=organisation_id),
        count=CountUpTo(clients, limit),
        soon=CountUpTo(clients.filter(next_due_on__lte=horizon), limit),
    )


def _summary_built(window_passed, *, organisation_id, worker_id, today, horizon):
    people = Patient.objects.filter(pk__in=organisation_scope_ids(organisation_id, today))
    clients = _clients_among(people, organisation_id, worker_id, today, window_passed)
    return _summary_query(clients, organisation_id, horizon)


SUMMARY = Statement(_summary_built, planned_once=True)


def _at_most(count):
    return f"{HOME_COUNT_LIMIT} or more" if count > HOME_COUNT_LIMIT else str(count)
