"""Refused access to anything about a person is itself on the trail (issue 16 item 5, ASVS
V16): a 403 or 404 answered on a person-linked URL writes one audit row saying who asked,
for which organisation, which page and which public id, never more.

A URL is person-linked when it resolves in one of PERSON_LINKED_NAMESPACES (the apps whose
pages are about people) and names an object by public id in the path (``public_id``), or
names a person in the query (``?patient=``). Pages without an object (lists, forms to add
someone) refuse nobody's record in particular; their searches and downloads are audited by
the list helper."""

from .services import record_refusal

PERSON_LINKED_NAMESPACES = frozenset(
    {"patients", "sas", "support", "registration", "comms", "portal", "audit"}
)
REFUSALS = frozenset({403, 404})


def person_linked_id(request):
    """The public id a person-linked URL asked for, or None."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace not in PERSON_LINKED_NAMESPACES:
        return None
    asked = match.kwargs.get("public_id") or request.GET.get("patient")
    return str(asked) if asked else None


class RefusedAccessAuditMiddleware:
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
                    object_id=asked[:64],
                    status=response.status_code,
                )
        return response
