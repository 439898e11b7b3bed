"""Requests to link an organisation to a person already on Gateway (ADR 0035): the
commissioner's open requests and one request, and the answers the asking organisation is
told. Scoped and failing closed: only the request's own commissioner (with the permission to
decide) reads it, and each row says whether that commissioner may see the person
(``can_see``), worked out in the same query as the row."""

import datetime

from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.utils import timezone

from gateway.core.figures import aggregate_query, compiled
from gateway.core.prepared import Statement

from ..models import LinkRequest, Patient
from .scope import (
    WHOLE_ORGANISATION,
    organisation_scope_ids,
    scope_shape,
    visible_patient_ids_compiled,
    visible_patients,
)

DECIDE = "patients.decide_link_requests"
# How long the asking organisation's home page shows an answer.
ANSWERED_DAYS = 28
ANSWERED_SHOWN = 5


def _with_sight(requests, user, organisation):
    seen = visible_patients(user, organisation).filter(pk=OuterRef("patient_id"))
    return requests.select_related(
        "organisation", "requested_by", "resolved_by", "patient"
    ).annotate(can_see=Exists(seen))


def _for_commissioner(user, organisation):
    if organisation is None or not user.has_perm(DECIDE, organisation):
        return LinkRequest.objects.none()
    return LinkRequest.objects.filter(commissioner=organisation)


def open_link_requests(user, organisation):
    """The commissioner's requests not yet decided, oldest first."""
    requests = _for_commissioner(user, organisation).filter(resolved_at__isnull=True)
    return _with_sight(requests, user, organisation).order_by("created_at", "id")


def _open_counted(shape, *, organisation_id):
    open_requests = LinkRequest.objects.filter(
        commissioner_id=organisation_id, resolved_at__isnull=True
    )
    return aggregate_query(open_requests, count=Count("pk"))


# Built and compiled once a process (ADR 0068), as is the answered requests' read below.
OPEN_COUNT = Statement(_open_counted, planned_once=True)


def open_link_request_count(user, organisation):
    """How many of the commissioner's requests wait for a decision (0 for anyone who may not
    decide them)."""
    if organisation is None or not user.has_perm(DECIDE, organisation):
        return 0
    return OPEN_COUNT.rows("open", organisation_id=organisation.pk)[0]["count"]


def get_link_request(user, organisation, public_id):
    """One of the commissioner's requests, open or decided, or 404 (another commissioner's
    request looks exactly like a missing one)."""
    found = _with_sight(_for_commissioner(user, organisation), user, organisation)
    link = found.filter(public_id=public_id).first()
    if link is None:
        raise Http404("No request matches the given query.")
    return link


def answered_link_requests(user, organisation):
    """The organisation's requests its commissioner answered in the last ANSWERED_DAYS days,
    newest first, for its staff who may add people. A linked person is named only when the
    organisation can see them now (``can_see``)."""
    if organisation is None or not user.has_perm("patients.add_patient", organisation):
        return []
    since = timezone.now() - datetime.timedelta(days=ANSWERED_DAYS)

    def orm():
        scope = visible_patient_ids_compiled(user, organisation)
        return _answered(organisation.pk, since, scope)

    whole = scope_shape(user, organisation) == WHOLE_ORGANISATION
    return ANSWERED.rows_or(
        orm,
        "answered" if whole else None,
        organisation_id=organisation.pk,
        since=since,
        today=timezone.localdate(),
    )


def _answered(organisation_id, since, scope):
    answered = LinkRequest.objects.filter(organisation_id=organisation_id, resolved_at__gte=since)
    # Only what the home page says of each answer (patients/home/_link_requests.jinja): the
    # person's name and link, who asked, the dates, the outcome and reason (ADR 0061's rule,
    # ADR 0066). The person's sight is checked against the scope, compiled.
    seen = Patient.objects.filter(pk=OuterRef("patient_id"), pk__in=scope)
    return (
        answered.select_related("patient", "requested_by")
        .only(*ANSWER_FIELDS)
        .annotate(can_see=Exists(seen))
        .order_by("-resolved_at", "-id")[:ANSWERED_SHOWN]
    )


def _answered_built(shape, *, organisation_id, since, today):
    """The answers for an organisation-wide scope (WHOLE_ORGANISATION), from values alone."""
    return _answered(
        organisation_id, since, compiled(organisation_scope_ids(organisation_id, today), None)
    )


ANSWERED = Statement(_answered_built, planned_once=True)


# What the home page shows of an answered request.
ANSWER_FIELDS = (
    "outcome",
    "reason",
    "created_at",
    "resolved_at",
    "patient__public_id",
    "patient__given_name",
    "patient__family_name",
    "requested_by__full_name",
)
