"""The Special Allocation Scheme demo: a scheme policy for the demo commissioner and one
person in every episode state (gateway.sas.states.STATES), so the demo shows the whole
journey. Each episode is walked from "reported" through the real services only (removal
report, screening, allocation, appeals, review inputs and decisions, exception discharge,
discharge completion, other changes), so the appeals, reviews, discharge plans, flags,
deadlines and letters are exactly what the services make. The person who moves away gets a
new episode at a second demo commissioner, as a real transfer does (docs/adr/0011).

Idempotent: a demo person who already has an episode is left as it is, so running again
adds nothing and keeps what people changed while trying the demo."""

import datetime

from django.utils import timezone

from gateway.accounts.models import Organisation, User
from gateway.sas import rules
from gateway.sas import services as sas
from gateway.sas.models import Appeal, DischargePlan, Episode, Review, SchemePolicy
from gateway.sas.services.reviews import Input
from gateway.sas.states import STATES, State

from .demo_data import PRACTICES, demo_email
from .foundation_demo import demo_patient, demo_relationships

ICB = "NHS Sussex ICB (demo)"
OTHER_ICB = "NHS Kent and Medway ICB (demo)"
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


def _fresh(episode):
    """Services that act on a copy of the episode leave ours behind: read it again."""
    episode.refresh_from_db()
    return episode


def _review_with_inputs(cast, episode):
    """The review scheduled at allocation, with the SAS practice's report and the patient's
    own view (docs/domain/sas-reviews-and-discharge.md#reviews, Fulfilling Lives South East's SAS
    report: the patient's voice is heard)."""
    actor, organisation = cast.sas_actor(episode)
    review = Review.objects.get(episode=episode, status=Review.Status.SCHEDULED)
    for kind, text, how in [
        (
            Input.PRACTICE_REPORT,
            "Attends appointments; no incidents since allocation (demo).",
            "",
        ),
        (
            Input.PATIENT_VIEW,
            "I want to be back with a local practice near my family (demo).",
            "support_worker",
        ),
    ]:
        sas.record_review_input(actor, organisation, review, kind, review.version, text, how)
    return review


def _plan(cast):
    return {
        "target_practice": cast.orgs["Kemp Town Medical Centre (demo)"],
        "target_practice_note": "",
        "medication_cover": "The SAS practice prescribes until the new registration.",
        "referrals_to_hand_over": "Community mental health team referral (demo).",
        "stay_in_touch_months": 3,
    }


def _decide_review(cast, episode, decision):
    actor, organisation = cast.sas_actor(episode)
    review = _review_with_inputs(cast, episode)
    data = {
        "held_on": timezone.localdate(),
        "patient_took_part": Review.HowTookPart.IN_PERSON,
        "decision": decision,
    }
    if decision == Review.Decision.REMAIN:
        data["reasons"] = "Two incidents at the SAS practice this year (demo)."
        data["what_would_change_it"] = "Six months without an incident, and keeping to the plan."
    else:
        data["reasons"] = "No incidents for a year, and a practice near home will register them."
        data.update(_plan(cast))
    sas.decide_review(actor, organisation, review, episode.version, data)
    return _fresh(episode)


def _lodge_appeal(cast, episode):
    return sas.lodge_appeal(
        cast.commissioner,
        cast.icb,
        episode,
        {
            "against": Appeal.Against.PLACEMENT,
            "received_on": timezone.localdate(),
            "means": Appeal.Means.PHONE,
            "lodged_by": Appeal.LodgedBy.REPRESENTATIVE,
            "representative_name": "Sam Support",
            "representative_relationship": "Support worker, Sussex Outreach (demo)",
            "grounds": "The patient says the incident did not happen as reported (demo).",
        },
    )


def _decide_appeal(cast, episode, outcome, reasons):
    appeal = _lodge_appeal(cast, episode)
    # The panel decides after the appeal is acknowledged and the panel arranged.
    today = timezone.localdate()
    appeal = sas.record_acknowledgement(cast.commissioner, cast.icb, appeal, appeal.version, today)
    appeal = sas.schedule_panel(cast.commissioner, cast.icb, appeal, appeal.version, today)
    sas.decide_appeal(
        cast.panel, cast.icb, appeal, appeal.version, outcome, reasons, timezone.localdate()
    )
    return _fresh(episode)


def _change(cast, episode, code, actor=None, organisation=None, reason="", **kwargs):
    actor, organisation = actor or cast.commissioner, organisation or cast.icb
    sas.record_change(actor, organisation, episode, code, episode.version, reason, **kwargs)
    return episode


def other_area(cast):
    """The commissioner a demo patient moves to (docs/adr/0011: a new episode there)."""
    kent, _ = Organisation.objects.get_or_create(
        name=OTHER_ICB,
        kind=Organisation.Kind.COMMISSIONER,
        defaults={"ods_code": "QKS", "region": "South East"},
    )
    return kent


def _walk(cast, episode, spec):
    """Take a reported episode to the spec's state."""
    target = spec["state"]
    if target == State.REPORTED:
        return
    if target == State.ENTERED_IN_ERROR:
        _change(cast, episode, "entered_in_error", reason="Reported for the wrong person.")
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
            "Shouting at reception is not violence under the scheme's rules.",
        )
        return
    practice = cast.orgs[spec["sas_practice"]]
    # Allocation also schedules the first review (services.allocate).
    sas.allocate(cast.commissioner, cast.icb, episode, practice, episode.version)
    if target == State.AWAITING_APPROVAL:
        return  # police told late: a second commissioner must confirm
    _after_allocation(cast, episode, target)


def _after_allocation(cast, episode, target):
    actor, organisation = cast.sas_actor(episode)
    if target == State.ALLOCATED:
        _lodge_appeal(cast, episode)  # waiting for the acknowledgement
    elif target == State.UNDER_REVIEW:
        review = _review_with_inputs(cast, episode)
        sas.start_review(actor, organisation, review, episode.version)
    elif target == State.REMAINING:
        episode = _decide_appeal(
            cast,
            episode,
            Appeal.Status.DISMISSED,
            "The incident is confirmed by two witnesses and the police report (demo).",
        )
        _decide_review(cast, episode, Review.Decision.REMAIN)
    elif target == State.DISCHARGE_PLANNED:
        _decide_review(cast, episode, Review.Decision.DISCHARGE)
    elif target == State.DISCHARGED:
        # An exception discharge panel, then the new registration completes it.
        sas.exception_discharge(
            cast.panel,
            cast.icb,
            episode,
            episode.version,
            {
                "reasons": "Settled and well supported; the panel sees no risk (demo).",
                "held_on": timezone.localdate(),
                "patient_took_part": Review.HowTookPart.THROUGH_WORKER,
                **_plan(cast),
            },
        )
        plan = DischargePlan.objects.get(episode=episode)
        sas.complete_discharge(
            actor,
            organisation,
            episode,
            episode.version,
            plan.target_practice,
            timezone.localdate(),
        )
    elif target == State.ON_HOLD_CUSTODY:
        _change(cast, episode, "custody", actor, organisation)
    elif target == State.TRANSFERRED_OUT:
        _change(
            cast,
            episode,
            "transfer",
            reason="Moved to Kent; Kent's scheme told (demo).",
            to_commissioner=other_area(cast),
        )
    elif target == State.OVERTURNED:
        _decide_appeal(
            cast,
            episode,
            Appeal.Status.UPHELD,
            "The panel upheld the appeal: the incident did not happen as reported (demo).",
        )
    elif target == State.ENDED_DEATH:
        _change(cast, episode, "death", actor, organisation)
    elif target == State.ENDED_REGISTERED_BY_MISTAKE:
        _change(
            cast,
            episode,
            "registered_by_mistake",
            reason="The practice reported the wrong person with the same name (demo).",
        )


def _policy(cast):
    policy = SchemePolicy.objects.filter(commissioner=cast.icb).order_by("-version").first()
    if policy is None:
        policy = sas.create_policy_version(cast.commissioner, cast.icb, POLICY_STARTS)
    return policy


def load_sas_demo(orgs):
    """Called by load_demo inside its transaction. Returns how many episodes were added."""
    cast = Cast(orgs)
    _policy(cast)  # the services read the policy in force
    users = {PRESTON: cast.practice_user}
    added = 0
    now = timezone.now().replace(microsecond=0)
    for spec in SAS_PATIENTS:
        patient, _ = demo_patient(spec, orgs, users)
        demo_relationships(patient, spec, orgs)
        if Episode.objects.filter(patient=patient).exists():
            continue
        # The reported one waits past its 24-hour target, so the worklist shows it overdue.
        hours_ago = 72 if spec["state"] == State.REPORTED else 5
        data = report_data(
            now, police_late=spec["state"] == State.AWAITING_APPROVAL, hours_ago=hours_ago
        )
        episode = sas.submit_removal_report(cast.practice_user, cast.practice, patient, data)
        _walk(cast, episode, spec)
        added += 1
    return added
