"""How deadlines and worklist items read: when each is due, in words, and whether it is
overdue."""

import datetime
from dataclasses import dataclass

from django.utils import timezone


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
