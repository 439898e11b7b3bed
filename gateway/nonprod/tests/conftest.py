"""Checks that run after every test here."""

# Each episode's allocation and closing times against its status history (ADR 0029): the
# insight figures count by them.
from gateway.sas.tests.status_times import status_times_match_the_history  # noqa: F401
