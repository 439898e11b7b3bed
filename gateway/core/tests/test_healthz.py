"""/healthz tells the load balancer whether Gateway can serve: the database answers and the
task queue can be read. It needs no sign-in and says nothing about any person."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse


@pytest.mark.django_db
def test_healthy_when_the_database_and_task_queue_answer(client):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["task_queue"] == "ok"


@pytest.mark.django_db
def test_reachable_without_signing_in_and_never_cached(client):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200  # not a redirect to the sign-in page
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_unhealthy_with_503_when_the_database_does_not_answer(client):
    # The database cannot be stopped inside a test, so the health check's cursor fails instead.
    broken = mock.MagicMock()
    broken.cursor.side_effect = OperationalError("connection refused")
    with mock.patch("gateway.core.views.connection", broken):
        response = client.get(reverse("core:healthz"))
    assert response.status_code == 503
    assert response.json()["status"] == "failing"
    assert response.json()["checks"]["database"] == "failing"


@pytest.mark.django_db
def test_unhealthy_with_503_when_the_task_queue_cannot_be_read(client):
    with mock.patch(
        "django_tasks_db.models.DBTaskResult.objects.filter",
        side_effect=OperationalError("no such table"),
    ):
        response = client.get(reverse("core:healthz"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "task_queue": "failing"}


@pytest.mark.django_db
def test_only_get_is_allowed(client):
    assert client.post(reverse("core:healthz")).status_code == 405
