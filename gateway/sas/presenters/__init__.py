"""How episodes, deadlines, worklist items, the timeline and a review's inputs read on the
page. Display logic only: everything here works on rows already loaded by
gateway.sas.queries. One module per page part; the names callers use are exported here."""

from .deadlines import WorkItem, deadline_rows, due_text, work_items
from .episode import (
    ACTION_URLS,
    APPEAL_WINDOW_PREFIX,
    PAGE_ROLES,
    SHARED_PAGES,
    STATE_MEANINGS,
    action_links,
    can_record_appeal,
    state_meaning,
)
from .episode_timeline import TRANSITION_WORDS, TimelineEntry, timeline
from .reviews import HEARD_ORDER, NOT_ASKED_YET, review_heard

__all__ = [
    "ACTION_URLS",
    "APPEAL_WINDOW_PREFIX",
    "HEARD_ORDER",
    "NOT_ASKED_YET",
    "PAGE_ROLES",
    "SHARED_PAGES",
    "STATE_MEANINGS",
    "TRANSITION_WORDS",
    "TimelineEntry",
    "WorkItem",
    "action_links",
    "can_record_appeal",
    "deadline_rows",
    "due_text",
    "review_heard",
    "state_meaning",
    "timeline",
    "work_items",
]
