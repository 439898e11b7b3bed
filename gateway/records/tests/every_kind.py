"""A demo-like person with one of every kind of record Gateway holds about a person (or two,
where old and new both matter), each holding a word found nowhere else, so a test can look for
each kind in record.json and in the summary PDF. Written straight to the tables: the services
that write each kind are tested in their own apps."""

import datetime

from django.utils import timezone

from gateway.accounts.models import Organisation, PracticeClosure, Role
from gateway.audit.services import Action, record
from gateway.comms.models import DeliveryAttempt, Message
from gateway.comms.rendering import letter_pdf
from gateway.imports.models import ClosureMove
from gateway.patients.models import (
    Address,
    Consent,
    ContactRoute,
    LinkRequest,
    PatientFlag,
    PatientLink,
    RecordMadeInError,
)
from gateway.portal.models import AccessCode, PortalSession
from gateway.registration.models import ReferralChange, RegistrationAlert, RegistrationReferral
from gateway.sas.models import (
    Allocation,
    Appeal,
    CustodyPeriod,
    Deadline,
    DischargePlan,
    Episode,
    InformationRequest,
    RecordBeforeGateway,
    RemovalReport,
    Review,
    SchemePolicy,
    StatusHistory,
)
from gateway.support.models import (
    AbuseIncident,
    Assessment,
    Death,
    DeathRevision,
    MaracReferral,
    MCNRule,
    MCNStatus,
    Meeting,
    MeetingAttendee,
    Need,
    ServiceReferral,
    ServiceReferralChange,
    SupportTeamMember,
    WorkingAgreement,
)
from gateway.support.models import (
    Action as SupportAction,
)
from tests.factories import (
    CommissionerFactory,
    MembershipFactory,
    PartnerFactory,
    PatientFactory,
    PracticeFactory,
    SasPracticeFactory,
)

DAY = datetime.date(2025, 3, 3)

# A word for each kind, found in that kind's record only.
WORDS = {
    "patients.Patient": "Marigold",
    "patients.Address": "Juniper Road",
    "patients.PatientFlag": "Kestrelflag",
    "patients.ContactRoute": "07700900123",
    "patients.Consent": "Heronscope",
    "sas.Episode": "Screening",  # a state's words
    "sas.StatusHistory": "Otterreason",
    "sas.Deadline": "Badgerdue",
    "sas.RemovalReport": "Lynxsigned",
    "sas.InformationRequest": "Stoatquestion",
    "sas.Allocation": "Voleoverride",
    "sas.CustodyPeriod": "HMP Ravenhill",
    "sas.Appeal": "Curlewgrounds",
    "sas.Review": "Plovervoice",
    "sas.DischargePlan": "Wrencover",
    "sas.RecordBeforeGateway": "Puffinnotes",
    "comms.Message": "Swiftsubject",
    "comms.DeliveryAttempt": "Martinerror",
    "registration.RegistrationReferral": "Gannetadjust",
    "registration.ReferralChange": "Puffinnote",
    "registration.RegistrationAlert": "Ternalert",
    "support.Need": "Dunlinevidence",
    "support.MCNStatus": "Knotwhy",
    "support.Assessment": "Sandpiperanswer",
    "support.MaracReferral": "MARAC",
    "support.AbuseIncident": "Skuaincident",
    "support.SupportTeamMember": "Godwitrole",
    "support.WorkingAgreement": "Avocetgoal",
    "support.Meeting": "Snipeviews",
    "support.MeetingAttendee": "Ruffname",
    "support.Action": "Stintjob",
    "support.ServiceReferral": "Phalaropereason",
    "support.ServiceReferralChange": "Pratincolenote",
    "support.Death": "Coursercause",
    "support.DeathRevision": "Petrelold",
    "portal.AccessCode": "Shown on screen",
    "portal.PortalSession": "Signed out",
    "patients.PatientRelationship": "Commissioner of the patient's care",
    "patients.LinkRequest": "Gorsefield Surgery",
    "imports.ClosureMove": "Heronbank Surgery",
    "patients.PatientLink": "Wagtail ICB",
    "patients.RecordMadeInError": "Grebereason",
    "records.SubjectAccessExport": "SAR-2025-017",  # this very request
}
# Written but left out under the law (rules/withholding.py): never in the export.
SECRETS = {
    "sas.RemovalReport": "Cormorantsecret",
    "support.Assessment": "Shagsecret",
    "support.MaracReferral": "Fulmarsecret",
}


class EveryKind:
    def __init__(self):
        now = timezone.now()
        self.commissioner = CommissionerFactory(name="NHS Sussex")
        self.practice = PracticeFactory(commissioner=self.commissioner, name="Downs Surgery")
        self.sas_practice = SasPracticeFactory(commissioner=self.commissioner, name="Safe Surgery")
        self.refuge = PartnerFactory(
            name="Safe Haven Refuge", partner_type=Organisation.PartnerType.REFUGE
        )
        self.staff = MembershipFactory(
            organisation=self.commissioner, role=Role.COMMISSIONER, user__full_name="Cara Jones"
        ).user
        self.worker = MembershipFactory(
            organisation=self.refuge, role=Role.SUPPORT_WORKER, user__full_name="Sam Worker"
        ).user
        p = self.patient = PatientFactory(
            given_name="Marigold",
            family_name="Hart",
            created_by_organisation=self.practice,
            related_to=[self.commissioner, self.refuge],
            ethnic_category="Z",
        )
        p.relationships.filter(organisation=self.commissioner).update(kind="commissioner")
        w = WORDS
        LinkRequest.objects.create(
            patient=p,
            organisation=PracticeFactory(name=w["patients.LinkRequest"]),
            commissioner=self.commissioner,
            requested_by=self.staff,
        )
        PatientLink.objects.create(
            kept=p,
            duplicate=PatientFactory(created_by_organisation=self.practice),
            linked_by=self.staff,
            linked_by_organisation=CommissionerFactory(name=w["patients.PatientLink"]),
        )
        RecordMadeInError.objects.create(
            patient=p,
            organisation=self.commissioner,
            reason=w["patients.RecordMadeInError"],
            asked_by=self.staff,
        )
        old = Address.objects.create(
            patient=p, kind="hostel", line_1="1 Elm Hostel", town="Hove", is_current=False
        )
        home = Address.objects.create(
            patient=p, kind="home", line_1="4 Juniper Road", town="Brighton", postcode="BN1 1AA"
        )
        self.old_address = old
        PatientFlag.objects.create(
            patient=p, kind="risk_to_staff", detail=w["patients.PatientFlag"]
        )
        route = ContactRoute.objects.create(patient=p, kind="mobile", phone_number="07700900123")
        ContactRoute.objects.create(patient=p, kind="postal", address=home, preference=2)
        consent = Consent.objects.create(
            patient=p,
            purpose="share_information",
            organisation=self.refuge,
            scope=w["patients.Consent"],
            starts_on=DAY,
            method="verbal",
            recorded_by_organisation=self.refuge,
        )
        self._sas(now)
        self._messages(route)
        referral = RegistrationReferral.objects.create(
            patient=p,
            referring_organisation=self.refuge,
            referred_by=self.worker,
            consent=consent,
            referred_on=DAY,
            address_basis="own",
            adjustments=w["registration.RegistrationReferral"],
        )
        closure = PracticeClosure.objects.create(
            practice=self.practice, commissioner=self.commissioner, closed_on=DAY
        )
        ClosureMove.objects.create(
            closure=closure,
            kind=ClosureMove.Kind.REFERRAL,
            referral=referral,
            to_practice=PracticeFactory(name=w["imports.ClosureMove"]),
            moved_by=self.staff,
        )
        ReferralChange.objects.create(
            referral=referral,
            to_status="sent",
            event="sent",
            on=DAY,
            note=w["registration.ReferralChange"],
        )
        RegistrationAlert.objects.create(
            referral=referral,
            kind="chase",
            organisation=self.refuge,
            raised_on=DAY,
            detail=w["registration.RegistrationAlert"],
        )
        self._support(consent, now)
        code = AccessCode.objects.create(
            patient=p,
            selector="ABCD1234",
            secret_hash="f" * 64,
            delivery="on_screen",
            issued_by=self.staff,
            issued_by_organisation=self.commissioner,
            expires_at=now,
        )
        PortalSession.objects.create(
            patient=p,
            access_code=code,
            token_hash="e" * 64,
            started_at=now,
            last_seen_at=now,
            ended_at=now,
            ended_reason=w["portal.PortalSession"],
        )
        record(
            Action.VIEW,
            actor=self.staff,
            organisation=self.commissioner,
            obj=p,
            patient=p,
            detail={"page": "record"},
        )

    def _sas(self, now):
        w, p = WORDS, self.patient
        policy = SchemePolicy.objects.create(
            commissioner=self.commissioner, version=1, effective_from=datetime.date(2020, 1, 1)
        )
        episode = self.episode = Episode.objects.create(
            patient=p,
            commissioner=self.commissioner,
            removing_practice=self.practice,
            sas_practice=self.sas_practice,
            state="screening",
        )
        StatusHistory.objects.create(
            episode=episode,
            to_state="reported",
            transition="report",
            at=now,
            reason=w["sas.StatusHistory"],
        )
        RemovalReport.objects.create(
            episode=episode,
            reporting_practice=self.practice,
            signed_by_name=w["sas.RemovalReport"],
            signed_by_role="gp_partner",
            incident_at=now,
            setting="practice_premises",
            description=SECRETS["sas.RemovalReport"],
            health_condition_could_explain="no",
            police_reported=True,
            police_reported_at=now,
            notice_given_at=now,
            notice_method="in_person",
            patient_told="would_harm",
        )
        appeal = Appeal.objects.create(
            episode=episode,
            against="placement",
            received_on=DAY,
            means="letter",
            lodged_by="patient",
            grounds=w["sas.Appeal"],
        )
        review = Review.objects.create(episode=episode, due_on=DAY, patient_view=w["sas.Review"])
        Deadline.objects.create(
            episode=episode,
            appeal=appeal,
            kind="appeal_ack",
            label=w["sas.Deadline"],
            starts_on=DAY,
            due_on=DAY,
            rule="rule",
            explanation="why",
            policy=policy,
        )
        InformationRequest.objects.create(
            episode=episode,
            question=w["sas.InformationRequest"],
            requested_by=self.staff,
            due_on=DAY,
        )
        Allocation.objects.create(
            episode=episode,
            sas_practice=self.sas_practice,
            allocated_by=self.staff,
            override_reason=w["sas.Allocation"],
        )
        CustodyPeriod.objects.create(
            episode=episode,
            state_before="allocated",
            started_at=now,
            started_on=DAY,
            ended_at=now,
            ended_on=DAY,
            released=True,
        )
        StatusHistory.objects.create(
            episode=episode,
            from_state="reported",
            to_state="screening",
            transition="screen",
            at=now,
            reason=w["sas.CustodyPeriod"],
        )
        DischargePlan.objects.create(
            episode=episode,
            review=review,
            discharge_by=DAY,
            medication_cover=w["sas.DischargePlan"],
        )
        RecordBeforeGateway.objects.create(
            episode=episode,
            allocated_on=DAY,
            next_review_set=DAY,
            notes=w["sas.RecordBeforeGateway"],
            source="caseload.csv, line 2",
            recorded_by=self.staff,
        )

    def _messages(self, route):
        w, p = WORDS, self.patient
        html = f"<h1>{w['comms.Message']}</h1><p>Your place on the scheme.</p>"
        self.letter = Message.objects.create(
            kind="letter",
            patient=p,
            template="sas/allocation",
            subject=w["comms.Message"],
            body_html=html,
            pdf=letter_pdf(html),
            created_for=self.commissioner,
            status="sent",
        )
        self.handover = Message.objects.create(
            kind="in_person",
            patient=p,
            template="sas/allocation",
            subject="Handed over",
            body_html="<h1>Handed over</h1><p>Given in person.</p>",
            created_for=self.commissioner,
        )
        text = Message.objects.create(
            kind="text",
            patient=p,
            template="sas/allocation_text",
            body_text="You have a letter",
            phone_number="07700900123",
            route=route,
            created_for=self.commissioner,
        )
        DeliveryAttempt.objects.create(
            message=text, channel="notify", outcome="failed", error=w["comms.DeliveryAttempt"]
        )

    def _support(self, consent, now):
        w, p, by, org = WORDS, self.patient, self.worker, self.refuge
        rule = MCNRule.objects.create(
            commissioner=self.commissioner, version=1, effective_from=DAY, threshold=3
        )
        Need.objects.create(
            patient=p,
            domain="homelessness",
            evidence=w["support.Need"],
            noted_on=DAY,
            recorded_by=by,
            organisation=org,
        )
        MCNStatus.objects.create(
            patient=p,
            commissioner=self.commissioner,
            rule=rule,
            meets=True,
            worked_out_on=DAY,
            why=w["support.MCNStatus"],
        )
        dash = Assessment.objects.create(
            patient=p,
            kind="dash",
            assessed_on=DAY,
            assessed_by=by,
            organisation=org,
            answers={"1": w["support.Assessment"]},
            total=15,
            rule_version="1",
            notes=SECRETS["support.Assessment"],
        )
        MaracReferral.objects.create(
            patient=p,
            assessment=dash,
            referred_on=DAY,
            reason="visible_high_risk",
            reasons_text=SECRETS["support.MaracReferral"],
            referred_by=by,
            organisation=org,
        )
        AbuseIncident.objects.create(
            patient=p,
            occurred_on=DAY,
            note=w["support.AbuseIncident"],
            recorded_by=by,
            organisation=org,
        )
        SupportTeamMember.objects.create(
            patient=p,
            organisation=org,
            worker=by,
            role=w["support.SupportTeamMember"],
            started_on=DAY,
            added_by=by,
            added_by_organisation=org,
            consent=consent,
        )
        agreement = WorkingAgreement.objects.create(
            patient=p,
            agreed_on=DAY,
            review_on=DAY,
            persons_goals=w["support.WorkingAgreement"],
            services_will="Help",
            recorded_by=by,
            organisation=org,
        )
        agreement.services.add(org)
        meeting = Meeting.objects.create(
            patient=p,
            held_on=DAY,
            organised_by=org,
            participation="attended",
            persons_views=w["support.Meeting"],
            recorded_by=by,
        )
        MeetingAttendee.objects.create(
            meeting=meeting, name=w["support.MeetingAttendee"], role="GP"
        )
        SupportAction.objects.create(
            patient=p,
            meeting=meeting,
            description=w["support.Action"],
            owner=by,
            owner_organisation=org,
            due_on=DAY,
            created_by=by,
        )
        SupportAction.objects.create(
            patient=p,
            description="Phone the housing team",
            owner=by,
            owner_organisation=org,
            due_on=DAY,
            created_by=by,
        )
        referral = ServiceReferral.objects.create(
            patient=p,
            service_type="housing",
            reason=w["support.ServiceReferral"],
            consent=consent,
            sent_on=DAY,
            status_changed_on=DAY,
            referred_by=by,
            referring_organisation=org,
        )
        ServiceReferralChange.objects.create(
            referral=referral,
            to_status="sent",
            on=DAY,
            by=by,
            by_organisation=org,
            note=w["support.ServiceReferralChange"],
        )
        death = Death.objects.create(
            patient=p,
            died_on=DAY,
            place="hospital",
            cause_category="other",
            cause_detail=w["support.Death"],
            recorded_by=by,
            organisation=org,
        )
        DeathRevision.objects.create(
            death=death, version=1, values={"cause_detail": "Petrelold"}, by=by, by_organisation=org
        )
