"""Who is connecting, for rate limits. Behind reverse proxies the connecting address is the
proxy's, so every visitor would share one limit (and one person could lock everyone out);
the proxies append the address they saw to X-Forwarded-For. Only the entries the trusted
proxies wrote can be believed: anything further left was typed by the client."""

from django.conf import settings


def client_address(request):
    """The visitor's address as the outermost trusted proxy saw it (settings
    TRUSTED_PROXY_COUNT), or the connecting address when no proxy is trusted."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    if len(hops) < trusted:
        return remote
    return hops[-trusted]
