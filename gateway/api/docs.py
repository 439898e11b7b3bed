"""Who may read /api/docs and /api/openapi.json (ADR 0038): everyone when
settings.API_DOCS_PUBLIC is on (the local demo); otherwise staff signed in with their
authenticator, or a system sending a valid API token. Anyone else gets 401 (the JSON
document) or the sign-in page (the docs page)."""

from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache

from .auth import token_for


def _staff_signed_in(request):
    user = request.user
    return (
        user.is_authenticated
        and not user.is_system_account
        and getattr(user, "is_verified", lambda: False)()
    )


def _bearer(request):
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    return raw.strip() if scheme.lower() == "bearer" else ""


def may_read_docs(request):
    if settings.API_DOCS_PUBLIC or _staff_signed_in(request):
        return True
    return token_for(_bearer(request)) is not None


def docs_access(view):
    @wraps(view)
    @never_cache
    def wrapped(request, *args, **kwargs):
        if may_read_docs(request):
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return JsonResponse(
                {
                    "detail": "Sign in to Gateway, or send a valid API token as "
                    "'Authorization: Bearer <token>', to read the API's description"
                },
                status=401,
            )
        return redirect(f"{reverse('accounts:sign-in')}?next={request.path}")

    return wrapped
