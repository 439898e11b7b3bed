"""FHIR searchset paging with a bounded number of queries, bearer tokens, the
CapabilityStatement, errors as OperationOutcome, and no NHS number in any log."""

import datetime
import logging
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.utils import timezone
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.consent import Consent as FhirConsent
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.servicerequest import ServiceRequest

from gateway.accounts.models import ApiToken, Role
from gateway.api.fhir import search as fhir_search
from gateway.api.fhir.resources import RESOURCE_TYPES
from gateway.patients.models import Consent, PatientFlag
from gateway.registration.models import RegistrationReferral
from gateway.sas.models import StatusHistory
from gateway.sas.states import State
from gateway.sas.tests.factories import EpisodeFactory
from gateway.support.models import ServiceReferral
from tests.factories import PartnerFactory, PatientFactory, PracticeFactory, UserFactory

from .fhir_helpers import NHS_NUMBER_SYSTEM, bundle, matches, parsed, problem

pytestmark = pytest.mark.django_db


def consents(person, partner, how_many):
    Consent.objects.bulk_create(
        Consent(
            patient=person,
            purpose=Consent.Purpose.SHARE_INFORMATION,
            organisation=partner,
            starts_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
            method=Consent.Method.VERBAL,
            recorded_by_organisation=partner,
        )
        for n in range(how_many)
    )


def flags(person, partner, how_many):
    """Ended flags (only one of a kind may be open at a time)."""
    PatientFlag.objects.bulk_create(
        PatientFlag(
            patient=person,
            kind=PatientFlag.Kind.RISK_TO_STAFF,
            set_by_organisation=partner,
            ended_at=timezone.now(),
        )
        for _ in range(how_many)
    )


def episodes(person, partner, how_many):
    """Closed SAS episodes, each with two history rows."""
    for _ in range(how_many):
        episode = EpisodeFactory(patient=person, state=State.DECLINED)
        for from_state, to_state in [("", State.REPORTED), (State.REPORTED, State.DECLINED)]:
            StatusHistory.objects.create(
                episode=episode,
                from_state=from_state,
                to_state=to_state,
                transition="test",
                at=timezone.now(),
            )


def referrals(person, partner, how_many, registrations=0):
    """Referrals to a refuge (and GP registration referrals) from partner, on one consent."""
    consent = Consent.objects.create(
        patient=person,
        purpose=Consent.Purpose.REFER_TO_SERVICE,
        organisation=partner,
        starts_on=datetime.date(2025, 1, 1),
        method=Consent.Method.VERBAL,
        recorded_by_organisation=partner,
    )
    worker = UserFactory()
    day = datetime.date(2025, 2, 1)
    ServiceReferral.objects.bulk_create(
        ServiceReferral(
            patient=person,
            service_type="refuge",
            reason="Safety",
            consent=consent,
            sent_on=day,
            status_changed_on=day,
            referred_by=worker,
            referring_organisation=partner,
        )
        for _ in range(how_many)
    )
    RegistrationReferral.objects.bulk_create(
        RegistrationReferral(
            patient=person,
            referring_organisation=partner,
            referred_by=worker,
            consent=consent,
            referred_on=day,
            address_basis="proxy",
        )
        for _ in range(registrations)
    )


FILL = {
    "Consent": consents,
    "Flag": flags,
    "EpisodeOfCare": episodes,
    "ServiceRequest": referrals,
}


def _path(url):
    parts = urlparse(url)
    return f"{parts.path}?{parts.query}"


class TestPaging:
    def test_pages_follow_next_and_previous_links_across_every_result(self, api_client):
        practice, partner = PracticeFactory(), PartnerFactory()
        person = PatientFactory(created_by_organisation=practice)
        consents(person, partner, 25)
        client, _ = api_client(practice)
        first = bundle(client.get("/fhir/Consent", {"patient": person.public_id, "_count": 10}))
        assert first.total == 25
        links = {link.relation: link.url for link in first.link}
        assert set(links) == {"self", "next"}
        assert parse_qs(urlparse(links["self"]).query) == {
            "patient": [str(person.public_id)],
            "_count": ["10"],
            "_offset": ["0"],
        }
        seen = [c.id for c in matches(first, FhirConsent)]
        page = first
        while "next" in {link.relation for link in page.link}:
            url = next(link.url for link in page.link if link.relation == "next")
            page = bundle(client.get(_path(url)))
            assert page.total == 25
            seen += [c.id for c in matches(page, FhirConsent)]
        assert len(seen) == len(set(seen)) == 25
        beyond = bundle(client.get("/fhir/Consent", {"patient": person.public_id, "_offset": 40}))
        assert (beyond.total, beyond.entry) == (25, None)
        last = {link.relation: link.url for link in page.link}
        assert set(last) == {"self", "previous"}
        assert parse_qs(urlparse(last["previous"]).query)["_offset"] == ["10"]

    @pytest.mark.parametrize("resource_type", list(FILL))
    def test_a_page_costs_the_same_queries_however_many_results(
        self, api_client, django_assert_max_num_queries, resource_type
    ):
        """Bounded: a full page of a long list costs no more queries than a full page of a
        short one; a list shorter than one page is its own total, so it is not counted (but
        for ServiceRequest's two lists)."""
        partner = PartnerFactory()
        one, small, large = (PatientFactory(created_by_organisation=partner) for _ in range(3))
        FILL[resource_type](one, partner, 1)
        FILL[resource_type](small, partner, 10)
        FILL[resource_type](large, partner, 30)
        client, _ = api_client(partner, role=Role.SUPPORT_WORKER)
        params = {"_count": 10}
        # The token and its use, the role, the person and their addresses, the audit row,
        # the page and what it prefetches, and the count when the page is full.
        # 16 for the search, and up to 8 for the token's rate count (a new window: ADR 0038).
        with django_assert_max_num_queries(24) as short:
            found = bundle(client.get(f"/fhir/{resource_type}", {"patient": one.public_id}))
        assert (found.total, len(found.entry)) == (1, 1)
        with django_assert_max_num_queries(24) as few:
            bundle(client.get(f"/fhir/{resource_type}", {"patient": small.public_id, **params}))
        with django_assert_max_num_queries(len(few.captured_queries)):
            found = bundle(
                client.get(f"/fhir/{resource_type}", {"patient": large.public_id, **params})
            )
        assert (found.total, len(found.entry)) == (30, 10)
        counted = [q["sql"] for q in short.captured_queries if "COUNT(" in q["sql"].upper()]
        # ServiceRequest pages across two lists (registration, then service referrals), so it
        # counts each to know where the second starts.
        assert len(counted) == (2 if resource_type == "ServiceRequest" else 0)
        assert any("COUNT(" in q["sql"].upper() for q in few.captured_queries)

    def test_referrals_page_through_registration_then_service_referrals(self, api_client):
        partner = PartnerFactory()
        person = PatientFactory(created_by_organisation=partner)
        referrals(person, partner, 4, registrations=3)
        client, _ = api_client(partner, role=Role.SUPPORT_WORKER)
        pages = []
        for offset in (0, 3, 6):
            found = bundle(
                client.get(
                    "/fhir/ServiceRequest",
                    {"patient": person.public_id, "_count": 3, "_offset": offset},
                )
            )
            assert found.total == 7
            pages.append([r.code.text for r in matches(found, ServiceRequest)])
        registration, refuge = "Register with a GP practice", "Referral to a service: Refuge"
        assert pages == [[registration] * 3, [refuge] * 3, [refuge]]

    def test_count_is_cut_to_the_most_a_page_holds_and_zero_gives_the_total(self, api_client):
        practice, partner = PracticeFactory(), PartnerFactory()
        person = PatientFactory(created_by_organisation=practice)
        consents(person, partner, fhir_search.MAX_COUNT + 5)
        client, _ = api_client(practice)
        found = bundle(client.get("/fhir/Consent", {"patient": person.public_id, "_count": 500}))
        assert len(found.entry) == fhir_search.MAX_COUNT
        only_total = bundle(client.get("/fhir/Consent", {"patient": person.public_id, "_count": 0}))
        assert (only_total.total, only_total.entry) == (fhir_search.MAX_COUNT + 5, None)

    def test_organisations_page_in_name_order(self, api_client):
        practice = PracticeFactory()
        client, _ = api_client(practice)
        found = bundle(client.get("/fhir/Organization", {"_count": 2}))
        assert found.total >= 2
        names = [o.name for o in matches(found, Organization)]
        assert names == sorted(names)


class TestTokens:
    def test_no_token_is_unauthorised_with_an_operation_outcome(self, client):
        person = PatientFactory()
        response = client.get(f"/fhir/Patient/{person.public_id}")
        problem(response, 401, "login")
        assert response["WWW-Authenticate"] == "Bearer"

    @pytest.mark.parametrize("header", ["Bearer not-a-token", "Basic abc", "Bearer"])
    def test_a_bad_token_is_unauthorised(self, client, header):
        response = client.get("/fhir/Organization", headers={"Authorization": header})
        problem(response, 401, "login")

    def test_a_revoked_token_is_unauthorised(self, api_client):
        client, _ = api_client(PracticeFactory(), revoked_at=timezone.now())
        problem(client.get("/fhir/Organization"), 401, "login")

    def test_a_signed_in_staff_session_counts_for_nothing(self, client):
        practice = PracticeFactory()
        client.force_login(UserFactory())
        person = PatientFactory(created_by_organisation=practice)
        problem(client.get(f"/fhir/Patient/{person.public_id}"), 401, "login")

    def test_the_token_records_its_use(self, api_client):
        client, token = api_client(PracticeFactory())
        client.get("/fhir/Organization")
        token.refresh_from_db()
        assert token.last_used_at is not None


class TestCapabilityAndErrors:
    def test_metadata_needs_no_token_and_lists_what_each_resource_answers(self, client):
        statement = parsed(client.get("/fhir/metadata"), CapabilityStatement)
        assert (statement.fhirVersion, statement.kind, statement.format) == (
            "4.0.1",
            "instance",
            ["application/fhir+json"],
        )
        [rest] = statement.rest
        served = {r.type: r for r in rest.resource}
        assert set(served) == set(RESOURCE_TYPES)
        patient = served["Patient"]
        assert [i.code for i in patient.interaction] == ["read", "search-type"]
        assert [p.name for p in patient.searchParam] == ["identifier"]
        assert patient.profile == "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"
        assert [i.code for i in served["Flag"].interaction] == ["search-type"]
        assert "Bearer" in rest.security.description

    def test_an_unknown_resource_type_is_an_operation_outcome(self, api_client):
        client, _ = api_client(PracticeFactory())
        assert "Patient" in problem(client.get("/fhir/Observation"), 400, "not-supported")
        problem(client.get("/fhir/Observation/abc"), 400, "not-supported")

    @pytest.mark.parametrize(
        ("method", "url"),
        [
            ("post", "/fhir/metadata"),
            ("post", "/fhir/Patient"),
            ("get", "/fhir/Patient/_search"),
            ("delete", "/fhir/Organization/6f0c1c2e-4d43-4bd4-9a39-5a3f8a8c9d10"),
            ("put", "/fhir/Patient"),
        ],
    )
    def test_only_reads_and_searches_are_allowed(self, api_client, method, url):
        client, _ = api_client(PracticeFactory())
        response = getattr(client, method)(url)
        problem(response, 405, "not-supported")
        assert response["Allow"] in {"GET", "POST"}

    def test_request_logs_never_hold_the_nhs_number_searched_for(self, api_client, caplog):
        """The NHS number FHIR puts in the query string stays out of the logs
        (docs/adr/0032: gateway.request logs the route name, never the URL)."""
        practice = PracticeFactory()
        person = PatientFactory(created_by_organisation=practice)
        client, _ = api_client(practice)
        with caplog.at_level(logging.DEBUG):
            client.get("/fhir/Patient", {"identifier": f"{NHS_NUMBER_SYSTEM}|{person.nhs_number}"})
            client.get("/fhir/Patient", {"identifier": f"{NHS_NUMBER_SYSTEM}|9999999999"})
        logged = [r for r in caplog.records if r.name == "gateway.request"]
        assert [r.route for r in logged] == ["fhir:search", "fhir:search"]
        for record in caplog.records:
            text = f"{record.getMessage()} {record.__dict__}"
            assert person.nhs_number not in text and "9999999999" not in text


def test_a_role_without_people_still_reads_organisations(api_client):
    client, _ = api_client(PracticeFactory(), role=Role.ORGANISATION_ADMIN)
    assert bundle(client.get("/fhir/Organization")).total >= 1


def test_a_resource_that_fails_validation_is_never_sent(api_client, monkeypatch, caplog):
    """An answer that does not validate is a 500 OperationOutcome, and the log names the
    model and the field, never the values (which are personal data)."""
    from gateway.api.fhir import resources

    practice = PracticeFactory()
    person = PatientFactory(created_by_organisation=practice, given_name="Zebedee")
    monkeypatch.setattr(
        resources,
        "patient_resource",
        lambda p: Patient.model_validate({"resourceType": "Patient", "name": p.given_name}),
    )
    client, _ = api_client(practice)
    with caplog.at_level(logging.ERROR):
        response = client.get(f"/fhir/Patient/{person.public_id}")
    problem(response, 500, "exception")
    assert "Zebedee" not in response.content.decode()
    [record] = [r for r in caplog.records if r.name == "gateway.api.fhir"]
    assert record.getMessage() == "FHIR answer failed validation: Patient at name"
    assert "Zebedee" not in str(record.__dict__)


def test_search_by_post_needs_no_csrf_token_as_the_bearer_token_is_the_proof(api_client):
    practice = PracticeFactory()
    person = PatientFactory(created_by_organisation=practice)
    _, token = api_client(practice)
    raw = "fhir-csrf-test-token"
    token.token_hash = ApiToken.hash(raw)
    token.save()
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw}"})
    found = bundle(
        client.post(
            "/fhir/Patient/_search",
            {"identifier": f"{NHS_NUMBER_SYSTEM}|{person.nhs_number}"},
        )
    )
    assert found.total == 1
