"""The query budget of a person's record pages (the SAS episode page, the patient record, the
support page; issue 17): 15 queries for the whole GET, sign-in and session reads and the audit
write included, as `make bench` counts them, whatever the number of rows on the record.

The budget counts the audit write as the one INSERT it is to be once the chain is taken off
the request path (docs/adr/0034, section 6). Until then each write also takes the chain's lock
and reads its head (inside a savepoint in a test); that cost is measured here, on the database
the test runs on, and allowed for, so the pages' own reads are held to the same 15."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gateway.audit import services as audit

RECORD_PAGE_QUERIES = 15


def record_page_budget():
    with CaptureQueriesContext(connection) as write:
        audit.record(audit.Action.VIEW, detail={"page": "measuring the audit write"})
    return RECORD_PAGE_QUERIES + len(write) - 1
