"""Refused access to anything about a person is itself on the trail (issue 16 item 5, ASVS
V16): a 403 or 404 answered on a person-linked URL writes one audit row saying who asked,
for which organisation, which page and which public id, never more.

A URL is person-linked when it resolves in one of PERSON_LINKED_NAMESPACES (the apps whose
pages are about people, and the JSON API at /api/v1) and names an object by public id in the
path (``public_id``), or names a person in the query (``?patient=``); or when it is a FHIR
read of a resource about a person (``/fhir/<type>/<id>``, every type but Organization) or a
FHIR search naming a person (``?patient=``). Pages without an object (lists, forms to add
someone) refuse nobody's record in particular; their searches and downloads are audited by
the list helper.

Only a public id goes in the row. Whatever else was asked for (an NHS number typed where an
id goes, say) is recorded as NOT_AN_ID, so no identifier reaches the trail or the logs."""

import uuid

from .services import record_refusal

PERSON_LINKED_NAMESPACES = frozenset(
    {"patients", "sas", "support", "registration", "comms", "portal", "audit", "api"}
)
FHIR_NAMESPACE = "fhir"
# FHIR resources not about a person: refusing one refuses nobody's record.
FHIR_NOT_ABOUT_A_PERSON = frozenset({"Organization"})
REFUSALS = frozenset({403, 404})
NOT_AN_ID = "not a public id"


def _public_id(asked):
    """The asked-for public id as Gateway writes it, or NOT_AN_ID. A FHIR reference
    ("Patient/<id>") counts by its id."""
    text = str(asked).rpartition("/")[2].strip()
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return NOT_AN_ID


def person_linked_id(request):
    """The public id a person-linked URL asked for (or NOT_AN_ID), or None when the URL is not
    about a person in particular."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    if match.namespace == FHIR_NAMESPACE:
        if match.kwargs.get("resource_type") in FHIR_NOT_ABOUT_A_PERSON:
            return None
        asked = match.kwargs.get("resource_id") or request.GET.get("patient")
    elif match.namespace in PERSON_LINKED_NAMESPACES:
        asked = match.kwargs.get("public_id") or request.GET.get("patient")
    else:
        return None
    return _public_id(asked) if asked else None


class RefusedAccessAuditMiddleware:
    """Runs after the view, so an API token's system account (set by the token check inside
    the view) is the actor, as it is on every other API audit row."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in REFUSALS:
            asked = person_linked_id(request)
            user = getattr(request, "user", None)
            if asked and user is not None and user.is_authenticated:
                record_refusal(
                    user,
                    getattr(request, "current_organisation", None),
                    url_name=request.resolver_match.view_name,
                    object_id=asked,
                    status=response.status_code,
                )
        return response
