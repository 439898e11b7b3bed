"""The JSON API. Mounted at /api/; version 1 lives under /api/v1/, OpenAPI docs at /api/docs.
Every route needs a bearer token (accounts.ApiToken) unless it says otherwise."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaError

from .auth import ApiTokenAuth
from .patients import router as patients_router
from .registration import router as registration_router
from .sas_appeals import router as sas_appeals_router
from .sas_episodes import router as sas_episodes_router
from .sas_reports import router as sas_reports_router
from .sas_reviews import router as sas_reviews_router

api = NinjaAPI(
    title="Gateway API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
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


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(
        request, {"detail": "Your organisation's token is not allowed to do this"}, status=403
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found"}, status=404)
