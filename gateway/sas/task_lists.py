"""Presenters for the appeal's and the review's task lists (the NHS.UK task list pattern):
each step in the order it happens, with its status and its due date, in the item shape the
`nhsuk/components/task-list` macro reads. Display only: the steps' rules live in the
services and gateway.sas.rules."""

from django.utils import timezone

from gateway.core.formats import long_date

from .models import Appeal, Review
from .rules import steps_missing_before_decision

COMPLETED = "Completed"
NOT_STARTED = "Not started"
IN_PROGRESS = "In progress"
OVERDUE = "Overdue"
CANNOT_START = "Cannot start yet"
NOT_NEEDED = "No longer needed"
NOT_GIVEN = "Not given"


def _status(words):
    """The status cell as the NHS pattern shows it: completed in plain text, work to do as a
    tag, steps that cannot start yet in grey text."""
    if words == COMPLETED:
        return {"text": COMPLETED, "classes": "nhsuk-task-list__status--completed"}
    if words in (CANNOT_START, NOT_NEEDED, NOT_GIVEN):
        return {"text": words, "classes": "nhsuk-task-list__status--cannot-start-yet"}
    colour = {OVERDUE: "red", IN_PROGRESS: "light-blue"}.get(words, "blue")
    return {"tag": {"text": words, "classes": f"nhsuk-tag--{colour}"}}


def _item(heading, status, hint="", href=None):
    item = {"heading": heading, "status": _status(status), "status_words": status}
    if hint:
        item["hint"] = hint
    if href:
        item["href"] = href
    return item


def _to_do(due_on, today):
    return OVERDUE if due_on is not None and due_on < today else NOT_STARTED


def _due(due_on):
    return f"Due by {long_date(due_on)}" if due_on else ""


def _open_due(deadlines, kind):
    """The due date of the step's deadline still to be met (the latest set), or None."""
    rows = [d for d in deadlines if d.kind == kind and d.cancelled_at is None]
    return rows[-1].due_on if rows else None


def appeal_tasks(appeal, deadlines, *, hrefs=None, today=None):
    """acknowledge → forms back → panel arranged → papers sent → decision. deadlines: the
    appeal's step deadlines (services.appeal_deadlines); hrefs: step name → link, for the
    steps the person may act on."""
    today = today or timezone.localdate()
    hrefs = hrefs or {}
    closed = not appeal.is_open
    tasks = []

    def add(name, heading, done_on, done_hint, status_if_not, hint_if_not):
        if done_on:
            tasks.append(_item(heading, COMPLETED, done_hint))
        elif closed:
            tasks.append(_item(heading, NOT_NEEDED))
        else:
            href = hrefs.get(name) if status_if_not != CANNOT_START else None
            tasks.append(_item(heading, status_if_not, hint_if_not, href))

    due = _open_due(deadlines, "appeal_acknowledgement")
    add(
        "acknowledge",
        "Acknowledge the appeal and send the appeal form",
        appeal.acknowledged_on,
        f"Sent {long_date(appeal.acknowledged_on)}" if appeal.acknowledged_on else "",
        _to_do(due, today),
        _due(due),
    )

    patient_form, practice_form = appeal.patient_form_received_on, appeal.practice_form_received_on
    both = patient_form and practice_form
    parts, form_dues = [], []
    for words, got, kind in (
        ("Patient's form", patient_form, "patient_appeal_form"),
        ("Removing practice's form", practice_form, "practice_incident_form"),
    ):
        if got:
            parts.append(f"{words}: back {long_date(got)}")
            continue
        form_due = _open_due(deadlines, kind)
        form_dues.append(form_due)
        parts.append(f"{words}: due by {long_date(form_due)}" if form_due else f"{words}: not back")
    form_status = IN_PROGRESS if (patient_form or practice_form) else NOT_STARTED
    if any(d is not None and d < today for d in form_dues):
        form_status = OVERDUE
    add(
        "forms",
        "Get both forms back",
        both and max(patient_form, practice_form),
        ". ".join(parts),
        form_status,
        ". ".join(parts),
    )

    panel_due = _open_due(deadlines, "appeal_panel")
    add(
        "panel",
        "Arrange the panel",
        appeal.panel_on,
        f"Panel on {long_date(appeal.panel_on)}" if appeal.panel_on else "",
        _to_do(panel_due, today),
        f"The panel must meet by {long_date(panel_due)}"
        if panel_due
        else "The date the panel must meet by is set when both forms are back",
    )

    papers_due = _open_due(deadlines, "panel_papers")
    add(
        "papers",
        "Send the papers to the panel",
        appeal.papers_sent_on,
        f"Sent {long_date(appeal.papers_sent_on)}" if appeal.papers_sent_on else "",
        _to_do(papers_due, today) if appeal.panel_on else CANNOT_START,
        _due(papers_due) if appeal.panel_on else "Arrange the panel first",
    )

    decision_due = appeal.panel_on or panel_due
    if appeal.status in (Appeal.Status.UPHELD, Appeal.Status.DISMISSED):
        tasks.append(
            _item(
                "Panel decision",
                COMPLETED,
                f"{appeal.get_status_display()} on {long_date(appeal.decided_on)}",
            )
        )
    elif appeal.status == Appeal.Status.WITHDRAWN:
        tasks.append(
            _item("Panel decision", NOT_NEEDED, f"Withdrawn on {long_date(appeal.decided_on)}")
        )
    elif steps_missing_before_decision(appeal.acknowledged_on, appeal.panel_on):
        tasks.append(
            _item(
                "Panel decision",
                CANNOT_START,
                "The appeal must be acknowledged and the panel arranged first",
            )
        )
    else:
        tasks.append(
            _item(
                "Panel decision",
                _to_do(decision_due, today),
                f"Due on the panel date, {long_date(appeal.panel_on)}",
                hrefs.get("decide"),
            )
        )
    return tasks


def review_tasks(review, inputs, requests, inputs_due_on, *, hrefs=None, today=None):
    """practice report, the person's view, support input → decide. inputs: the review's
    input rows (label, text, received_at by kind); requests: the deadlines that asked for
    them by deadline kind; hrefs: input kind or "decide" → link, where the person may act."""
    from .services.review_scheduling import INPUTS

    today = today or timezone.localdate()
    hrefs = hrefs or {}
    scheduled = review.status == Review.Status.SCHEDULED
    tasks = []
    for row in inputs:
        request = requests.get(INPUTS[row["kind"]][0])
        due_on = request.due_on if request is not None else inputs_due_on
        if row["text"]:
            tasks.append(
                _item(
                    row["label"],
                    COMPLETED,
                    f"Received {long_date(row['received_at'])}",
                    hrefs.get(row["kind"]),
                )
            )
        elif scheduled:
            tasks.append(
                _item(row["label"], _to_do(due_on, today), _due(due_on), hrefs.get(row["kind"]))
            )
        else:
            tasks.append(_item(row["label"], NOT_GIVEN))
    decide = "Decide: remain on the scheme or discharge"
    if review.status == Review.Status.DECIDED:
        tasks.append(
            _item(
                decide,
                COMPLETED,
                f"{review.get_decision_display()}, decided at the review held "
                f"{long_date(review.held_on)}",
            )
        )
    elif review.status == Review.Status.CANCELLED:
        tasks.append(_item(decide, NOT_NEEDED))
    else:
        tasks.append(
            _item(decide, _to_do(review.due_on, today), _due(review.due_on), hrefs.get("decide"))
        )
    return tasks
