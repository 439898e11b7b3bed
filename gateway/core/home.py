"""The home page is each person's front door to their work: every part of Gateway that has
work for them adds a section (a worklist summary with counts and links).

A section is a function ``section(request) -> dict | None`` in one of the modules below. It
returns None when it has nothing for this person (wrong role, no organisation), otherwise a
dict with ``template`` (a Jinja partial) and whatever that partial needs. Sections must cost a
bounded number of queries: they run on every visit to the home page, which costs at most 15
queries for anyone whatever roles they hold (gateway/core/tests/test_home_queries.py). A
section reads its figures in one query (``gateway.core.figures``, ADR 0053)."""

from django.utils.module_loading import import_string

SECTIONS = (
    "gateway.sas.home.section",
    "gateway.patients.home.section",
    "gateway.patients.home.link_requests",
    "gateway.support.home.section",
    "gateway.registration.home.section",
    "gateway.comms.home.section",
    "gateway.audit.home.section",
    "gateway.accounts.home.section",
    "gateway.insight.home.section",
    "gateway.insight.national_home.section",
    "gateway.imports.practices.home.section",
    "gateway.imports.caseloads.home.section",
)


def sections(request):
    found = []
    for path in SECTIONS:
        section = import_string(path)(request)
        if section is not None:
            found.append(section)
    return found
