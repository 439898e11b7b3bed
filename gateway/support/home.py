"""The "Your actions" summary on the home page (issue 6 item 4): open actions the person
owns, overdue ones counted first, and working agreements they lead that are due for review.
A fixed number of queries (gateway/core/home.py)."""

from .team_queries import worklist_counts


def section(request):
    organisation = getattr(request, "current_organisation", None)
    if organisation is None or not request.user.has_perm("support.view_support", organisation):
        return None
    counts = worklist_counts(request.user, organisation)
    if not (counts["open"] or counts["reviews_due"]):
        return None
    return {"template": "support/home/_section.jinja", "counts": counts}
