"""The JSON API. Mounted at /api/; version 1 lives under /api/v1/, OpenAPI docs at /api/docs.
Every route needs a bearer token (accounts.ApiToken) unless it says otherwise."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaError

from .auth import ApiTokenAuth, RateLimited
from .docs import docs_access
from .patients import router as patients_router
from .registration import router as registration_router
from .sas_appeals import router as sas_appeals_router
from .sas_episodes import router as sas_episodes_router
from .sas_reports import router as sas_reports_router
from .sas_reviews import router as sas_reviews_router

ERRORS = {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}
# Answers any operation may give besides its own: no or bad token, too many requests.
COMMON_RESPONSES = {
    "401": {
        "description": "No token, or one that is unknown, revoked or expired",
        "content": ERRORS,
    },
    "429": {
        "description": "Too many requests with this token: wait the Retry-After seconds",
        "headers": {"Retry-After": {"schema": {"type": "integer", "minimum": 1}}},
        "content": ERRORS,
    },
}
# Answers of an operation that takes input: the body is not JSON (400); a value is of the
# wrong type or out of range (422).
INPUT_RESPONSES = {
    "400": {"description": "The body is not JSON", "content": ERRORS},
    "422": {
        "description": "A value sent is missing, of the wrong type or refused",
        "content": ERRORS,
    },
}


class GatewayApi(NinjaAPI):
    """The API, with its description listing every answer an operation can give: the
    document Schemathesis checks every answer against (gateway/api/tests/test_schemathesis.py)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation["responses"]
                for status, response in COMMON_RESPONSES.items():
                    responses.setdefault(status, response)
                if "requestBody" in operation:
                    responses.setdefault("400", INPUT_RESPONSES["400"])
                if "requestBody" in operation or operation.get("parameters"):
                    responses.setdefault("422", INPUT_RESPONSES["422"])
        return schema


api = GatewayApi(
    title="Gateway API",
    version="1",
    description=(
        "Every call needs an organisation's API token as 'Authorization: Bearer <token>'. "
        "Tokens expire and are rate limited per token (429 with Retry-After). Lists come a "
        "page at a time: `limit` above the maximum page size is lowered to it."
    ),
    urls_namespace="api",
    docs_url="/docs",
    docs_decorator=docs_access,
    auth=ApiTokenAuth(),
)
api.add_router("/v1/patients", patients_router)
api.add_router("/v1/sas", sas_appeals_router)
api.add_router("/v1/sas", sas_reports_router)
api.add_router("/v1/sas/episodes", sas_episodes_router)
api.add_router("/v1/sas/reviews", sas_reviews_router)
api.add_router("/v1/registration", registration_router)


@api.exception_handler(SchemaError)
def schema_error(request, exc):
    """Wrong JSON types: say which field and what was expected, in plain words."""
    errors = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        errors.setdefault(".".join(location) or "body", []).append(error.get("msg", "Not valid"))
    return api.create_response(
        request, {"detail": "Check the details sent", "errors": errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(
        request,
        {"detail": "Send a valid API token as 'Authorization: Bearer <token>'"},
        status=401,
    )


@api.exception_handler(RateLimited)
def rate_limited(request, exc):
    response = api.create_response(
        request,
        {"detail": f"Too many requests with this token. Try again in {exc.retry_after} seconds."},
        status=429,
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(
        request, {"detail": "Your organisation's token is not allowed to do this"}, status=403
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found"}, status=404)
