"""Hand-worked SAS data for the insight tests: rows written directly with the dates a test
needs (services stamp today's date), so each figure can be checked against a count done by
hand, boundaries included."""

import datetime

from django.utils import timezone

from gateway.accounts.models import Role
from gateway.comms.models import Message
from gateway.sas.models import (
    Appeal,
    CustodyPeriod,
    Deadline,
    DischargePlan,
    Episode,
    RemovalReport,
    Review,
    StatusHistory,
)
from gateway.sas.rules.screening import QUALIFIES
from gateway.sas.states import State
from gateway.sas.tests.factories import SchemePolicyFactory
from tests.factories import (
    CommissionerFactory,
    MembershipFactory,
    PatientFactory,
    PracticeFactory,
    SasPracticeFactory,
)

Q1 = (datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))  # Q1 2025 to 2026


def at(day, hour=12, minute=0):
    """An aware moment in England."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def d(text):
    return datetime.date.fromisoformat(text)


class SasWorld:
    def __init__(self, *, sas_practices=1):
        self.commissioner = CommissionerFactory()
        self.policy = SchemePolicyFactory(
            commissioner=self.commissioner, effective_from=d("2020-01-01")
        )
        self.removing = PracticeFactory(commissioner=self.commissioner, name="Removing Surgery")
        self.sas = [
            SasPracticeFactory(
                commissioner=self.commissioner, name=f"SAS Practice {n}", list_capacity=10
            )
            for n in range(1, sas_practices + 1)
        ]
        self.user = MembershipFactory(organisation=self.commissioner, role=Role.COMMISSIONER).user

    def episode(
        self,
        *,
        allocated=None,
        closed=None,
        closed_state=State.DISCHARGED,
        notice=None,
        notice_method=RemovalReport.NoticeMethod.PHONE,
        sas_practice=None,
        state=None,
        route=QUALIFIES,
    ):
        """An episode allocated and closed at the moments given (either may be None), with a
        removal report when notice is given."""
        patient = PatientFactory(
            created_by_organisation=self.removing, related_to=[self.commissioner]
        )
        if state is None:
            state = closed_state if closed else State.ALLOCATED if allocated else State.SCREENING
        practice = sas_practice or (self.sas[0] if allocated else None)
        episode = Episode.objects.create(
            patient=patient,
            commissioner=self.commissioner,
            removing_practice=self.removing,
            sas_practice=practice,
            state=state,
            state_changed_at=closed or allocated,
        )
        first = notice or allocated or closed or at(datetime.date(2024, 1, 1))
        StatusHistory.objects.create(
            episode=episode, to_state=State.REPORTED, transition="report", at=first
        )
        if allocated:
            StatusHistory.objects.create(
                episode=episode,
                from_state=State.SCREENING,
                to_state=State.ALLOCATED,
                transition="allocate",
                at=allocated,
            )
        if closed:
            StatusHistory.objects.create(
                episode=episode,
                from_state=State.ALLOCATED if allocated else State.SCREENING,
                to_state=closed_state,
                transition=closed_state,
                at=closed,
            )
        if notice:
            self.report(episode, notice, notice_method, route)
        return episode

    def report(self, episode, notice, method, route):
        return RemovalReport.objects.create(
            episode=episode,
            reporting_practice=self.removing,
            signed_by_name="Dr Test",
            signed_by_role=RemovalReport.Signatory.GP_PARTNER,
            incident_at=notice - datetime.timedelta(hours=2),
            setting=RemovalReport.Setting.PRACTICE_PREMISES,
            description="Threatened staff",
            health_condition_could_explain=RemovalReport.YesNoUnsure.NO,
            police_reported=True,
            police_reported_at=notice - datetime.timedelta(hours=1),
            notice_given_at=notice,
            notice_method=method,
            patient_told=RemovalReport.PatientTold.YES,
            screening_route=route,
            screening_policy=self.policy,
        )

    def deadline(self, episode, kind, due_on, *, due_at=None, met_at=None, cancelled=False, **kw):
        return Deadline.objects.create(
            episode=episode,
            kind=kind,
            label=kind,
            starts_on=due_on,
            due_on=due_on,
            due_at=due_at,
            rule="rule",
            explanation="explanation",
            policy=self.policy,
            met_at=met_at,
            cancelled_at=at(due_on) if cancelled else None,
            **kw,
        )

    def review(self, episode, due_on, *, held_on=None, took_part="", view_at=None, **kw):
        kw.setdefault("status", Review.Status.DECIDED if held_on else Review.Status.SCHEDULED)
        return Review.objects.create(
            episode=episode,
            due_on=due_on,
            held_on=held_on,
            patient_took_part=took_part,
            patient_view_recorded_at=view_at,
            decision=Review.Decision.REMAIN if held_on else "",
            **kw,
        )

    def appeal(self, episode, received_on, *, status=Appeal.Status.LODGED, decided_on=None,
               panel_due=None, is_late=False):  # fmt: skip
        appeal = Appeal.objects.create(
            episode=episode,
            against=Appeal.Against.PLACEMENT,
            received_on=received_on,
            means=Appeal.Means.LETTER,
            lodged_by=Appeal.LodgedBy.PATIENT,
            grounds="It did not happen",
            is_late=is_late,
            status=status,
            decided_on=decided_on,
        )
        if panel_due:
            self.deadline(episode, "appeal_panel", panel_due, appeal=appeal)
        return appeal

    def discharge(self, episode, discharge_by, completed_at, *, automatic=False, stay=0):
        return DischargePlan.objects.create(
            episode=episode,
            discharge_by=discharge_by,
            medication_cover="none needed",
            completed_at=completed_at,
            completed_automatically=automatic,
            stay_in_touch_months=stay,
        )

    def custody(self, episode, started_on, ended_on=None):
        return CustodyPeriod.objects.create(
            episode=episode,
            state_before=State.ALLOCATED,
            started_at=at(started_on),
            started_on=started_on,
            ended_at=at(ended_on) if ended_on else None,
            ended_on=ended_on,
            released=ended_on is not None,
        )

    def history(self, episode, to_state, moment, transition=None):
        return StatusHistory.objects.create(
            episode=episode, to_state=to_state, transition=transition or to_state, at=moment
        )

    def unreachable(self, episode, moment):
        return Message.objects.create(
            kind=Message.Kind.ROUTED,
            status=Message.Status.UNREACHABLE,
            patient=episode.patient,
            template="comms/plain",
            created_for=self.commissioner,
            status_changed_at=moment,
        )
