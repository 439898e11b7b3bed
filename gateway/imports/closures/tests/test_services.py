"""A practice closes or merges (docs/adr/0045-practice-closures-and-mergers.md): closed by hand
through the import's own service, people on the scheme moved with letters, referrals
redirected with history, the alert resolved when nobody is left, a merger moving everything
it can to the successor. Every move audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from gateway.accounts.models import PracticeClosure, Role
from gateway.audit.models import AuditEvent
from gateway.comms.models import Message
from gateway.imports.closures import mergers, services
from gateway.imports.closures.models import ClosureMove
from gateway.patients.models import PatientFlag, PatientRelationship
from gateway.registration.models import ReferralChange, RegistrationAlert
from gateway.registration.tests.helpers import World, sent_referral
from gateway.sas.models import StatusHistory
from gateway.sas.services import practice_moves
from gateway.sas.tests.factories import OnScheme
from tests.factories import MembershipFactory, SasPracticeFactory

pytestmark = pytest.mark.django_db

CLOSE_DAY = datetime.date(2099, 3, 1)


def admin_of(commissioner):
    return MembershipFactory(organisation=commissioner, role=Role.ORGANISATION_ADMIN).user


def close(scheme_or_world, practice):
    commissioner = scheme_or_world.commissioner
    return services.close_by_hand(
        admin_of(commissioner), commissioner, practice, closed_on=CLOSE_DAY, reason="Retiring"
    )


def test_closing_by_hand_uses_the_import_s_service_and_raises_the_alert():
    scheme = OnScheme()
    alert = close(scheme, scheme.sas_practice)

    scheme.sas_practice.refresh_from_db()
    assert scheme.sas_practice.closed_on == CLOSE_DAY
    assert scheme.sas_practice.is_active is True  # until the day comes
    assert (alert.people_on_scheme, alert.open_referrals) == (1, 0)
    assert alert.commissioner == scheme.commissioner
    event = AuditEvent.objects.get(
        action=AuditEvent.Action.STATE_CHANGE, object_id=str(scheme.sas_practice.public_id)
    )
    assert event.detail["reason"] == "Retiring"


def test_only_an_organisation_admin_of_the_commissioner_closes_a_practice_by_hand():
    scheme = OnScheme()
    with pytest.raises(PermissionDenied):
        services.close_by_hand(
            scheme.commissioner_user,
            scheme.commissioner,
            scheme.sas_practice,
            closed_on=CLOSE_DAY,
            reason="Retiring",
        )
    assert not PracticeClosure.objects.exists()


def test_a_closing_sas_practice_s_person_is_moved_with_a_letter_and_the_alert_resolves():
    scheme = OnScheme()
    leaving = scheme.sas_practice
    new = SasPracticeFactory(commissioner=scheme.commissioner, name="Moulsecoomb SAS")
    alert = close(scheme, leaving)
    episode = scheme.episode

    services.move_person(scheme.commissioner_user, scheme.commissioner, alert, episode, new)

    episode.refresh_from_db()
    assert episode.sas_practice == new
    assert episode.state == "allocated"  # nothing else about the episode changes
    row = StatusHistory.objects.get(episode=episode, transition="practice_moved")
    assert row.reason.startswith(f"From {leaving.name} to {new.name}.")
    # Who may see the person follows them; the old relationship is kept, ended.
    assert PatientRelationship.objects.filter(
        patient=scheme.patient, organisation=new, is_active=True
    ).exists()
    old = PatientRelationship.objects.get(patient=scheme.patient, organisation=leaving)
    assert (old.is_active, old.ended_at is not None) == (False, True)
    flag = PatientFlag.objects.get(patient=scheme.patient, ended_at__isnull=True)
    assert flag.detail == f"Attend {new.name} only"
    # The letter to the person, through the outbox, in plain words.
    letter = Message.objects.get(template="sas/practice_change", patient=scheme.patient)
    assert "Your GP practice is changing" in letter.body_html
    assert f"{leaving.name} is closing." in letter.body_html
    assert f"{leaving.name} closes on 1 March 2099." in letter.body_html
    assert "From today your GP practice is:" in letter.body_html
    assert f"<strong>{new.name}</strong>" in letter.body_html
    assert f"Do not go to {leaving.name}." in letter.body_html
    notice = Message.objects.get(template="sas/practice_change_notice")
    assert notice.recipient_organisation == new
    assert f"from {leaving.name} to your practice" in notice.body_html
    # Done: the alert resolves, by whom and when.
    alert.refresh_from_db()
    assert alert.resolved_by == scheme.commissioner_user
    assert alert.resolved_at is not None
    assert ClosureMove.objects.get().episode == episode
    audited = AuditEvent.objects.filter(object_id=str(episode.public_id))
    assert audited.filter(changed_fields=["sas_practice"]).exists()
    assert AuditEvent.objects.filter(
        object_id=str(alert.public_id), action=AuditEvent.Action.STATE_CHANGE
    ).exists()


def test_the_alert_stays_open_while_someone_is_left():
    scheme = OnScheme()
    second = OnScheme(alongside=scheme)
    # At the same practice, moved there by the service (which keeps the episode's deadlines
    # and next deadline in step: tests/episode_checks.py checks after every test here).
    practice_moves.move_to_practice(
        scheme.commissioner_user,
        scheme.commissioner,
        second.episode,
        scheme.sas_practice,
        second.episode.version,
        reason="Nearer home",
    )
    new = SasPracticeFactory(commissioner=scheme.commissioner)
    alert = close(scheme, scheme.sas_practice)

    services.move_person(scheme.commissioner_user, scheme.commissioner, alert, scheme.episode, new)

    alert.refresh_from_db()
    assert alert.resolved_at is None


def test_redirecting_a_registration_referral_keeps_its_history_and_tells_the_referrer():
    world = World()
    referral = sent_referral(world)
    alert = close(world, world.practice)
    assert alert.open_referrals == 1

    services.redirect_referrals(
        world.commissioner_user, world.commissioner, alert, [referral], world.other_practice
    )

    referral.refresh_from_db()
    assert referral.practice == world.other_practice
    assert referral.status == "sent"
    events = list(ReferralChange.objects.filter(referral=referral).values_list("event", "note"))
    assert ("sent", "") in events  # the first sending is still there
    assert (
        "redirected",
        "From Albion Surgery to Zed Surgery. Albion Surgery closes on 1 March 2099.",
    ) in events
    assert events[-1][0] == "sent again"
    # The referral letter goes to the new practice.
    letters = Message.objects.filter(template="registration/referral").order_by("pk")
    assert [m.recipient_organisation for m in letters] == [world.practice, world.other_practice]
    told = RegistrationAlert.objects.get(kind="practice_closing")
    assert told.organisation == world.probation
    assert "now goes to Zed Surgery. It has been sent there." in told.detail
    assert AuditEvent.objects.filter(
        object_id=str(referral.public_id), changed_fields=["practice"]
    ).exists()
    alert.refresh_from_db()
    assert alert.resolved_at is not None


def test_a_merger_moves_people_referrals_and_relationships_and_keeps_the_practice():
    scheme = OnScheme()
    leaving = scheme.sas_practice
    successor = SasPracticeFactory(commissioner=scheme.commissioner, name="Preston Park SAS")
    registered = OnScheme(alongside=scheme, state="discharged").patient
    PatientRelationship.objects.create(
        patient=registered, organisation=leaving, kind=PatientRelationship.Kind.CREATED
    )
    staff = MembershipFactory(organisation=leaving, role=Role.PRACTICE_STAFF).user

    result = mergers.merge(
        scheme.commissioner_user,
        scheme.commissioner,
        leaving,
        successor,
        merged_on=CLOSE_DAY,
        reason="Partnership joined",
    )

    leaving.refresh_from_db()
    assert leaving.merged_into == successor and leaving.closed_on == CLOSE_DAY
    assert leaving.closure_words == "merged into Preston Park SAS on 1 March 2099"
    assert result.people_moved == 1
    scheme.episode.refresh_from_db()
    assert scheme.episode.sas_practice == successor
    assert Message.objects.filter(template="sas/practice_change", patient=scheme.patient).exists()
    # The other person's relationship moved too, the old one kept and ended, audited.
    assert PatientRelationship.objects.filter(
        patient=registered, organisation=successor, is_active=True
    ).exists()
    assert not PatientRelationship.objects.filter(organisation=leaving, is_active=True).exists()
    assert AuditEvent.objects.filter(
        object_type="patients.PatientRelationship", patient_id=registered.pk
    ).exists()
    assert result.closure.resolved_at is not None
    # Staff accounts are not moved: they are listed for the admin.
    from gateway.imports.closures.queries import staff_of

    assert {m.user for m in staff_of(leaving)} == {staff, scheme.sas_user}
