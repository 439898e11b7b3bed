from django.http import JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt

from .v1 import api


@csrf_exempt  # no cookies are used under /api/: a POST to a wrong path is a 404, not a 403
def not_found(request):
    """Anything under /api/ that matches no operation (an id that is not a UUID, a mistyped
    path): JSON, as every other answer of the API, never the HTML page."""
    return JsonResponse({"detail": "Not found"}, status=404)


urlpatterns = [path("", api.urls), re_path(r"^.*$", not_found, name="not-found")]
