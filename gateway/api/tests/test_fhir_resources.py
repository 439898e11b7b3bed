"""FHIR EpisodeOfCare, Flag, ServiceRequest, Consent and Organization: each validates with
fhir.resources, maps Gateway's states honestly and shows only what the token's organisation
may see."""

import datetime

import pytest
from django.utils import timezone
from fhir.resources.R4B.consent import Consent as FhirConsent
from fhir.resources.R4B.episodeofcare import EpisodeOfCare
from fhir.resources.R4B.flag import Flag
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.servicerequest import ServiceRequest

from gateway.accounts.models import Organisation, Role
from gateway.api.fhir import consents, episodes, flags, organisations, referrals
from gateway.audit.models import AuditEvent
from gateway.patients.models import Consent, PatientFlag
from gateway.registration.models import RegistrationReferral
from gateway.sas.models import StatusHistory
from gateway.sas.states import STATES, State
from gateway.sas.tests.factories import OnScheme
from gateway.support.models import DeclineReason, ServiceReferral
from gateway.support.services import referrals as referral_services
from tests.factories import PartnerFactory, PracticeFactory

from .fhir_helpers import ODS_CODE_SYSTEM, bundle, matches, parsed, problem

pytestmark = pytest.mark.django_db

# FHIR R4 value sets (fhir.resources checks structure, not codes: these tests check codes).
EPISODE_STATUSES = {
    "planned",
    "waitlist",
    "active",
    "onhold",
    "finished",
    "cancelled",
    "entered-in-error",
}
REQUEST_STATUSES = {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error"}
FLAG_CATEGORIES = {"diet", "drug", "lab", "admin", "contact", "clinical", "behavioral"}
FLAG_CATEGORIES |= {"research", "advance-directive", "safety"}


@pytest.fixture
def scheme():
    return OnScheme()


def search(client, resource_type, person, **params):
    return bundle(client.get(f"/fhir/{resource_type}", {"patient": person.public_id, **params}))


class TestEpisodeOfCare:
    def test_every_gateway_state_maps_to_an_episode_of_care_status(self):
        """docs/fhir.md#episodeofcare: each state has exactly one FHIR status."""
        assert set(episodes.STATUS) == set(STATES)
        assert set(episodes.STATUS.values()) <= EPISODE_STATUSES

    def test_an_sas_episode_is_active_managed_by_the_commissioner_with_the_sas_practice(
        self, api_client, scheme
    ):
        client, _ = api_client(scheme.sas_practice, role=Role.SAS_PRACTICE_STAFF)
        found = search(client, "EpisodeOfCare", scheme.patient)
        assert found.total == 1
        [episode] = matches(found, EpisodeOfCare)
        assert episode.id == str(scheme.episode.public_id)
        assert episode.status == "active"
        assert episode.meta.profile == [
            "https://fhir.hl7.org.uk/StructureDefinition/UKCore-EpisodeOfCare"
        ]
        assert episode.patient.reference == f"Patient/{scheme.patient.public_id}"
        assert episode.managingOrganization.reference == (
            f"Organization/{scheme.commissioner.public_id}"
        )
        [team] = episode.contained
        assert episode.team[0].reference == f"#{team.id}"
        assert team.participant[0].member.reference == (
            f"Organization/{scheme.sas_practice.public_id}"
        )
        assert episode.type[0].text == "Special Allocation Scheme: allocated"
        assert episode.period.start is not None and episode.period.end is None

    def test_status_history_and_a_closed_episodes_period(self, api_client, scheme):
        at = scheme.episode.history.get().at
        discharged_at = at + datetime.timedelta(days=400)
        StatusHistory.objects.create(
            episode=scheme.episode,
            from_state=State.ALLOCATED,
            to_state=State.DISCHARGED,
            transition="discharge",
            at=discharged_at,
        )
        scheme.episode.state = State.DISCHARGED
        scheme.episode.save()
        client, _ = api_client(scheme.commissioner, role=Role.COMMISSIONER)
        episode = parsed(
            client.get(f"/fhir/EpisodeOfCare/{scheme.episode.public_id}"), EpisodeOfCare
        )
        assert episode.status == "finished"
        [earlier] = episode.statusHistory
        assert earlier.status == "active"
        assert (earlier.period.start, earlier.period.end) == (at, discharged_at)
        assert (episode.period.start, episode.period.end) == (at, discharged_at)
        event = AuditEvent.objects.get(action="view")
        assert (event.patient_id, event.object_id) == (
            scheme.patient.pk,
            str(scheme.episode.public_id),
        )

    def test_another_organisations_token_gets_an_empty_bundle_and_a_404(self, api_client, scheme):
        client, _ = api_client(PracticeFactory())
        found = search(client, "EpisodeOfCare", scheme.patient)
        assert (found.total, found.entry) == (0, None)
        problem(client.get(f"/fhir/EpisodeOfCare/{scheme.episode.public_id}"), 404, "not-found")
        # Nothing was viewed; the refused read is on the trail (gateway/audit/middleware.py).
        assert not AuditEvent.objects.filter(action="view").exists()
        [refused] = AuditEvent.objects.filter(action="refused")
        assert (refused.patient_id, refused.object_id, refused.detail["refused"]) == (
            None,
            str(scheme.episode.public_id),
            404,
        )

    def test_search_needs_the_patient(self, api_client, scheme):
        client, _ = api_client(scheme.sas_practice, role=Role.SAS_PRACTICE_STAFF)
        assert "patient" in problem(client.get("/fhir/EpisodeOfCare"), 400, "invalid")
        found = bundle(
            client.get("/fhir/EpisodeOfCare", {"patient": f"Patient/{scheme.patient.public_id}"})
        )
        assert found.total == 1


class TestFlag:
    def test_every_flag_kind_has_a_category_and_says_what_to_do(self):
        assert set(flags.CATEGORY) == set(PatientFlag.Kind.values) == set(flags.WHAT_TO_DO)
        assert {code for code, _ in flags.CATEGORY.values()} <= FLAG_CATEGORIES

    def test_attend_sas_practice_only_tells_a_receiving_system_what_to_do(self, api_client, scheme):
        client, _ = api_client(scheme.sas_practice, role=Role.SAS_PRACTICE_STAFF)
        [flag] = matches(search(client, "Flag", scheme.patient), Flag)
        assert flag.status == "active"
        assert flag.category[0].coding[0].code == "admin"
        assert flag.code.text.startswith("Attend SAS practice only. This person is on the")
        assert "Give them GP care only at their SAS practice" in flag.code.text
        assert flag.subject.reference == f"Patient/{scheme.patient.public_id}"
        assert flag.author.reference == f"Organization/{scheme.commissioner.public_id}"
        assert flag.meta.profile == ["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Flag"]

    def test_safety_flags_with_their_detail_and_ended_flags_inactive(self, api_client, scheme):
        PatientFlag.objects.create(
            patient=scheme.patient,
            kind=PatientFlag.Kind.RISK_TO_STAFF,
            detail="See with two staff",
            set_by_organisation=scheme.sas_practice,
        )
        ended = timezone.now()
        PatientFlag.objects.create(
            patient=scheme.patient,
            kind=PatientFlag.Kind.DO_NOT_SEND_LETTERS,
            ended_at=ended,
        )
        client, _ = api_client(scheme.sas_practice, role=Role.SAS_PRACTICE_STAFF)
        _, risk, letters = matches(search(client, "Flag", scheme.patient), Flag)
        assert (risk.status, risk.category[0].coding[0].code) == ("active", "behavioral")
        assert risk.code.text.endswith("Detail: See with two staff")
        assert (letters.status, letters.category[0].coding[0].code) == ("inactive", "contact")
        assert letters.period.end == ended.replace(microsecond=0)
        assert letters.author is None

    def test_flags_are_found_by_search_not_read(self, api_client, scheme):
        client, _ = api_client(scheme.sas_practice, role=Role.SAS_PRACTICE_STAFF)
        [flag] = matches(search(client, "Flag", scheme.patient), Flag)
        assert "search Flag" in problem(client.get(f"/fhir/Flag/{flag.id}"), 400, "not-supported")


@pytest.fixture
def referred(scheme):
    """The person on the scheme, with a refuge referral from their support organisation and
    a GP registration referral from it to their SAS practice (the only one they may join)."""
    from gateway.registration import services as registration
    from gateway.registration.tests.helpers import referral_data

    today = timezone.localdate()
    Consent.objects.create(
        patient=scheme.patient,
        purpose=Consent.Purpose.REFER_TO_SERVICE,
        organisation=scheme.support_org,
        starts_on=today,
        method=Consent.Method.VERBAL,
        recorded_by=scheme.support_user,
        recorded_by_organisation=scheme.support_org,
    )
    service = referral_services.send_referral(
        scheme.support_user,
        scheme.support_org,
        scheme.patient,
        service_type="refuge",
        receiving_service_name="Safe Haven Refuge",
        reason="Needs a safe place",
        sent_on=today,
    )
    gp = registration.refer(
        scheme.support_user, scheme.support_org, scheme.patient, referral_data()
    )
    registration.choose_practice(
        scheme.support_user, scheme.support_org, gp, scheme.sas_practice, gp.version
    )
    gp = registration.send(scheme.support_user, scheme.support_org, gp, gp.version)
    return gp, service


class TestServiceRequest:
    def test_every_referral_status_maps_to_a_request_status(self):
        assert set(referrals.REGISTRATION_STATUS) == set(RegistrationReferral.Status.values)
        assert set(referrals.SERVICE_STATUS) == set(ServiceReferral.Status.values)
        assert set(referrals.REGISTRATION_STATUS.values()) <= REQUEST_STATUSES
        assert set(referrals.SERVICE_STATUS.values()) <= REQUEST_STATUSES

    def test_registration_and_service_referrals_with_the_consent_they_rest_on(
        self, api_client, scheme, referred
    ):
        gp, service = referred
        client, _ = api_client(scheme.support_org, role=Role.SUPPORT_WORKER)
        found = search(client, "ServiceRequest", scheme.patient)
        assert found.total == 2
        registration, refuge = matches(found, ServiceRequest)
        assert registration.id == str(gp.public_id)
        assert (registration.status, registration.intent) == ("active", "order")
        assert registration.code.text == "Register with a GP practice"
        assert registration.category[0].coding[0].code == "3457005"
        assert registration.requester.reference == f"Organization/{scheme.support_org.public_id}"
        assert registration.performer[0].reference == (
            f"Organization/{scheme.sas_practice.public_id}"
        )
        assert registration.supportingInfo[0].reference == f"Consent/{gp.consent.public_id}"
        assert refuge.id == str(service.public_id)
        assert refuge.status == "active"
        assert refuge.code.text == "Referral to a service: Refuge"
        assert refuge.performer[0].display == "Safe Haven Refuge"
        assert refuge.supportingInfo[0].reference == f"Consent/{service.consent.public_id}"
        # Why the person was referred stays in Gateway.
        assert "Needs a safe place" not in str(found.model_dump())

    def test_a_declined_referral_is_revoked_and_says_why(self, api_client, scheme, referred):
        _, service = referred
        reason = DeclineReason.objects.filter(needs_detail=False, is_active=True).first()
        referral_services.record_change(
            scheme.support_user,
            scheme.support_org,
            service,
            service.version,
            to_status="declined",
            on=timezone.localdate(),
            decline_reason=reason,
        )
        client, _ = api_client(scheme.support_org, role=Role.SUPPORT_WORKER)
        refuge = parsed(client.get(f"/fhir/ServiceRequest/{service.public_id}"), ServiceRequest)
        assert refuge.status == "revoked"
        assert refuge.note[0].text == f"Declined: {reason.label}"

    def test_a_role_that_may_not_see_referrals_is_told_they_are_left_out(
        self, api_client, scheme, referred
    ):
        client, _ = api_client(scheme.commissioner, role=Role.PANEL_MEMBER)
        found = search(client, "ServiceRequest", scheme.patient)
        assert found.total == 0
        [outcome] = [e.resource for e in found.entry if e.search.mode == "outcome"]
        assert [(i.severity, i.code) for i in outcome.issue] == [("warning", "suppressed")] * 2
        assert "GP registration referrals are left out" in outcome.issue[0].diagnostics

    def test_another_organisations_token_gets_none(self, api_client, scheme, referred):
        gp, _ = referred
        client, _ = api_client(PartnerFactory(), role=Role.SUPPORT_WORKER)
        assert search(client, "ServiceRequest", scheme.patient).total == 0
        problem(client.get(f"/fhir/ServiceRequest/{gp.public_id}"), 404, "not-found")


class TestConsent:
    def test_every_purpose_has_a_scope_and_an_action(self):
        assert set(consents.SCOPE) == set(Consent.Purpose.values) == set(consents.ACTION)

    def test_consents_with_scope_period_recipient_and_withdrawal(self, api_client, scheme):
        starts = datetime.date(2026, 1, 5)
        given = Consent.objects.create(
            patient=scheme.patient,
            purpose=Consent.Purpose.SHARE_INFORMATION,
            organisation=scheme.support_org,
            starts_on=starts,
            expires_on=datetime.date(2027, 1, 4),
            method=Consent.Method.WRITTEN,
            recorded_by_organisation=scheme.support_org,
        )
        withdrawn = Consent.objects.create(
            patient=scheme.patient,
            purpose=Consent.Purpose.REGISTER_WITH_GP,
            organisation=scheme.support_org,
            starts_on=datetime.date(2025, 1, 5),
            method=Consent.Method.VERBAL,
            recorded_by_organisation=scheme.support_org,
            withdrawn_at=timezone.make_aware(datetime.datetime(2025, 6, 1, 12)),
        )
        client, _ = api_client(scheme.sas_practice, role=Role.SAS_PRACTICE_STAFF)
        shared, ended = matches(search(client, "Consent", scheme.patient), FhirConsent)
        assert shared.id == str(given.public_id)
        assert shared.status == "active"
        assert shared.scope.coding[0].code == "patient-privacy"
        assert shared.category[0].text == ("Share information with an organisation (in writing)")
        assert shared.patient.reference == f"Patient/{scheme.patient.public_id}"
        assert shared.provision.type == "permit"
        assert (shared.provision.period.start, shared.provision.period.end) == (
            starts,
            datetime.date(2027, 1, 4),
        )
        assert shared.provision.actor[0].reference.reference == (
            f"Organization/{scheme.support_org.public_id}"
        )
        assert shared.provision.actor[0].role.coding[0].code == "IRCP"
        assert shared.policyRule.coding[0].code == "OPTIN"
        assert ended.id == str(withdrawn.public_id)
        assert (ended.status, ended.scope.coding[0].code) == ("inactive", "treatment")
        assert ended.provision.period.end == datetime.date(2025, 6, 1)
        response = client.get(f"/fhir/Consent/{given.public_id}")
        assert parsed(response, FhirConsent).id == str(given.public_id)


class TestOrganization:
    def test_every_kind_of_organisation_has_a_type(self):
        assert set(organisations.TYPE) == set(Organisation.Kind.values)
        assert set(organisations.PUBLISHED) == {"commissioner", "gp_practice", "national"}

    def test_a_practice_by_ods_code_with_its_commissioner(self, api_client, scheme):
        client, _ = api_client(scheme.sas_practice, role=Role.SAS_PRACTICE_STAFF)
        code = scheme.sas_practice.ods_code
        found = bundle(
            client.get("/fhir/Organization", {"identifier": f"{ODS_CODE_SYSTEM}|{code}"})
        )
        [practice] = matches(found, Organization)
        assert practice.id == str(scheme.sas_practice.public_id)
        assert [(i.system, i.value) for i in practice.identifier] == [(ODS_CODE_SYSTEM, code)]
        assert practice.type[0].coding[0].code == "prov"
        assert practice.type[0].text == "GP practice (SAS practice)"
        assert practice.partOf.reference == f"Organization/{scheme.commissioner.public_id}"
        assert practice.address[0].postalCode == "BN1 1AA"

    def test_a_partners_address_and_phone_are_never_shared(self, api_client, scheme):
        refuge = PartnerFactory(
            partner_type="refuge", address="1 Secret Lane", postcode="BN3 1AA", phone="01273"
        )
        client, _ = api_client(scheme.sas_practice, role=Role.SAS_PRACTICE_STAFF)
        found = parsed(client.get(f"/fhir/Organization/{refuge.public_id}"), Organization)
        assert found.type[0].text == "Partner organisation: Refuge"
        assert found.address is None and found.telecom is None

    def test_an_unknown_organisation_is_not_found(self, api_client, scheme):
        client, _ = api_client(scheme.sas_practice, role=Role.SAS_PRACTICE_STAFF)
        problem(
            client.get("/fhir/Organization/6f0c1c2e-4d43-4bd4-9a39-5a3f8a8c9d10"), 404, "not-found"
        )
