"""/fhir/: the metadata, search (GET, or POST to _search) and read of each resource type.
Every answer is FHIR JSON; every error an OperationOutcome (search.error_response)."""

import logging
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views.decorators.csrf import csrf_exempt
from pydantic import ValidationError

from ..auth import RateLimited, check_rate, note_use, token_for
from .capability import capability_statement
from .common import FhirError
from .resources import RESOURCE_TYPES
from .search import error_response, fhir_response, parse, searchset

UNAUTHORISED = "Send a valid API token as 'Authorization: Bearer <token>'"
NOT_FOUND = "Nothing matches: it does not exist, or your organisation may not see it"
FORBIDDEN = "Your organisation's token is not allowed to read this"
NOT_VALID = "Gateway could not build a valid answer. Nothing was sent; the error is logged"

log = logging.getLogger("gateway.api.fhir")


def base_url(request):
    return request.build_absolute_uri("/fhir/")


def authenticate(request):
    """The token's system account acts for the token's organisation, as on /api/v1. A staff
    session cookie counts for nothing here."""
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    token = token_for(raw.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        raise FhirError(401, "login", UNAUTHORISED)
    try:
        check_rate(token)  # the same per-token limit as /api/v1 (ADR 0038)
    except RateLimited as limited:
        error = FhirError(429, "throttled", f"Too many requests with this token. {limited}")
        error.retry_after = limited.retry_after
        raise error from None
    note_use(token)
    request.user = token.user
    request.current_organisation = token.organisation
    request.roles = set()


def fhir_endpoint(method, *, needs_token=True):
    """One HTTP method, a bearer token (unless not needed), and every error as an
    OperationOutcome."""

    def decorator(view):
        @csrf_exempt
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                if request.method != method:
                    raise FhirError(405, "not-supported", f"Use {method} here")
                if needs_token:
                    authenticate(request)
                return view(request, *args, **kwargs)
            except FhirError as error:
                headers = {}
                if error.status == 401:
                    headers["WWW-Authenticate"] = "Bearer"
                if error.status == 405:
                    headers["Allow"] = method
                if error.status == 429:
                    headers["Retry-After"] = str(error.retry_after)
                return error_response(error.status, error.code, error.diagnostics, headers)
            except Http404:
                return error_response(404, "not-found", NOT_FOUND)
            except PermissionDenied:
                return error_response(403, "forbidden", FORBIDDEN)
            except ValidationError as error:
                # A resource that fails its model is never sent (ADR 0032). The error's own
                # text quotes the values it was given (personal data), so only its model and
                # the places that failed are logged.
                places = sorted({".".join(map(str, e["loc"])) for e in error.errors()})
                log.error("FHIR answer failed validation: %s at %s", error.title, ", ".join(places))
                return error_response(500, "exception", NOT_VALID)

        return wrapped

    return decorator


def _resource_type(name):
    found = RESOURCE_TYPES.get(name)
    if found is None:
        served = ", ".join(RESOURCE_TYPES)
        raise FhirError(400, "not-supported", f"Gateway serves these resource types: {served}")
    return found


@fhir_endpoint("GET", needs_token=False)
def metadata(request):
    return fhir_response(capability_statement(base_url(request)))


def _search(request, resource_type, pairs, *, by_post):
    chosen = _resource_type(resource_type)
    search = parse(resource_type, pairs, chosen.param_names, by_post=by_post)
    return fhir_response(searchset(base_url(request), search, chosen.search(request, search)))


@fhir_endpoint("GET")
def search(request, resource_type):
    return _search(request, resource_type, _all_pairs(request.GET), by_post=False)


@fhir_endpoint("POST")
def search_by_post(request, resource_type):
    """FHIR's POST [type]/_search: the parameters in a form body, out of the URL (and so out of
    any proxy's access log)."""
    pairs = [*_all_pairs(request.GET), *_all_pairs(request.POST)]
    return _search(request, resource_type, pairs, by_post=True)


def _all_pairs(query_dict):
    return [(key, value) for key, values in query_dict.lists() for value in values]


@fhir_endpoint("GET")
def read(request, resource_type, resource_id):
    chosen = _resource_type(resource_type)
    if chosen.read is None:
        raise FhirError(
            400,
            "not-supported",
            f"{resource_type} cannot be read by id: search {resource_type}?patient=<Patient id>",
        )
    return fhir_response(chosen.read(request, resource_id))
