"""The SAS part of the home page: the worklist summary; for commissioners, removal reports to
screen with the time left of the 24-hour target and anything that stops Gateway writing to
people on the scheme (a missing appeals contact); for panel members and commissioners, the
appeals waiting for the panel; for practices, a way to report a removal."""

from django.utils import timezone

from gateway.accounts.models import Organisation, Role

from .queries import (
    has_panel_queue,
    home_counts,
    panel_queue,
    panel_queue_counts,
    screening_summary,
)

# Set by the panel queue's view (gateway.sas.views.panel) to the count its page shows.
PANEL_QUEUE_COUNTED = "panel_queue_count"


def _whole_hours(delta):
    return int(delta.total_seconds() // 3600)


def section(request):
    organisation = getattr(request, "current_organisation", None)
    roles = getattr(request, "roles", set())
    counts = home_counts(request.user, organisation, roles)
    if counts is None:
        return None
    screening, gaps = None, []
    if Role.COMMISSIONER in roles and organisation.kind == Organisation.Kind.COMMISSIONER:
        gaps = organisation.appeal_contact_gaps()
        screening = screening_summary(request.user, organisation)
        due, now = screening["oldest_due_at"], timezone.now()
        screening["hours_left"] = _whole_hours(due - now) if due and due >= now else None
        screening["hours_past"] = _whole_hours(now - due) if due and due < now else None
    panel = None
    if has_panel_queue(organisation, roles):
        panel = panel_queue_counts(request.user, organisation)
    can_report = Role.PRACTICE_STAFF in roles and organisation.kind == Organisation.Kind.GP_PRACTICE
    return {
        "template": "sas/home/_section.jinja",
        "work_counts": counts,
        "screening": screening,
        "panel": panel,
        "can_report": can_report,
        "contact_gaps": gaps,
        "organisation": organisation,
    }


def panel_menu_text(request, roles):
    """The panel's queue in the menu: for panel members with how many appeals wait for them
    (one count), for the commissioners who run the panels as a plain link; None for
    everyone else."""
    organisation = request.current_organisation
    if not has_panel_queue(organisation, roles):
        return None
    if "panel_member" not in roles:
        return "Appeals for the panel"
    # The panel queue's own page has just counted the same rows: the menu says that number
    # rather than counting them again (one query fewer on the page that is the queue).
    count = getattr(request, PANEL_QUEUE_COUNTED, None)
    if count is None:
        count = panel_queue(request.user, organisation).order_by().count()
    return f"Appeals for the panel ({count})"
