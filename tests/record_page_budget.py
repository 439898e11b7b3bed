"""The query budget of a person's record pages (the SAS episode page, the patient record, the
support page; issue 17): 15 queries for the whole GET, sign-in and session reads and the audit
write included, as `make bench` counts them, whatever the number of rows on the record.

The audit write is one INSERT since the chain was taken off the request path (ADR 0047); the
budget checks that it still is, so a write that grows again fails here instead of eating into
the pages' own reads.

Each page's test crowds a record with MANY of every row the page lists and an open flag of
every kind (`flag_every_kind`), then reads it with `a_page_in_budget`."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gateway.audit import services as audit
from gateway.patients.models import PatientFlag

RECORD_PAGE_QUERIES = 15
MANY = 30  # of each kind of row on a crowded record


def record_page_budget():
    with CaptureQueriesContext(connection) as write:
        audit.record(audit.Action.VIEW, detail={"page": "measuring the audit write"})
    assert len(write) == 1, [q["sql"] for q in write]
    return RECORD_PAGE_QUERIES


def flag_every_kind(patient, **set_by):
    """One open flag of each kind (a person has one of each at most), noted "Flag note N"."""
    for n, kind in enumerate(PatientFlag.Kind):
        PatientFlag.objects.create(patient=patient, kind=kind, detail=f"Flag note {n}", **set_by)


def a_page_in_budget(client, url, django_assert_max_num_queries):
    """The page at `url`, read in the record pages' budget, shown, with every open flag."""
    budget = record_page_budget()
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    for n in range(len(PatientFlag.Kind)):
        assert f"Flag note {n}" in page
    return page
