import logging
import time
import uuid

from .logging import client_request_id_var, request_id_var

request_log = logging.getLogger("gateway.request")


class RequestIdMiddleware:
    """Gives each request an id made here, puts it on the response, on every log line and on
    every audit row, and logs one line per request by route name only. An id sent by the
    client or proxy is never trusted as ours: when well formed (short, letters, digits and
    hyphens) it is kept only as a separate log field, ``client_request_id``, so logs can be
    matched with the proxy's, and it never reaches the audit trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        client_request_id = incoming if _looks_like_id(incoming) else ""
        request_id = uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        client_token = client_request_id_var.set(client_request_id)
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
            client_request_id_var.reset(client_token)


CLIENT_REQUEST_ID_MAX_LENGTH = 64


def _looks_like_id(value):
    return 8 <= len(value) <= CLIENT_REQUEST_ID_MAX_LENGTH and all(
        c.isascii() and (c.isalnum() or c == "-") for c in value
    )


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
