"""Search parameters, paging and the searchset Bundle, and the OperationOutcome every error
is answered with.

Paging is by `_count` (default 20, at most 50: more is cut to 50, as FHIR lets a server do)
and `_offset`; `_count=0` gives the total only. A parameter Gateway does not know, a modifier
(`identifier:exact`) or a parameter given twice is refused with a 400 OperationOutcome rather
than ignored, so a client never takes a wider answer for the one it asked."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import HttpResponse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome

from gateway.core.pagination import total_of

from .common import FHIR_JSON, Valid, invalid, not_supported

DEFAULT_COUNT = 20
MAX_COUNT = 50
PAGING = ("_count", "_offset")
# Accepted and ignored: every answer is FHIR JSON.
FORMATS = frozenset({"json", "application/json", "application/fhir+json"})
# Search parameters whose values are personal data: never written into a Bundle's links when
# the client kept them out of the URL by searching with POST (ADR 0032).
PERSONAL = {("Patient", "identifier")}


@dataclass(frozen=True)
class Search:
    resource_type: str
    params: dict
    count: int = DEFAULT_COUNT
    offset: int = 0
    by_post: bool = False


@dataclass
class Result:
    total: int
    resources: list
    # Said in the Bundle as an OperationOutcome entry (search mode "outcome").
    warnings: list = field(default_factory=list)


def _number(name, value, lowest):
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < lowest:
        raise invalid(f"{name} must be a whole number, {lowest} or more")
    return number


def parse(resource_type, pairs, allowed, *, by_post=False):
    """A Search from (name, value) pairs, refusing what Gateway does not support."""
    given = {}
    for key, value in pairs:
        name, colon, _ = key.partition(":")
        if colon:
            raise not_supported(f"Gateway does not support search modifiers such as '{key}'")
        if name != "_format" and name not in allowed and name not in PAGING:
            known = ", ".join((*allowed, *PAGING)) or "nothing"
            raise not_supported(
                f"{resource_type} cannot be searched by '{name}'. It can be searched by: {known}"
            )
        if name in given:
            raise invalid(f"Give '{name}' once")
        given[name] = value
    if given.pop("_format", "json") not in FORMATS:
        raise not_supported("Gateway answers in FHIR JSON only (_format=json)")
    count = min(_number("_count", given.pop("_count", DEFAULT_COUNT), 0), MAX_COUNT)
    offset = _number("_offset", given.pop("_offset", 0), 0)
    for name, value in given.items():
        if "," in value or not value.strip():
            raise invalid(f"Give '{name}' one value")
    return Search(resource_type, given, count, offset, by_post)


def page_of(rows, search):
    """(total, the rows of this page) for a queryset, at most two queries whatever its size
    (gateway.core.pagination.total_of)."""
    if not search.count:
        return rows.count(), []
    found = list(rows[search.offset : search.offset + search.count])
    return total_of(rows, found, search.offset, search.count), found


def link(base, search, offset):
    params = dict(search.params)
    if search.by_post:
        path = f"{base}{search.resource_type}/_search"
        for resource_type, name in PERSONAL:
            if resource_type == search.resource_type:
                params.pop(name, None)
    else:
        path = f"{base}{search.resource_type}"
    query = urlencode([*sorted(params.items()), ("_count", search.count), ("_offset", offset)])
    return f"{path}?{query}"


def searchset(base, search, result):
    """The searchset Bundle: total, self/next/previous links and one entry a resource."""
    links = [{"relation": "self", "url": link(base, search, search.offset)}]
    if search.count and search.offset + search.count < result.total:
        links.append({"relation": "next", "url": link(base, search, search.offset + search.count)})
    if search.count and search.offset > 0:
        previous = max(search.offset - search.count, 0)
        links.append({"relation": "previous", "url": link(base, search, previous)})
    entries = [
        {
            "fullUrl": f"{base}{resource.resource_type}/{resource.id}",
            "resource": resource,
            "search": {"mode": "match"},
        }
        for resource in result.resources
    ]
    if result.warnings:
        entries.append(
            {
                # "suppressed": left out by access rules (http://hl7.org/fhir/issue-type).
                "resource": outcome("warning", "suppressed", *result.warnings),
                "search": {"mode": "outcome"},
            }
        )
    data = {"resourceType": "Bundle", "type": "searchset", "total": result.total, "link": links}
    if not entries:
        return Valid(Bundle, data)
    data["entry"] = entries
    # Each resource validated when it was built: the Bundle validates without them.
    shell = [{key: value for key, value in e.items() if key != "resource"} for e in entries]
    return Valid(Bundle, data, {**data, "entry": shell})


def outcome(severity, code, *diagnostics):
    return Valid(
        OperationOutcome,
        {
            "resourceType": "OperationOutcome",
            "issue": [
                {"severity": severity, "code": code, "diagnostics": text} for text in diagnostics
            ],
        },
    )


def fhir_response(resource, status=200, headers=None):
    return HttpResponse(
        resource.text,
        status=status,
        content_type=f"{FHIR_JSON}; charset=utf-8",
        headers=headers,
    )


def error_response(status, code, diagnostics, headers=None):
    return fhir_response(outcome("error", code, diagnostics), status, headers)
