"""The episode's timeline in plain English, newest first, from the rows
gateway.sas.queries.episode_timeline_rows loads."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from gateway.core.formats import long_date

from ..states import STATE_LABELS

TRANSITION_WORDS = {
    "report": "Removal reported",
    "start_screening": "Screening started",
    "request_more_information": "Asked the removing practice for more information",
    "provide_more_information": "More information sent to the commissioner",
    "send_for_approval": "Sent for the commissioner's approval",
    "allocate": "Allocated",
    "began_before_gateway": "On the scheme before Gateway was used: allocated",
    "reviewed_before_gateway": "Reviewed before Gateway was used: remains on the scheme",
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
    # Not a state change: the person moved SAS practice when theirs closed or merged.
    "practice_moved": "Moved to another SAS practice",
}

# Rows written when a commissioner brought the episode from their own records: the reason
# says where from, when and by whom ("Imported from ... on ... by ...").
IMPORTED = frozenset({"began_before_gateway", "reviewed_before_gateway"})


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
    if row.transition in ("allocate", "began_before_gateway"):
        words += _allocated_to(row, allocations, episode)
    if row.transition in IMPORTED:
        # Who pressed the button is in the reason: they imported it, not allocated it.
        return f"{words}. {row.reason}." if row.reason else f"{words}."
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
