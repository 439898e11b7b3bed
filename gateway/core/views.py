import logging

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@require_GET
def home(request):
    from .home import sections

    return render(request, "core/home.jinja", {"sections": sections(request)})


@require_GET
@never_cache
def healthz(request):
    """Liveness and readiness for the load balancer: the database answers and the task
    queue's table can be read. Says nothing about any person."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        logger.exception("health check: database")
        checks["database"] = "failing"
    try:
        from django_tasks_db.models import DBTaskResult

        checks["task_queue_waiting"] = DBTaskResult.objects.filter(status="READY").count()
        checks["task_queue"] = "ok"
    except Exception:  # noqa: BLE001
        logger.exception("health check: task queue")
        checks["task_queue"] = "failing"
    healthy = checks["database"] == "ok" and checks["task_queue"] == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": checks}, status=200 if healthy else 503
    )


@require_GET
def accessibility(request):
    return render(request, "core/accessibility.jinja", {})


@require_GET
def privacy(request):
    return render(request, "core/privacy.jinja", {})


def _api(request):
    """An address under /api/ is the API's: its clients read JSON, even where no route of the
    API matched (a path the URL patterns refuse, such as one with a line break in it)."""
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _api(request):
        return JsonResponse({"detail": "Not found"}, status=404)
    return render(request, "core/404.jinja", {}, status=404)


def forbidden(request, exception=None):
    if _api(request):
        return JsonResponse({"detail": "You are not allowed to do this"}, status=403)
    return render(request, "core/403.jinja", {}, status=403)


def server_error(request):
    if _api(request):
        return JsonResponse({"detail": "Something went wrong. Try again later."}, status=500)
    return render(request, "core/500.jinja", {}, status=500)
