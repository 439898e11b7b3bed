"""Checks that run after every test here."""

# Each person's stored caseload date ("Your clients" sorts by it, docs/adr/0043) equals the
# one worked out from their deadlines, whatever the test did.
from gateway.sas.tests.next_due import caseload_dates_match_the_deadlines  # noqa: F401
