"""The support team and multi-agency meeting demo: Jordan Reeves has a
support team led by the demo support worker (Sam Support, Sussex Outreach) with the SAS
practice in it by his consent, a working agreement due for review soon, and a meeting where
he gave his views, with an open action on Sam's worklist ("Your actions").

Written through the support services, so the audit trail and rules are the real ones. The
consent row is created directly (there is no consent service yet). Idempotent: a person who
already has a support team is left as they are."""

import datetime

from django.utils import timezone

from gateway.accounts.models import Membership, User
from gateway.patients.models import Consent, Patient
from gateway.support.models import Meeting, SupportTeamMember
from gateway.support.services import meetings as meeting_services
from gateway.support.services import team as team_services
from gateway.support.services.meetings import Attendee

from .demo_data import PARTNERS, PRACTICES, demo_email, demo_nhs_number

OUTREACH = PARTNERS[0][0]
SAS_PRACTICE = PRACTICES[0][0]
JORDAN = 1  # demo_data.PATIENTS serial


def load_support_team_demo(orgs):
    """Called by load_demo inside its transaction. Returns 1 if the demo team was added."""
    patient = Patient.objects.filter(nhs_number=demo_nhs_number(JORDAN)).first()
    worker = User.objects.filter(username=demo_email("support-worker")).first()
    if patient is None or worker is None:
        return 0
    if SupportTeamMember.objects.filter(patient=patient).exists():
        return 0
    outreach, practice = orgs[OUTREACH], orgs[SAS_PRACTICE]
    today = timezone.localdate()
    started = today - datetime.timedelta(days=60)
    Consent.objects.create(
        patient=patient,
        purpose=Consent.Purpose.SHARE_INFORMATION,
        organisation=practice,
        scope="His support plan and meetings",
        starts_on=started,
        method=Consent.Method.VERBAL,
        recorded_by=worker,
        recorded_by_organisation=outreach,
    )
    team_services.add_team_member(
        worker,
        outreach,
        patient,
        member_organisation=outreach,
        worker=worker,
        role="Outreach key worker",
        started_on=started,
        is_lead=True,
    )
    team_services.add_team_member(
        worker,
        outreach,
        patient,
        member_organisation=practice,
        worker_name="Dr Amina Patel",
        worker_contact="Ring the practice and ask for the SAS clinic",
        role="GP",
        started_on=started,
    )
    team_services.record_agreement(
        worker,
        outreach,
        patient,
        replaces=None,
        agreed_on=started,
        review_on=today + datetime.timedelta(days=5),
        persons_goals="Get my leg looked at and somewhere to sleep that isn't the car.",
        services_will="Sam meets Jordan every Tuesday at the day centre; the practice sees him "
        "without an appointment at the SAS clinic.",
        person_will="Come to the day centre on Tuesdays, or text Sam if I can't.",
        how_to_keep_in_touch="Text first; no letters to the car park address.",
        person_agreed=True,
        services=[outreach, practice],
    )
    held = meeting_services.record_meeting(
        worker,
        outreach,
        patient,
        held_on=today - datetime.timedelta(days=10),
        participation=Meeting.Participation.ATTENDED,
        persons_views="I'll see the nurse about my leg but I'm not going back to the hostel "
        "on West Street. I want somewhere I can keep my dog.",
        discussion="Leg ulcer getting worse; sleeping in his car since the hostel eviction.",
        decisions="Nurse appointment at the SAS clinic; ask housing about dog-friendly rooms.",
        attendees=[
            Attendee(organisation=outreach, user=worker),
            Attendee(organisation=practice),
            Attendee(name="Jordan Reeves", role="The person"),
        ],
    )
    owner = Membership.objects.filter(user=worker, organisation=outreach, is_active=True).first()
    meeting_services.add_action(
        worker,
        outreach,
        held,
        description="Ask Brighton and Hove Housing Options about dog-friendly rooms",
        owner_membership=owner,
        due_on=today + datetime.timedelta(days=3),
    )
    meeting_services.add_action(
        worker,
        outreach,
        held,
        description="Go with Jordan to the nurse appointment",
        owner_membership=owner,
        due_on=today - datetime.timedelta(days=1),
    )
    return 1
