"""The portal's own session: a cookie holding a random token, separate from staff sign-in.
Views for the person's own page are wrapped in ``portal_required``."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

from . import services

COOKIE = "gateway_portal"
COOKIE_PATH = "/my/"


def token_from(request):
    return request.COOKIES.get(COOKIE, "")


def set_cookie(response, token):
    response.set_cookie(
        COOKIE,
        token,
        path=COOKIE_PATH,
        httponly=True,
        secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
        samesite="Lax",
    )
    return response


def clear_cookie(response):
    response.delete_cookie(COOKIE, path=COOKIE_PATH, samesite="Lax")
    return response


def portal_required(view):
    """The person must have signed in with a code; otherwise (anonymous visitors and staff
    alike) they go to the portal's sign-in page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        token = token_from(request)
        session = services.current_session(token)
        if session is None:
            if token:
                messages.info(
                    request,
                    "You were signed out to keep your page safe. Enter a new code to carry on.",
                )
            return clear_cookie(redirect("portal:sign-in"))
        request.portal_session = session
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    return wrapped
