"""Checks that run after every test here."""

# A person lodges their own appeal here: each appeal's stored date to decide by (the panel's
# queue sorts by it, ADR 0062) equals the one worked out from its rows, whatever the test did.
from gateway.sas.tests.decide_by import appeals_match_their_decide_by  # noqa: F401
