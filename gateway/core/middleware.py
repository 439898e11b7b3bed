import logging
import time
import uuid

from .logging import request_id_var

request_log = logging.getLogger("gateway.request")


class RequestIdMiddleware:
    """Gives each request an id (or keeps a well-formed one from the proxy), puts it on the
    response and on every log line, and logs one line per request by route name only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _looks_like_id(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            match = getattr(request, "resolver_match", None)
            request_log.info(
                "request",
                extra={
                    "method": request.method,
                    "route": match.view_name if match else "unresolved",
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000),
                    "user_id": getattr(getattr(request, "user", None), "pk", None),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


def _looks_like_id(value):
    return 8 <= len(value) <= 64 and all(c.isalnum() or c == "-" for c in value)


class SecureHeadersMiddleware:
    """Headers Django does not set itself. Pages holding personal data must not be cached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not request.path.startswith("/static/"):
            response.setdefault("Cache-Control", "no-store")
        return response
