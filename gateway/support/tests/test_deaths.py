"""Deaths (docs/domain/multiple-disadvantage.md#deaths premature deaths recorded for learning
reviews): a death is recorded with its cause category and judgements, closes what was open (SAS
episodes by the SAS death change, referrals withdrawn "The person died", actions cancelled, contact
routes ended, letters stopped, waiting messages cancelled), shows on every page about the
person, and is changed later with each version kept."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.comms import services as comms
from gateway.comms.models import Message
from gateway.patients.models import ContactRoute, PatientFlag
from gateway.patients.services import contact as contact_services
from gateway.sas.models import Episode, StatusHistory
from gateway.sas.states import State
from gateway.sas.tests.factories import EpisodeFactory
from gateway.support.models import Action, Death, Meeting, ServiceReferral
from gateway.support.queries import referrals as referral_queries
from gateway.support.services import deaths as death_services
from gateway.support.services import meetings as meeting_services
from gateway.support.services.meetings import Attendee
from tests.factories import MembershipFactory, SasPracticeFactory

from .helpers import Person
from .test_referrals import refer_consent, send

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture
def person():
    return Person()


def values(**overrides):
    return {
        "died_on": YESTERDAY,
        "date_is_estimated": False,
        "place": Death.Place.STREET,
        "place_detail": "",
        "cause_category": Death.Cause.DRUG_POISONING,
        "cause_detail": "",
        "preventable": Death.Judgement.NOT_YET_KNOWN,
        "treatable": Death.Judgement.NOT_YET_KNOWN,
        "learning_review_status": Death.ReviewStatus.REQUESTED,
        "learning_review_findings": "",
        **overrides,
    }


def record(person, **overrides):
    return death_services.record_death(
        person.support_worker, person.refuge, person.patient, values(**overrides)
    )


def open_everything(person):
    """An SAS episode on the scheme, a referral waiting for an answer, an open action, a
    mobile route and a letter waiting in the outbox."""
    sas_practice = SasPracticeFactory(commissioner=person.commissioner)
    episode = EpisodeFactory(
        patient=person.patient,
        commissioner=person.commissioner,
        removing_practice=person.practice,
        sas_practice=sas_practice,
        state=State.ALLOCATED,
    )
    PatientFlag.objects.create(
        patient=person.patient, kind=PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY
    )
    refer_consent(person)
    referral = send(person)
    meeting = meeting_services.record_meeting(
        person.support_worker,
        person.refuge,
        person.patient,
        held_on=YESTERDAY,
        participation=Meeting.Participation.ATTENDED,
        persons_views="Keep me at the hostel",
        attendees=[Attendee(organisation=person.refuge)],
    )
    action = meeting_services.add_action(
        person.support_worker,
        person.refuge,
        meeting,
        description="Book the GP",
        owner_membership=person.support_worker.memberships.get(organisation=person.refuge),
        due_on=TODAY,
    )
    route = contact_services.add_route(
        person.support_worker,
        person.refuge,
        person.patient,
        {"kind": "mobile", "phone_number": "07700 900123"},
    )
    with transaction.atomic():
        letter = comms.queue_letter(
            None,
            person.practice,
            template="comms/plain",
            context={"heading": "Your appointment", "text": "Come on Monday"},
            address_lines=["Flat 1", "1 High Street", "Brighton", "BN1 1AA"],
            patient=person.patient,
        )
    return episode, referral, action, route, letter


def test_death_closes_episodes_referrals_actions_routes_and_stops_letters(person):
    """Hazard: a death recorded while SAS episodes stay open and letters keep going out."""
    episode, referral, action, route, letter = open_everything(person)
    death = record(person)
    episode.refresh_from_db()
    assert episode.state == State.ENDED_DEATH
    assert not PatientFlag.objects.filter(
        patient=person.patient, kind=PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY, ended_at=None
    ).exists()
    referral.refresh_from_db()
    assert referral.status == ServiceReferral.Status.WITHDRAWN
    assert referral.changes.last().note == "The person died"
    assert referral.news_for_referrer  # the referrer is told
    action.refresh_from_db()
    assert action.status == Action.Status.CANCELLED
    assert "the person died" in action.outcome
    assert ContactRoute.objects.get(pk=route.pk).ended_at is not None
    assert PatientFlag.objects.filter(
        patient=person.patient, kind=PatientFlag.Kind.DO_NOT_SEND_LETTERS, ended_at=None
    ).exists()
    letter.refresh_from_db()
    assert letter.status == Message.Status.CANCELLED
    assert death.closed == {
        "sas_episodes": 1,
        "referrals": 1,
        "registration_referrals": 0,
        "actions": 1,
        "contact_routes": 1,
        "messages": 1,
    }
    created = AuditEvent.objects.get(object_type="support.Death", action="create")
    assert created.detail["closed"]["sas_episodes"] == 1


def test_the_commissioner_ends_the_episode_by_the_sas_death_change_as_themselves(person):
    episode, *_ = open_everything(person)
    commissioner = MembershipFactory(organisation=person.commissioner, role=Role.COMMISSIONER)
    from gateway.patients.models import PatientRelationship

    PatientRelationship.objects.create(
        patient=person.patient,
        organisation=person.commissioner,
        kind=PatientRelationship.Kind.COMMISSIONER,
        is_active=True,
    )
    death_services.record_death(commissioner.user, person.commissioner, person.patient, values())
    episode.refresh_from_db()
    assert episode.state == State.ENDED_DEATH
    last = StatusHistory.objects.filter(episode=episode).order_by("-at", "-id").first()
    assert (last.to_state, last.actor) == (State.ENDED_DEATH, commissioner.user)


def test_a_support_worker_with_no_part_in_the_episode_ends_it_on_gateways_account(person):
    episode, *_ = open_everything(person)
    record(person)
    last = StatusHistory.objects.filter(episode=episode).order_by("-at", "-id").first()
    assert (last.to_state, last.actor) == (State.ENDED_DEATH, None)
    assert "Death recorded by" in last.reason


def test_a_death_is_recorded_once_and_refused_when_the_record_is_not_whole(person):
    with pytest.raises(ValidationError) as refused:
        record(person, died_on=TODAY + datetime.timedelta(days=1), place="moon")
    assert {"died_on", "place"} <= set(refused.value.error_dict)
    with pytest.raises(ValidationError) as refused:
        record(person, learning_review_status=Death.ReviewStatus.COMPLETE)
    assert "learning_review_findings" in refused.value.error_dict
    assert not Death.objects.exists()
    record(person)
    with pytest.raises(ValidationError):
        record(person)
    assert Death.objects.count() == 1


def test_an_organisation_not_involved_cannot_record_a_death(person):
    stranger = MembershipFactory(role=Role.SUPPORT_WORKER)
    with pytest.raises(PermissionDenied):
        death_services.record_death(stranger.user, stranger.organisation, person.patient, values())
    assert not Death.objects.exists()


def test_the_learning_review_is_changed_later_and_every_version_kept(person):
    death = record(person)
    death_services.update_death(
        person.support_worker,
        person.refuge,
        death,
        death.version,
        values(
            learning_review_status=Death.ReviewStatus.COMPLETE,
            learning_review_findings="Discharged from hospital with nowhere to go",
            preventable=Death.Judgement.YES,
            treatable=Death.Judgement.YES,
        ),
    )
    death.refresh_from_db()
    assert death.version == 2 and death.preventable == Death.Judgement.YES
    revisions = list(death.revisions.order_by("version"))
    assert [r.values["learning_review_status"] for r in revisions] == ["requested", "complete"]
    with pytest.raises(ValidationError) as refused:
        death_services.update_death(
            person.support_worker, person.refuge, death, 1, values(place_detail="Stale")
        )
    assert "Someone else changed this" in str(refused.value)


def test_the_person_is_shown_as_died_on_their_pages(person, staff_client):
    client, user, _ = staff_client(Role.SUPPORT_WORKER, person.refuge)
    person.support_worker = user
    record(person)
    for name in ("support:patient", "support:referrals", "support:death", "patients:detail"):
        page = client.get(reverse(name, kwargs={"public_id": person.patient.public_id}))
        assert "This person has died" in page.content.decode(), name


def test_recording_a_death_through_the_page(person, staff_client):
    client, user, _ = staff_client(Role.SUPPORT_WORKER, person.refuge)
    person.support_worker = user
    url = reverse("support:death-new", kwargs={"public_id": person.patient.public_id})
    assert "Enter the date the person died" in client.post(url, {}).content.decode()
    response = client.post(
        url,
        {
            "died_on_day": YESTERDAY.day,
            "died_on_month": YESTERDAY.month,
            "died_on_year": YESTERDAY.year,
            "place": "hospital",
            "cause_category": "treatable_illness",
            "cause_detail": "Sepsis from a leg wound",
            "preventable": "not_yet_known",
            "treatable": "yes",
            "learning_review_status": "requested",
        },
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Sepsis from a leg wound" in page
    assert Episode.objects.count() == 0
    assert referral_queries.open_referral_count(person.patient) == 0


def test_a_death_withdraws_the_persons_gp_registration_referral():
    from gateway.registration.models import RegistrationReferral
    from gateway.registration.tests.helpers import World, sent_referral

    world = World()
    referral = sent_referral(world)
    death_services.record_death(world.worker, world.probation, referral.patient, values())
    referral.refresh_from_db()
    assert referral.status == RegistrationReferral.Status.WITHDRAWN
    assert referral.changes.order_by("id").last().note == "The person died"
