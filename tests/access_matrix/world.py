"""The data the access matrix runs against: two scopes built the same way, "home" (where
every role's organisation is involved with the objects) and "other" (an unrelated commissioner
and its organisations, whose objects every home user must get a 404 for).

Everything is built through the real services, so the relationships, deadlines and letters
are those the application itself writes (a scope built by hand could hide a scoping gap)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from gateway.accounts.models import Organisation, Role
from gateway.accounts.services import users as user_services
from gateway.comms import services as comms
from gateway.imports.caseloads import services as caseload_services
from gateway.imports.closures import services as closure_services
from gateway.imports.practices import services as practice_services
from gateway.patients.models import LinkRequest
from gateway.patients.services import consent as consent_services
from gateway.patients.services import contact as contact_services
from gateway.sas import services as sas
from gateway.sas.services import reviews as review_service
from gateway.sas.tests.appeal_helpers import appeal_data
from gateway.sas.tests.factories import SchemePolicyFactory
from gateway.sas.tests.report_helpers import report_data
from gateway.support import services as support
from gateway.support.models import Need
from gateway.support.rules import dash
from gateway.support.services import flags as flag_services
from gateway.support.services import meetings as meeting_services
from gateway.support.services import team as team_services
from tests.factories import (
    AddressFactory,
    CommissionerFactory,
    MembershipFactory,
    NationalFactory,
    PartnerFactory,
    PatientFactory,
    PracticeFactory,
    SasPracticeFactory,
)

# The organisation each role works for, by the part that organisation plays in a scope.
ROLE_ORGANISATION = {
    Role.COMMISSIONER: "commissioner",
    Role.PRACTICE_STAFF: "practice",
    Role.SAS_PRACTICE_STAFF: "sas_practice",
    Role.SUPPORT_WORKER: "partner",
    Role.PANEL_MEMBER: "commissioner",
    Role.ORGANISATION_ADMIN: "practice",
    Role.AUDITOR: "commissioner",
    Role.NATIONAL_ANALYST: "national",
}
ROLES = tuple(Role(r) for r in ROLE_ORGANISATION)

LETTER = {
    "greeting": "Alex",
    "heading": "Your appointment",
    "paragraphs": ["Please come to the practice on Monday."],
    "sender_name": "The practice team",
}
ADDRESS = ["Ms Alex Taylor", "Flat 2", "10 Queens Road", "Brighton", "BN1 3XE"]


class Scope:
    """A commissioner with a policy, a removing practice, an SAS practice and a probation
    partner; a patient being screened; a patient on the scheme with a scheduled review, an
    appeal, a support need and a DASH checklist; a letter in each organisation's outbox."""

    def __init__(self):
        today = timezone.localdate()
        self.commissioner = CommissionerFactory()
        SchemePolicyFactory(commissioner=self.commissioner)
        self.practice = PracticeFactory(commissioner=self.commissioner, postcode="BN3 1AA")
        self.sas_practice = SasPracticeFactory(
            commissioner=self.commissioner, catchment_districts=["BN1"]
        )
        self.partner = PartnerFactory(partner_type=Organisation.PartnerType.PROBATION)
        # NHS England's national team: involved with no person, whatever the scope holds.
        self.national = NationalFactory()
        commissioner_user = self._member("commissioner", Role.COMMISSIONER)
        practice_user = self._member("practice", Role.PRACTICE_STAFF)
        support_user = self._member("partner", Role.SUPPORT_WORKER)
        # A member of staff of each organisation, for an organisation admin's staff pages,
        # and a request to reset the practice member's authenticator app, asked by an admin
        # who is not the one the matrix signs in (a second admin confirms).
        self.members = {
            self.commissioner.pk: commissioner_user,
            self.practice.pk: practice_user,
            self.sas_practice.pk: self._member("sas_practice", Role.SAS_PRACTICE_STAFF),
            self.partner.pk: support_user,
            self.national.pk: self._member("national", Role.NATIONAL_ANALYST),
        }
        self.mfa_reset = user_services.request_mfa_reset(
            self._member("practice", Role.ORGANISATION_ADMIN),
            self.practice,
            practice_user,
            "New phone",
        )

        # An NHS practice data file the commissioner's organisation admin uploaded (its check
        # waits in the queue: the matrix only opens the pages about it).
        self.practice_import = practice_services.start_import(
            self._member("commissioner", Role.ORGANISATION_ADMIN),
            self.commissioner,
            SimpleUploadedFile("epraccur.csv", b'"A81001"\r\n'),
        )

        def reported_patient():
            # Known to the partner too (consent). The SAS practice becomes involved only
            # when the patient is allocated to it, as in the service.
            patient = PatientFactory(
                created_by_organisation=self.practice, related_to=[self.partner]
            )
            AddressFactory(patient=patient, postcode="BN1 1AA")
            episode = sas.submit_removal_report(
                practice_user, self.practice, patient, report_data()
            )
            sas.start_screening(commissioner_user, self.commissioner, episode, episode.version)
            episode.refresh_from_db()
            return patient, episode

        # Someone the practice has not reported yet (the API's removal report).
        self.unreported_patient = PatientFactory(created_by_organisation=self.practice)
        AddressFactory(patient=self.unreported_patient, postcode="BN1 1AA")
        self.screening_patient, self.screening_episode = reported_patient()

        def allocated_patient():
            patient, episode = reported_patient()
            sas.allocate(
                commissioner_user, self.commissioner, episode, self.sas_practice, episode.version
            )
            episode.refresh_from_db()
            return patient, episode

        self.patient, self.episode = allocated_patient()
        # One appeal at a time per patient: the API lodges its own on another person.
        _, self.episode_without_appeal = allocated_patient()
        self.review = review_service.ensure_review_scheduled(self.episode)
        self.appeal = sas.lodge_appeal(
            commissioner_user, self.commissioner, self.episode, appeal_data(received_on=today)
        )
        self.need = support.add_need(
            support_user,
            self.partner,
            self.patient,
            domain=Need.Domain.HOMELESSNESS,
            status=Need.Status.CURRENT,
            evidence="Sleeping in a car since March",
            noted_on=today,
        )
        self.assessment = support.record_dash(
            support_user,
            self.partner,
            self.patient,
            {n: dash.YES if n <= 14 else dash.NO for n in range(1, 25)},
            assessed_on=today,
        )
        # Support team, a meeting and an action.
        self.team_member = team_services.add_team_member(
            support_user,
            self.partner,
            self.patient,
            member_organisation=self.partner,
            worker=support_user,
            role="Probation officer",
            started_on=today,
        )
        self.meeting = meeting_services.record_meeting(
            support_user,
            self.partner,
            self.patient,
            held_on=today,
            participation="views_given",
            persons_views="Not on Mondays",
            attendees=[meeting_services.Attendee(organisation=self.partner)],
        )
        self.action = meeting_services.add_action(
            support_user,
            self.partner,
            self.meeting,
            description="Ring the GP",
            owner_membership=support_user.memberships.get(organisation=self.partner),
            due_on=today,
        )
        # How to contact the person and their consent.
        # The second choice, so it can move up.
        contact_services.add_route(
            support_user,
            self.partner,
            self.patient,
            {"kind": "mobile", "phone_number": "07700 900123"},
        )
        self.contact_route = contact_services.add_route(
            support_user,
            self.partner,
            self.patient,
            {"kind": "email", "email_address": "alex@example.org"},
        )
        self.consent = consent_services.record_consent(
            support_user,
            self.partner,
            self.patient,
            {
                "purpose": "share_information",
                "organisation": self.partner,
                "scope": "Needs and appointments",
                "starts_on": today,
                "method": "verbal",
            },
        )
        self.service_referral = service_referral(self, support_user, today)
        self.died_patient = died_patient(self, support_user, today)
        flag_services.set_flag(
            support_user,
            self.partner,
            self.patient,
            kind="risk_to_staff",
            detail="Meet in pairs",
        )
        # --- GP registration: a referral from the probation partner, sent to the
        # practice (so the practice and the commissioner are involved, the SAS practice not).
        self.registration_referral = registration_referral(self, support_user)
        self.episode.refresh_from_db()
        self.review.episode = self.episode
        self.messages = {}
        for part in ("commissioner", "practice", "sas_practice", "partner", "national"):
            organisation = getattr(self, part)
            with transaction.atomic():
                self.messages[organisation.pk] = comms.queue_letter(
                    None,
                    organisation,
                    template="comms/plain",
                    context=LETTER,
                    address_lines=ADDRESS,
                )
        self.handovers, self.unreachable_message = routed_messages(self, support_user)
        self.subject_access_export = subject_access_export(self, commissioner_user, today)
        # The practice asked to add a person it cannot see: a request for the commissioner to
        # link or decline (ADR 0035).
        self.link_request = LinkRequest.objects.create(
            patient=self.patient,
            organisation=self.practice,
            commissioner=self.commissioner,
            requested_by=practice_user,
        )
        # A caseload spreadsheet the commissioner has uploaded (gateway/imports/caseloads).
        self.caseload_import = caseload_services.upload(
            commissioner_user,
            self.commissioner,
            SimpleUploadedFile("caseload.csv", b"NHS number,Surname\n9434765919,Taylor\n"),
        )

        # The removing practice closes one day (gateway/imports/closures): its commissioner's
        # alert, and the practice's page once closed. Nobody is at it, so the alert is
        # raised by hand here for the matrix's pages.
        from gateway.accounts.models import PracticeClosure

        closing_day = today.replace(year=today.year + 5)
        closure_services.close_by_hand(
            self._member("commissioner", Role.ORGANISATION_ADMIN),
            self.commissioner,
            self.practice,
            closed_on=closing_day,
            reason="The partners retire",
        )
        self.practice.refresh_from_db()
        self.practice_closure = PracticeClosure.objects.filter(
            practice=self.practice
        ).first() or PracticeClosure.objects.create(
            practice=self.practice, commissioner=self.commissioner, closed_on=closing_day
        )
        self.closed_practice = self.practice

    def _member(self, part, role):
        return MembershipFactory(organisation=getattr(self, part), role=role).user

    def organisation_for(self, role):
        return getattr(self, ROLE_ORGANISATION[role])

    def object_for(self, name, role):
        """The object an entry's URL is about, as seen from role's organisation: patient
        records are shared by the scope; letters and organisations belong to one."""
        organisation = self.organisation_for(role)
        if name == "message":
            return self.messages[organisation.pk]
        if name == "handover":
            # A role whose organisation hands nothing over is refused before any lookup.
            return self.handovers.get(organisation.pk, self.handovers[self.partner.pk])
        if name == "organisation":
            return organisation
        if name == "member":
            return self.members[organisation.pk]
        return getattr(self, name)


def subject_access_export(scope, requester, today):
    """A made subject access export asked for by the commissioner's member of staff: only its
    requester may open it (ADR 0033), and the matrix signs in someone else, so every role gets
    a 404 or the 403 it gets before any lookup."""
    from gateway.records.models import SubjectAccessExport

    return SubjectAccessExport.objects.create(
        patient=scope.patient,
        requested_by=requester,
        organisation=scope.commissioner,
        request_reference="SAR-1",
        received_on=today,
        respond_by=today,
        state=SubjectAccessExport.State.DONE,
        content=b"PK",
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )


def service_referral(scope, support_user, today):
    """A refuge referral from the probation partner, with the person's consent."""
    from gateway.patients.models import Consent
    from gateway.support.services import referrals as referral_services

    Consent.objects.create(
        patient=scope.patient,
        purpose=Consent.Purpose.REFER_TO_SERVICE,
        organisation=scope.partner,
        starts_on=today,
        method=Consent.Method.VERBAL,
        recorded_by=support_user,
        recorded_by_organisation=scope.partner,
    )
    return referral_services.send_referral(
        support_user,
        scope.partner,
        scope.patient,
        service_type="refuge",
        receiving_service_name="Safe Haven Refuge",
        reason="Needs a safe place",
        sent_on=today,
    )


def routed_messages(scope, support_user):
    """Messages to a person by their contact plan (ADR 0012): one no route
    could carry (unreachable), then one to hand over at each organisation that hands over —
    the SAS practice and the removing practice in person, the partner through its worker."""
    import datetime

    from gateway.comms import routing
    from gateway.patients.models import Consent, ContactRoute

    # Their own person, known to every organisation of the scope, so the routes ended here
    # leave the contact plan of the scope's other patients alone.
    patient = PatientFactory(
        created_by_organisation=scope.practice,
        related_to=[scope.partner, scope.sas_practice, scope.commissioner],
    )
    Kind = ContactRoute.Kind

    def send(**route):
        ContactRoute.objects.filter(patient=patient, ended_at__isnull=True).update(
            ended_at=timezone.now()
        )
        ContactRoute.objects.create(patient=patient, preference=1, **route)
        with transaction.atomic():
            message = routing.queue_for_patient(
                None, scope.commissioner, patient=patient, template="comms/plain", context=LETTER
            )
        routing.advance(message.pk)
        message.refresh_from_db()
        return message

    unreachable = send(kind=Kind.MOBILE, phone_number="07700900123", safety="never")
    Consent.objects.create(
        patient=patient,
        purpose=Consent.Purpose.CONTACT_THROUGH_WORKER,
        organisation=scope.partner,
        starts_on=datetime.date(2020, 1, 1),
        method=Consent.Method.VERBAL,
        recorded_by_organisation=scope.partner,
    )
    handovers = {}
    for organisation, route in (
        (
            scope.sas_practice,
            {"kind": Kind.IN_PERSON, "in_person_organisation": scope.sas_practice},
        ),
        (scope.practice, {"kind": Kind.IN_PERSON, "in_person_organisation": scope.practice}),
        (
            scope.partner,
            {"kind": Kind.VIA_WORKER, "worker": support_user, "worker_organisation": scope.partner},
        ),
    ):
        handovers[organisation.pk] = send(**route).tries.get()
    return handovers, unreachable


def died_patient(scope, support_user, today):
    """Someone every organisation of the scope works with, whose death has been recorded."""
    from gateway.support.services import deaths as death_services

    patient = PatientFactory(
        created_by_organisation=scope.practice,
        related_to=[scope.partner, scope.commissioner, scope.sas_practice],
    )
    death_services.record_death(
        support_user,
        scope.partner,
        patient,
        {
            "died_on": today,
            "place": "hospital",
            "cause_category": "not_known",
            "preventable": "not_yet_known",
            "treatable": "not_yet_known",
            "learning_review_status": "requested",
        },
    )
    return patient


def registration_referral(scope, support_user):
    from gateway.registration import services as registration
    from gateway.registration.tests.helpers import referral_data

    patient = PatientFactory(created_by_organisation=scope.partner)
    referral = registration.refer(support_user, scope.partner, patient, referral_data())
    registration.choose_practice(
        support_user, scope.partner, referral, scope.practice, referral.version
    )
    return registration.send(support_user, scope.partner, referral, referral.version)


class World:
    def __init__(self):
        self.home = Scope()
        # Objects only the other scope's organisations may see: every home user gets 404.
        self.other = Scope()
