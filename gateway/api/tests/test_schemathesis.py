"""Schemathesis against the API's own OpenAPI document (issue 16, item 8; hazard H51).

Every operation is called through the WSGI application (no server) with requests Schemathesis
generates from the document, valid and invalid, by a token whose organisation has people and
records to find (the access matrix's world): some requests as generated, some pointed at the
organisation's real records, some a body the operation accepts with one generated field
laid over it. Every answer must be no server error, a status the document lists for the
operation, with the content type and body schema it gives for that status.

Bounded: EXAMPLES requests an operation, so the run stays well under a minute."""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gateway.accounts.models import Role
from gateway.api.v1 import api
from tests.access_matrix.helpers import api_body
from tests.access_matrix.matrix import API_MATRIX
from tests.access_matrix.world import World

from .conftest import make_token

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 25
AS_GENERATED, REAL_RECORDS, ONE_FIELD_GENERATED = "generated", "real records", "one field"


def load_schema():
    return schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"))


def operations():
    return {result.ok().label: result.ok() for result in load_schema().get_all_operations()}


def matrix_entry(operation):
    """The access matrix's entry for the operation: the role whose token may call it and the
    record it is about."""
    operation_id = operation.definition.raw["operationId"]
    name = next(n for n in API_MATRIX if operation_id.endswith(f"_{n}"))
    return name, API_MATRIX[name]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = World()
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def app(settings):
    """The WSGI application on the test's database connection (Django would close it after
    each request, as a server does, and lose the test's transaction), with no rate limit in
    the way."""
    settings.API_RATE_LIMIT_REQUESTS = 100_000
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def pointed_at_real_records(case, entry, scope):
    role = Role(entry["role"])
    if entry.get("obj") and "public_id" in (case.path_parameters or {}):
        case.path_parameters["public_id"] = str(scope.object_for(entry["obj"], role).public_id)
    if isinstance(case.body, dict) and "patient" in case.body:
        case.body["patient"] = str(scope.unreported_patient.public_id)


def valid_body_with_one_generated_field(case, entry, scope, data):
    pointed_at_real_records(case, entry, scope)
    valid = api_body(entry.get("body"), scope)
    if not isinstance(valid, dict) or not isinstance(case.body, dict) or not case.body:
        return
    name = data.draw(st.sampled_from(sorted(case.body)))
    case.body = {**valid, name: case.body[name]}


@pytest.mark.parametrize("label", sorted(operations()))
def test_every_operation_answers_as_its_schema_says(world, app, label):
    operation = operations()[label]
    _, entry = matrix_entry(operation)
    scope = world.home
    role = Role(entry["role"])
    raw, _ = make_token(scope.organisation_for(role), role)
    headers = {"Authorization": f"Bearer {raw}"}
    cases = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @given(
        case=cases,
        how=st.sampled_from([AS_GENERATED, REAL_RECORDS, ONE_FIELD_GENERATED]),
        data=st.data(),
    )
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def answers_as_documented(case, how, data):
        if how == REAL_RECORDS:
            pointed_at_real_records(case, entry, scope)
        elif how == ONE_FIELD_GENERATED:
            valid_body_with_one_generated_field(case, entry, scope, data)
        # Each request in its own savepoint, so one that is refused leaves nothing half done.
        with transaction.atomic():
            case.call_and_validate(app=app, headers=headers, checks=CHECKS)
            transaction.set_rollback(True)

    answers_as_documented()
