"""The query budget of a person's record pages (the SAS episode page, the patient record, the
support page; issue 17): 15 queries for the whole GET, sign-in and session reads and the audit
write included, as `make bench` counts them, whatever the number of rows on the record.

The audit write is one INSERT since the chain was taken off the request path (ADR 0047); the
budget checks that it still is, so a write that grows again fails here instead of eating into
the pages' own reads."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gateway.audit import services as audit

RECORD_PAGE_QUERIES = 15


def record_page_budget():
    with CaptureQueriesContext(connection) as write:
        audit.record(audit.Action.VIEW, detail={"page": "measuring the audit write"})
    assert len(write) == 1, [q["sql"] for q in write]
    return RECORD_PAGE_QUERIES
