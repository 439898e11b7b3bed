"""The SAS part of the home page: the worklist summary; for commissioners, removal reports to
screen with the time left of the 24-hour target and anything that stops Gateway writing to
people on the scheme (a missing appeals contact); for panel members and commissioners, the
appeals waiting for the panel; for practices, a way to report a removal. One query for all
its figures (gateway/sas/queries/home.py)."""

from django.utils import timezone

from gateway.accounts.models import Organisation, Role

from .queries import has_panel_queue, panel_queue
from .queries.home import home_figures

# The panel's queue counted already by the page being served (the home page's SAS section, or
# the queue's own page, gateway.sas.views.panel): the menu on that page says that count
# instead of counting the same rows again (one query fewer).
PANEL_QUEUE_COUNTED = "_sas_panel_queue_counted"


def _whole_hours(delta):
    return int(delta.total_seconds() // 3600)


def section(request):
    organisation = getattr(request, "current_organisation", None)
    roles = getattr(request, "roles", set())
    found = home_figures(request.user, organisation, roles)
    if found is None:
        return None
    screening, gaps = found["screening"], []
    if screening is not None:
        gaps = organisation.appeal_contact_gaps()
        due, now = screening["oldest_due_at"], timezone.now()
        screening["hours_left"] = _whole_hours(due - now) if due and due >= now else None
        screening["hours_past"] = _whole_hours(now - due) if due and due < now else None
    if found["panel"] is not None:
        setattr(request, PANEL_QUEUE_COUNTED, found["panel"]["waiting"])
    can_report = Role.PRACTICE_STAFF in roles and organisation.kind == Organisation.Kind.GP_PRACTICE
    return {
        "template": "sas/home/_section.jinja",
        "work_counts": found["work_counts"],
        "screening": screening,
        "panel": found["panel"],
        "can_report": can_report,
        "contact_gaps": gaps,
        "organisation": organisation,
    }


def panel_menu_text(request, roles):
    """The panel's queue in the menu: for panel members with how many appeals wait for them
    (one count, or none on the home page, which counted them), for the commissioners who
    run the panels as a plain link; None for everyone else."""
    organisation = request.current_organisation
    if not has_panel_queue(organisation, roles):
        return None
    if "panel_member" not in roles:
        return "Appeals for the panel"
    count = getattr(request, PANEL_QUEUE_COUNTED, None)
    if count is None:
        count = panel_queue(request.user, organisation).order_by().count()
    return f"Appeals for the panel ({count})"
