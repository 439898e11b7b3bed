"""How episodes, deadlines, worklist items and the timeline read on the page. Display logic
only: everything here works on rows already loaded by gateway.sas.queries."""

import datetime
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gateway.core.formats import long_date

from .services.reports import ANSWER_ROLES, SCREEN_ROLES
from .states import ACTIVE_STATES, STATE_LABELS, TERMINAL_STATES, State

# What custody pauses and what happens on release (docs/adr/0019).
_CUSTODY_PAUSE = (
    "Review and discharge dates are paused: they are on no worklist and do not go overdue. "
    "When the patient is released, the episode goes back to where it was, and those dates "
    "move on by the time spent in custody. Appeal dates keep running."
)

# What each state means for the people involved, beyond the few words of STATE_LABELS.
STATE_MEANINGS = {
    State.REPORTED: (
        "The practice has reported an immediate removal. The removal took effect when they "
        "gave notice. The commissioner has not started screening the report yet."
    ),
    State.SCREENING: (
        "The commissioner is checking the report against the scheme's rules before "
        "deciding whether to allocate the patient to an SAS practice."
    ),
    State.MORE_INFORMATION_REQUESTED: (
        "The commissioner has asked the removing practice for more information. Screening "
        "carries on when the practice answers."
    ),
    State.AWAITING_APPROVAL: (
        "The police were not told about the incident, or were told late, so the "
        "commissioner must approve the removal before the patient is allocated."
    ),
    State.ALLOCATED: (
        "The patient is on the scheme and must go to their SAS practice only. They can "
        "appeal, and they will be reviewed."
    ),
    State.DECLINED: (
        "The report did not qualify. The patient stays registered with the practice, and "
        "the practice and patient have been told."
    ),
    State.UNDER_REVIEW: (
        "A review of whether the patient still needs to be on the scheme is under way. "
        "The patient's own view is part of the review."
    ),
    State.REMAINING: (
        "A review decided the patient stays on the scheme for now. The review says what "
        "would change that decision and when the next review is."
    ),
    State.DISCHARGE_PLANNED: (
        "A review decided the patient can leave the scheme. The SAS practice is helping "
        "them register with a mainstream practice."
    ),
    State.DISCHARGED: (
        "The patient has left the scheme. A practice cannot remove them because of the "
        "old incident."
    ),
    State.ON_HOLD_CUSTODY: ("The patient is in custody. " + _CUSTODY_PAUSE),
    State.TRANSFERRED_OUT: (
        "The patient moved to another area. That area's scheme now looks after them."
    ),
    State.OVERTURNED: (
        "An appeal panel upheld the patient's appeal. They are free to register with any practice."
    ),
    State.ENDED_DEATH: "The patient has died. The episode is closed.",
    State.ENDED_REGISTERED_BY_MISTAKE: (
        "The patient was placed on the scheme by mistake. The episode is closed."
    ),
    State.ENTERED_IN_ERROR: ("This episode was recorded in error. It is kept for the record only."),
}


def state_meaning(episode, custody_period=None):
    """What the episode's state means; in custody, since when."""
    if episode.state == State.ON_HOLD_CUSTODY and custody_period is not None:
        since = long_date(custody_period.started_on)
        return f"The patient has been in custody since {since}. {_CUSTODY_PAUSE}"
    return STATE_MEANINGS[episode.state]


# Where each transition is done: (URL name, what the URL's id is).
ACTION_URLS = {
    "start_screening": ("sas:screen", "episode"),
    "request_more_information": ("sas:request-information", "episode"),
    "provide_more_information": ("sas:answer-information", "episode"),
    "send_for_approval": ("sas:screen", "episode"),
    "allocate": ("sas:allocate", "episode"),
    "decline": ("sas:decline", "episode"),
    "start_review": ("sas:review-detail", "review"),
    "decide_remain": ("sas:review-decide", "review"),
    "decide_discharge": ("sas:review-decide", "review"),
    "exception_discharge": ("sas:exception-discharge", "episode"),
    "complete_discharge": ("sas:discharge-complete", "episode"),
    "enter_custody": ("sas:episode-change", "episode"),
    "release_from_custody": ("sas:episode-change", "episode"),
    "transfer_out": ("sas:episode-change", "episode"),
    "uphold_appeal": ("sas:appeal-decide", "appeal"),
    "record_death": ("sas:episode-change", "episode"),
    "end_registered_by_mistake": ("sas:episode-change", "episode"),
    "mark_entered_in_error": ("sas:episode-change", "episode"),
}
# Pages that serve several transitions are told which one.
SHARED_PAGES = {"sas:episode-change", "sas:screen", "sas:review-decide"}
# Pages that let in fewer roles than the transitions they serve: the episode page offers
# their links only to the roles the page lets in, so nobody is sent to "you cannot do this".
PAGE_ROLES = {
    "sas:screen": SCREEN_ROLES,
    "sas:answer-information": ANSWER_ROLES,
}


def _reverse(name, public_id):
    try:
        return reverse(name, kwargs={"public_id": public_id})
    except NoReverseMatch:
        return None


def action_links(transitions, episode, appeal=None, review=None, roles=None):
    """Links for the transitions the user may do now. A page another part has not built
    yet has no URL name, so its link is left out rather than breaking this page; so is a
    page that does not let in any of the user's roles on the episode (when roles is given)."""
    targets = {"episode": episode, "appeal": appeal, "review": review}
    links = []
    for transition in transitions:
        name, target = ACTION_URLS.get(transition.name, (None, None))
        obj = targets.get(target)
        if name is None or obj is None:
            continue
        if roles is not None and name in PAGE_ROLES and not PAGE_ROLES[name] & set(roles):
            continue
        href = _reverse(name, obj.public_id)
        if href is None:
            continue
        if name in SHARED_PAGES:
            href = f"{href}?action={transition.name}"
        links.append({"href": href, "text": transition.action[:1].upper() + transition.action[1:]})
    return links


APPEAL_WINDOW_PREFIX = "appeal_against_"


def can_record_appeal(episode, may_lodge, open_deadlines, open_appeal):
    """Offer "Record an appeal" only while there is something to appeal against that has not
    been appealed: an appeal window still open on the episode (lodging an appeal closes it,
    so a dismissed appeal does not bring the offer back; a window past its date stays open
    for a late appeal) and no appeal in progress. may_lodge: the user holds a role that
    records appeals on this episode."""
    return (
        episode.state in ACTIVE_STATES
        and may_lodge
        and open_appeal is None
        and any(d.kind.startswith(APPEAL_WINDOW_PREFIX) for d in open_deadlines)
    )


def _days(n):
    return "1 day" if n == 1 else f"{n} days"


def due_text(due_on, today=None):
    """'Overdue by 3 days', 'Due today', 'Due in 5 days'."""
    today = today or timezone.localdate()
    difference = (due_on - today).days
    if difference < 0:
        return f"Overdue by {_days(-difference)}"
    if difference == 0:
        return "Due today"
    return f"Due in {_days(difference)}"


def deadline_rows(deadlines, today=None):
    today = today or timezone.localdate()
    return [
        {
            "deadline": d,
            "describe": d.describe(),
            "overdue": d.due_on < today,
            "due_text": due_text(d.due_on, today),
            "rule": d.rule,
            "source": d.source(),
            "policy_version": d.policy.version,
        }
        for d in deadlines
    ]


@dataclass
class WorkItem:
    what: str
    patient_name: str
    due_on: datetime.date
    due_text: str
    overdue: bool
    episode: object
    detail: str = ""


def work_items(objects, today=None):
    """Worklist rows from Deadline and InformationRequest objects (already loaded)."""
    today = today or timezone.localdate()
    items = []
    for obj in objects:
        if hasattr(obj, "question"):
            what = "Practice to send the information asked for"
            detail = obj.question
        else:
            what, detail = obj.label, obj.explanation
        items.append(
            WorkItem(
                what=what,
                patient_name=obj.episode.patient.display_name,
                due_on=obj.due_on,
                due_text=due_text(obj.due_on, today),
                overdue=obj.due_on < today,
                episode=obj.episode,
                detail=detail,
            )
        )
    return items


# --- Timeline ---------------------------------------------------------------------------

TRANSITION_WORDS = {
    "report": "Removal reported",
    "start_screening": "Screening started",
    "request_more_information": "Asked the removing practice for more information",
    "provide_more_information": "More information sent to the commissioner",
    "send_for_approval": "Sent for the commissioner's approval",
    "allocate": "Allocated",
    "decline": "Report declined: the patient stays with their practice",
    "start_review": "Review started",
    "decide_remain": "Review decided the patient remains on the scheme",
    "decide_discharge": "Review decided to discharge the patient",
    "exception_discharge": "Early discharge agreed by exception",
    "complete_discharge": "Discharge completed",
    "enter_custody": "Put on hold while the patient is in custody",
    "release_from_custody": "Resumed after release from custody",
    "transfer_out": "Transferred to another area's scheme",
    "uphold_appeal": "Appeal upheld: the patient leaves the scheme",
    "record_death": "Recorded that the patient died",
    "end_registered_by_mistake": "Ended: the patient was placed on the scheme by mistake",
    "mark_entered_in_error": "Marked as entered in error",
}


@dataclass
class TimelineEntry:
    at: datetime.datetime
    text: str

    @property
    def date_text(self):
        return long_date(self.at)


def _as_datetime(value):
    if isinstance(value, datetime.datetime):
        return value
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time(12)))


def _who(row, episode):
    if not row.actor_name:
        return ""
    part = ""
    if row.organisation_id:
        if row.organisation_id == episode.commissioner_id:
            part = "commissioner"
        elif row.organisation_id == episode.sas_practice_id:
            part = "SAS practice"
        elif row.organisation_id == episode.removing_practice_id:
            part = "removing practice"
        else:
            part = row.organisation.name
    return f" by {row.actor_name}" + (f" ({part})" if part else "")


def _allocated_to(row, allocations, episode):
    """The practice allocated at that step: the allocation written with it, else the
    episode's practice."""
    window = row.at + datetime.timedelta(minutes=5)
    chosen = [a for a in allocations if a.created_at <= window]
    practice = chosen[-1].sas_practice if chosen else episode.sas_practice
    return f" to {practice.name}" if practice else ""


def _history_text(row, episode, allocations):
    words = TRANSITION_WORDS.get(row.transition)
    if words is None:
        words = f"The episode is now {STATE_LABELS.get(row.to_state, row.to_state)}"
    if row.transition == "allocate":
        words += _allocated_to(row, allocations, episode)
    text = f"{words}{_who(row, episode)}."
    if row.reason:
        text += f" Reason given: {row.reason}"
    return text


def timeline(episode, rows):
    """Plain-English entries, newest first, from gateway.sas.queries.episode_timeline_rows."""
    entries = []
    allocations = sorted(rows["allocations"], key=lambda a: (a.created_at, a.pk))
    for row in rows["history"]:
        entries.append(TimelineEntry(row.at, _history_text(row, episode, allocations)))
    for d in rows["deadlines"]:
        if d.met_at:
            entries.append(
                TimelineEntry(d.met_at, f"{d.label}: done (it was due {long_date(d.due_on)}).")
            )
        elif d.cancelled_at:
            entries.append(
                TimelineEntry(
                    d.cancelled_at,
                    f"{d.label}: no longer needed (it was due {long_date(d.due_on)}).",
                )
            )
    for appeal in rows["appeals"]:
        who = "the patient" if appeal.lodged_by == "patient" else "someone representing them"
        entries.append(
            TimelineEntry(
                _as_datetime(appeal.received_on),
                f"Appeal against {appeal.get_against_display().lower()} received from {who} "
                f"({appeal.get_means_display().lower()}).",
            )
        )
        if appeal.decided_on and appeal.status in ("upheld", "dismissed"):
            entries.append(
                TimelineEntry(
                    _as_datetime(appeal.decided_on),
                    f"Appeal {appeal.status} by the panel."
                    + (f" Reasons: {appeal.decision_reasons}" if appeal.decision_reasons else ""),
                )
            )
    for review in rows["reviews"]:
        when = review.decided_at or _as_datetime(review.held_on or review.due_on)
        if review.status == "decided":
            text = f"Review held: {review.get_decision_display().lower()}."
            if review.patient_took_part:
                text += f" The patient's part: {review.get_patient_took_part_display().lower()}."
        else:
            text = "Review cancelled."
        entries.append(TimelineEntry(when, text))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def is_closed(episode):
    return episode.state in TERMINAL_STATES


# --- What a review has heard ------------------------------------------------------------

# The order the decision page reads the review's inputs in: the patient's own view first.
HEARD_ORDER = ("patient-view", "practice-report", "support-worker")
NOT_ASKED_YET = {
    "patient-view": (
        "Not gathered: the patient has not been asked yet. They are asked 4 weeks before "
        "the review is due."
    ),
    "practice-report": (
        "Not received: the SAS practice has not been asked yet. It is asked 4 weeks before "
        "the review is due."
    ),
}


def _missing_reason(kind, request, unreachable, today):
    if request is None:
        return NOT_ASKED_YET[kind]
    asked = f"asked for on {long_date(request.starts_on)}, by {long_date(request.due_on)}"
    if kind == "patient-view":
        text = f"Not gathered: the patient's view was {asked}, and nobody has recorded it."
        if unreachable:
            text += (
                " The letter asking for it did not reach them: no way in their contact plan "
                "worked. Ask their support worker or SAS practice to ask them in person."
            )
        elif request.due_on < today:
            text += " Ask the patient, or their support worker, before deciding without it."
        return text
    return f"Not received: the SAS practice's report was {asked}, and nobody has recorded it."


def review_heard(input_rows, requests, invitation_unreachable, today=None):
    """The review's inputs as the decision page shows them: the patient's own view, then the
    SAS practice's report, each with its words or plainly why it is missing, then the
    support worker's input when there is one. ``requests`` are the deadlines that asked for
    the inputs, by deadline kind (gateway.sas.queries.review_input_requests)."""
    today = today or timezone.localdate()
    by_kind = {row["kind"]: row for row in input_rows}
    heard = []
    for kind in HEARD_ORDER:
        row = dict(by_kind[kind])
        if not row["text"]:
            if kind == "support-worker":
                continue
            request = requests.get(_REQUEST_KINDS[kind])
            row["missing"] = _missing_reason(kind, request, invitation_unreachable, today)
        heard.append(row)
    return heard


_REQUEST_KINDS = {
    "patient-view": "review_patient_view",
    "practice-report": "review_practice_report",
    "support-worker": "review_support_worker_input",
}
