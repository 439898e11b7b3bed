"""The Special Allocation Scheme demo: a scheme policy for the demo commissioner and one
person in every episode state (gateway.sas.states.STATES), so the demo shows the whole
journey. Each episode is walked from "reported" through the real services: the removal
report, screening, information requests, declines and allocation use the reports part's
services; later steps use the transition service, with the appeal, review, discharge plan
and flag rows those states imply written here (allowed for demo data only).

Idempotent: a demo person who already has an episode is left as it is, so running again
adds nothing and keeps what people changed while trying the demo."""

import datetime

from django.utils import timezone

from gateway.accounts.models import User
from gateway.audit import services as audit
from gateway.patients.models import PatientFlag
from gateway.sas import rules
from gateway.sas import services as sas
from gateway.sas.models import Appeal, Deadline, DischargePlan, Episode, Review, SchemePolicy
from gateway.sas.states import STATES, State

from .demo_data import PRACTICES, _patient, _relationships, demo_email

ICB = "NHS Sussex ICB (demo)"
BRIGHTON, CRAWLEY, HASTINGS = PRACTICES[0][0], PRACTICES[1][0], PRACTICES[2][0]
PRESTON = PRACTICES[3][0]
POLICY_STARTS = datetime.date(2025, 4, 1)


def _person(serial, given, family, born, sex, postcode, town, state, sas_practice=None):
    return {
        "serial": serial,
        "given_name": given,
        "family_name": family,
        "date_of_birth": born,
        "sex": sex,
        "address": {
            "kind": "home",
            "line_1": f"{serial} Demo Street",
            "town": town,
            "postcode": postcode,
        },
        "created_by": PRESTON,
        "state": state,
        "sas_practice": sas_practice,
    }


D = datetime.date
# fmt: off
SAS_PATIENTS = [
    _person(201, "Aaron", "Fielding", D(1980, 1, 9), "male", "BN1 3AA", "Brighton",
            State.REPORTED),
    _person(202, "Bethany", "Cole", D(1992, 6, 30), "female", "BN2 4AA", "Brighton",
            State.SCREENING),
    _person(203, "Callum", "Brooks", D(1975, 3, 3), "male", "BN1 5AA", "Brighton",
            State.MORE_INFORMATION_REQUESTED),
    _person(204, "Dana", "Whitfield", D(1988, 8, 18), "female", "BN3 5AA", "Hove",
            State.AWAITING_APPROVAL, BRIGHTON),
    _person(205, "Elliot", "Marsh", D(1969, 11, 2), "male", "BN2 6AA", "Brighton",
            State.ALLOCATED, BRIGHTON),
    _person(206, "Fiona", "Lambert", D(1990, 2, 12), "female", "BN1 7AA", "Brighton",
            State.DECLINED),
    _person(207, "Gareth", "Powell", D(1971, 9, 25), "male", "BN1 8AA", "Brighton",
            State.UNDER_REVIEW, BRIGHTON),
    _person(208, "Hannah", "Iqbal", D(1995, 5, 5), "female", "RH10 3AA", "Crawley",
            State.REMAINING, CRAWLEY),
    _person(209, "Ivan", "Novak", D(1983, 7, 14), "male", "BN2 7AA", "Brighton",
            State.DISCHARGE_PLANNED, BRIGHTON),
    _person(210, "Jasmine", "Reid", D(1986, 12, 1), "female", "TN34 3AA", "Hastings",
            State.DISCHARGED, HASTINGS),
    _person(211, "Kyle", "Barton", D(1999, 4, 22), "male", "BN1 9AA", "Brighton",
            State.ON_HOLD_CUSTODY, BRIGHTON),
    _person(212, "Laura", "Finch", D(1978, 10, 8), "female", "RH11 4AA", "Crawley",
            State.TRANSFERRED_OUT, CRAWLEY),
    _person(213, "Mohammed", "Aziz", D(1991, 1, 27), "male", "BN3 6AA", "Hove",
            State.OVERTURNED, BRIGHTON),
    _person(214, "Norma", "Blake", D(1950, 6, 11), "female", "TN34 4AA", "Hastings",
            State.ENDED_DEATH, HASTINGS),
    _person(215, "Oscar", "Hale", D(1984, 3, 19), "male", "BN2 8AA", "Brighton",
            State.ENDED_REGISTERED_BY_MISTAKE, BRIGHTON),
    _person(216, "Paula", "Grant", D(1979, 8, 8), "female", "BN1 4AA", "Brighton",
            State.ENTERED_IN_ERROR),
]
# fmt: on
assert {p["state"] for p in SAS_PATIENTS} == set(STATES), "the demo must show every state"


class Cast:
    """The demo users who act in the story, each with the organisation they act for."""

    def __init__(self, orgs):
        self.orgs = orgs
        self.icb = orgs[ICB]
        self.commissioner = User.objects.get(username=demo_email("commissioner"))
        self.panel = User.objects.get(username=demo_email("panel-member"))
        self.practice_user = User.objects.get(username=demo_email("practice-staff"))
        self.sas_user = User.objects.get(username=demo_email("sas-practice-staff"))
        self.practice = orgs[PRESTON]

    def sas_actor(self, episode):
        """Brighton's demo SAS user where it is Brighton's patient; else the commissioner."""
        if episode.sas_practice and episode.sas_practice.name == BRIGHTON:
            return self.sas_user, episode.sas_practice
        return self.commissioner, self.icb


def report_data(now, *, police_late=False, hours_ago=3):
    """A removal report that qualifies (violence at the practice, police told at once),
    notice given by phone hours_ago; police_late sends it down the approval route."""
    notice = now - datetime.timedelta(hours=hours_ago)
    if police_late:
        incident = now - datetime.timedelta(days=11)
        police_at = incident + datetime.timedelta(days=10)
    else:
        incident = notice - datetime.timedelta(hours=1)
        police_at = incident + datetime.timedelta(minutes=30)
    return {
        "signed_by_name": "Dr Priya Shah",
        "signed_by_role": "gp_partner",
        "incident_at": incident,
        "setting": "practice_premises",
        "behaviours": ["violence"],
        "description": "Pushed a receptionist against the wall at the front desk (demo).",
        "previously_non_aggressive_in_anguish": False,
        "health_condition_could_explain": "no",
        "learning_disability_or_neurodiversity_considered": True,
        "alternatives_tried": "Not possible: the incident was sudden.",
        "police_reported": True,
        "police_reported_at": police_at,
        "police_reference": "" if police_late else "CAD 4821",
        "notice_given_at": notice,
        "notice_method": "phone",
        "patient_told": "yes",
        "cqc_notified": True,
        "explanation": "Demo: the police were told late because the victim was off sick."
        if police_late
        else "",
    }


def _record(cast, actor, organisation, obj, patient):
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=obj,
        object_type=obj._meta.label,
        object_id=str(getattr(obj, "public_id", obj.pk)),
        patient=patient,
        detail={"source": "demo data"},
    )


def _deadline(episode, rule_deadline, policy):
    return Deadline.from_rule(episode, rule_deadline, policy)


def _close(cast, episode, actor, organisation, *, protected=False):
    """A closed episode: nothing is due, and the patient no longer has to attend the SAS
    practice only; after a discharge they are protected from removal (DOMAIN §2.7)."""
    now = timezone.now()
    Deadline.objects.filter(episode=episode, met_at__isnull=True, cancelled_at__isnull=True).update(
        cancelled_at=now
    )
    PatientFlag.objects.filter(
        patient=episode.patient,
        kind=PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY,
        ended_at__isnull=True,
    ).update(ended_at=now, ended_by=actor)
    if protected:
        flag = PatientFlag.objects.create(
            patient=episode.patient,
            kind=PatientFlag.Kind.PROTECTED_FROM_REMOVAL,
            detail=f"Discharged from SAS on {rules.long_date(timezone.localdate())}",
            set_by=actor,
            set_by_organisation=organisation,
            source_type="sas.Episode",
            source_id=str(episode.public_id),
        )
        _record(cast, actor, organisation, flag, episode.patient)


def _step(cast, episode, name, actor=None, organisation=None, reason=""):
    actor, organisation = actor or cast.commissioner, organisation or cast.icb
    return sas.transition(actor, organisation, episode, name, episode.version, reason=reason)


def _review(cast, episode, policy, *, decision=None):
    """A review with the practice's report and the patient's own view (DOMAIN §2.6)."""
    today = timezone.localdate()
    actor, organisation = cast.sas_actor(episode)
    review = Review.objects.create(
        episode=episode,
        due_on=today + datetime.timedelta(days=14),
        practice_report="Attends appointments; no incidents since allocation (demo).",
        practice_report_received_at=timezone.now(),
        patient_view="Wants to be back with a local practice near their family (demo).",
        patient_view_how="Told their support worker, who wrote it down",
        patient_view_recorded_at=timezone.now(),
        patient_view_recorded_by=actor,
    )
    _step(cast, episode, "start_review", actor, organisation)
    if decision is None:
        _record(cast, actor, organisation, review, episode.patient)
        return review
    review.status, review.decision = Review.Status.DECIDED, decision
    review.held_on, review.decided_by, review.decided_at = today, actor, timezone.now()
    review.patient_took_part = Review.HowTookPart.IN_PERSON
    if decision == Review.Decision.REMAIN:
        review.reasons = "Two incidents at the SAS practice this year (demo)."
        review.what_would_change_it = "Six months without an incident, and keeping to the plan."
        review.next_review_on = rules.next_review_due(today, policy.values()).due_on
    else:
        review.reasons = "No incidents for a year, and a practice near home will register them."
    review.save()
    _record(cast, actor, organisation, review, episode.patient)
    Deadline.objects.filter(episode=episode, kind="review", met_at__isnull=True).update(
        met_at=timezone.now()
    )
    if decision == Review.Decision.REMAIN:
        _step(cast, episode, "decide_remain", actor, organisation, reason=review.reasons)
        Deadline.objects.bulk_create(
            [
                _deadline(episode, rules.next_review_due(today, policy.values()), policy),
                _deadline(
                    episode,
                    rules.appeal_deadline(today, rules.APPEAL_AGAINST_REMAINING, policy.values()),
                    policy,
                ),
            ]
        )
    else:
        _step(cast, episode, "decide_discharge", actor, organisation, reason=review.reasons)
        due = rules.discharge_by(today, policy.values())
        _deadline(episode, due, policy).save()
        plan = DischargePlan.objects.create(
            episode=episode,
            review=review,
            target_practice=cast.orgs["Kemp Town Medical Centre (demo)"],
            discharge_by=due.due_on,
            medication_cover="The SAS practice prescribes until the new registration.",
            referrals_to_hand_over="Community mental health team referral (demo).",
            stay_in_touch_months=3,
        )
        _record(cast, actor, organisation, plan, episode.patient)
    return review


def _appeal(cast, episode, policy, *, status=Appeal.Status.LODGED):
    today = timezone.localdate()
    appeal = Appeal.objects.create(
        episode=episode,
        against=Appeal.Against.PLACEMENT,
        received_on=today,
        means=Appeal.Means.PHONE,
        lodged_by=Appeal.LodgedBy.REPRESENTATIVE,
        representative_name="Sam Support",
        representative_relationship="Support worker, Sussex Outreach (demo)",
        grounds="The patient says the incident did not happen as reported (demo).",
        recorded_by=cast.commissioner,
        status=status,
    )
    if status == Appeal.Status.LODGED:
        _deadline(episode, rules.acknowledgement_due(today, policy.values()), policy).save()
    else:
        appeal.decided_on, appeal.decided_by = today, cast.panel
        appeal.decision_reasons = "CCTV shows the patient was not involved (demo)."
        appeal.save()
    _record(cast, cast.commissioner, cast.icb, appeal, episode.patient)
    return appeal


def _walk(cast, episode, spec, policy):
    """Take a reported episode to the spec's state."""
    target = spec["state"]
    if target == State.REPORTED:
        return
    if target == State.ENTERED_IN_ERROR:
        _step(cast, episode, "mark_entered_in_error", reason="Reported for the wrong person.")
        _close(cast, episode, cast.commissioner, cast.icb)
        return
    sas.start_screening(cast.commissioner, cast.icb, episode, episode.version)
    if target == State.SCREENING:
        return
    if target == State.MORE_INFORMATION_REQUESTED:
        sas.request_more_information(
            cast.commissioner,
            cast.icb,
            episode,
            episode.version,
            "Was anyone hurt, and has the practice tried a different appointment time?",
            rules.add_working_days(timezone.localdate(), 5),
        )
        return
    if target == State.DECLINED:
        sas.decline(
            cast.commissioner,
            cast.icb,
            episode,
            episode.version,
            "Shouting at reception is not violence under the scheme's rules (DOMAIN §2.3).",
        )
        return
    practice = cast.orgs[spec["sas_practice"]]
    sas.allocate(cast.commissioner, cast.icb, episode, practice, episode.version)
    if target == State.AWAITING_APPROVAL:
        return  # police told late: a second commissioner must confirm
    _after_allocation(cast, episode, target, policy)


def _after_allocation(cast, episode, target, policy):
    actor, organisation = cast.sas_actor(episode)
    if target == State.ALLOCATED:
        _appeal(cast, episode, policy)
    elif target == State.UNDER_REVIEW:
        _review(cast, episode, policy)
    elif target == State.REMAINING:
        _review(cast, episode, policy, decision=Review.Decision.REMAIN)
    elif target in (State.DISCHARGE_PLANNED, State.DISCHARGED):
        _review(cast, episode, policy, decision=Review.Decision.DISCHARGE)
        if target == State.DISCHARGED:
            plan = episode.discharge_plan
            plan.registered_practice = plan.target_practice
            plan.registered_on = timezone.localdate()
            plan.completed_at = timezone.now()
            plan.save()
            _step(cast, episode, "complete_discharge", actor, organisation)
            Deadline.objects.filter(episode=episode, kind="discharge").update(met_at=timezone.now())
            _close(cast, episode, actor, organisation, protected=True)
    elif target == State.ON_HOLD_CUSTODY:
        _step(cast, episode, "enter_custody", actor, organisation)
    elif target == State.TRANSFERRED_OUT:
        _step(cast, episode, "transfer_out", reason="Moved to Kent; Kent's scheme told (demo).")
        _close(cast, episode, cast.commissioner, cast.icb)
    elif target == State.OVERTURNED:
        _appeal(cast, episode, policy, status=Appeal.Status.UPHELD)
        _step(
            cast,
            episode,
            "uphold_appeal",
            cast.panel,
            cast.icb,
            reason="The panel upheld the appeal: the incident did not happen as reported.",
        )
        _close(cast, episode, cast.panel, cast.icb)
    elif target == State.ENDED_DEATH:
        _step(cast, episode, "record_death", actor, organisation)
        _close(cast, episode, actor, organisation)
    elif target == State.ENDED_REGISTERED_BY_MISTAKE:
        _step(
            cast,
            episode,
            "end_registered_by_mistake",
            reason="The practice reported the wrong person with the same name (demo).",
        )
        _close(cast, episode, cast.commissioner, cast.icb)


def _policy(cast):
    policy = SchemePolicy.objects.filter(commissioner=cast.icb).order_by("-version").first()
    if policy is None:
        policy = sas.create_policy_version(cast.commissioner, cast.icb, POLICY_STARTS)
    return policy


def load_sas_demo(orgs):
    """Called by load_demo inside its transaction. Returns how many episodes were added."""
    cast = Cast(orgs)
    policy = _policy(cast)
    users = {PRESTON: cast.practice_user}
    added = 0
    now = timezone.now().replace(microsecond=0)
    for spec in SAS_PATIENTS:
        patient, _ = _patient(spec, orgs, users)
        _relationships(patient, spec, orgs)
        if Episode.objects.filter(patient=patient).exists():
            continue
        # The reported one waits past its 24-hour target, so the worklist shows it overdue.
        hours_ago = 72 if spec["state"] == State.REPORTED else 5
        data = report_data(
            now, police_late=spec["state"] == State.AWAITING_APPROVAL, hours_ago=hours_ago
        )
        episode = sas.submit_removal_report(cast.practice_user, cast.practice, patient, data)
        _walk(cast, episode, spec, policy)
        added += 1
    return added
