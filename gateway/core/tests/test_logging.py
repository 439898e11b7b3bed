"""Every request leaves one JSON log line carrying a request id, and no personal data ever
reaches the logs, even when a person's details are typed into a query string."""

import io
import json
import logging
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from gateway.accounts.models import Role
from tests.factories import PatientFactory, test_nhs_number


@pytest.fixture
def log_output(caplog):
    """Everything logged during the test, formatted exactly as the configured console handler
    formats it (JSON formatter and request-id filter from settings.LOGGING)."""
    console = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(console.formatter)
    for log_filter in console.filters:
        handler.addFilter(log_filter)
    # Loggers that do not propagate to the root (django.request) get the handler too.
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    caplog.set_level(logging.DEBUG)
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield stream
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def json_lines(stream):
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def request_lines(stream):
    return [line for line in json_lines(stream) if line["logger"] == "gateway.request"]


@pytest.mark.django_db
def test_each_request_logs_one_json_line_with_its_request_id(client, log_output):
    response = client.get(reverse("core:healthz"))

    [line] = request_lines(log_output)
    assert line["request_id"] == response["X-Request-ID"]
    assert len(response["X-Request-ID"]) == 32
    assert line["route"] == "core:healthz"
    assert line["method"] == "GET"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], int)


@pytest.mark.django_db
def test_every_request_gets_a_different_id(client, log_output):
    first = client.get(reverse("core:healthz"))["X-Request-ID"]
    second = client.get(reverse("core:healthz"))["X-Request-ID"]
    assert first != second
    assert [line["request_id"] for line in request_lines(log_output)] == [first, second]


@pytest.mark.django_db
def test_a_well_formed_client_request_id_is_only_a_separate_log_field(client, log_output):
    response = client.get(reverse("core:healthz"), HTTP_X_REQUEST_ID="lb-7f3a9c21-0042")
    assert response["X-Request-ID"] != "lb-7f3a9c21-0042"
    assert len(response["X-Request-ID"]) == 32
    [line] = request_lines(log_output)
    assert line["request_id"] == response["X-Request-ID"]
    assert line["client_request_id"] == "lb-7f3a9c21-0042"


@pytest.mark.django_db
def test_audit_rows_carry_the_server_request_id_never_the_clients(staff_client):
    """The client's X-Request-ID is not written into audit rows (issue 16 item 9)."""
    from gateway.audit.models import AuditEvent

    client, _, organisation = staff_client(Role.PRACTICE_STAFF)
    patient = PatientFactory(created_by_organisation=organisation)
    before = AuditEvent.objects.count()
    response = client.get(
        reverse("patients:detail", args=[patient.public_id]),
        HTTP_X_REQUEST_ID="forged-audit-id-0001",
    )
    assert response.status_code == 200
    rows = list(AuditEvent.objects.order_by("id")[before:])
    assert rows, "viewing a record writes an audit row"
    assert {row.request_id for row in rows} == {response["X-Request-ID"]}
    assert not AuditEvent.objects.filter(request_id="forged-audit-id-0001").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "incoming",
    [
        "short",
        "x" * 65,
        "has spaces in it",
        'quote"injection',
        "line\nbreak-1234",
        "nôn-ascii-1234",
    ],
)
def test_a_malformed_request_id_is_replaced(client, log_output, incoming):
    response = client.get(reverse("core:healthz"), HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] != incoming
    assert len(response["X-Request-ID"]) == 32
    assert incoming not in log_output.getvalue()
    assert "client_request_id" not in request_lines(log_output)[0]


@pytest.mark.django_db
def test_errors_logged_during_a_request_carry_its_request_id(client, log_output):
    broken = mock.MagicMock()
    broken.cursor.side_effect = OperationalError("connection refused")
    with mock.patch("gateway.core.views.connection", broken):
        response = client.get(reverse("core:healthz"))

    request_id = response["X-Request-ID"]
    error = next(line for line in json_lines(log_output) if line["level"] == "ERROR")
    assert error["request_id"] == request_id
    assert "OperationalError" in error["exception"]


@pytest.mark.django_db
def test_no_personal_data_reaches_the_logs(staff_client, log_output, caplog):
    client, _, organisation = staff_client(Role.PRACTICE_STAFF)
    nhs_number = test_nhs_number()
    PatientFactory(
        created_by_organisation=organisation,
        nhs_number=nhs_number,
        given_name="Zebedee",
        family_name="Quartermaine",
    )
    log_output.truncate(0)
    log_output.seek(0)
    caplog.clear()
    query = {"q": "Zebedee Quartermaine", "nhs_number": nhs_number, "dob": "14/03/1985"}

    responses = [
        client.get(reverse("core:home"), query),
        client.get(reverse("patients:search"), query),
        client.get("/no-such-page", query),
    ]

    assert len(request_lines(log_output)) == len(responses)
    everything = log_output.getvalue() + "".join(repr(vars(r)) for r in caplog.records)
    for personal in ["Zebedee", "Quartermaine", nhs_number, "14/03/1985", "14%2F03%2F1985"]:
        assert personal not in everything
