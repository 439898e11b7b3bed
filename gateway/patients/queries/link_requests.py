"""Requests to link an organisation to a person already on Gateway (ADR 0035): the
commissioner's open requests and one request, and the answers the asking organisation is
told. Scoped and failing closed: only the request's own commissioner (with the permission to
decide) reads it, and each row says whether that commissioner may see the person
(``can_see``), worked out in the same query as the row."""

import datetime

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone

from ..models import LinkRequest, Patient
from .scope import visible_patient_ids_compiled, visible_patients

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


def open_link_request_count(user, organisation):
    return _for_commissioner(user, organisation).filter(resolved_at__isnull=True).count()


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
    answered = LinkRequest.objects.filter(organisation=organisation, resolved_at__gte=since)
    # Only what the home page says of each answer (patients/home/_link_requests.jinja): the
    # person's name and link, who asked, the dates, the outcome and reason (ADR 0061's rule,
    # ADR 0066). The person's sight is checked against the request's compiled scope.
    seen = Patient.objects.filter(
        pk=OuterRef("patient_id"), pk__in=visible_patient_ids_compiled(user, organisation)
    )
    return list(
        answered.select_related("patient", "requested_by")
        .only(*ANSWER_FIELDS)
        .annotate(can_see=Exists(seen))
        .order_by("-resolved_at", "-id")[:ANSWERED_SHOWN]
    )


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
