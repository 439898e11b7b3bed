"""The "Your clients" summary on a support worker's home page: how many
people they support and how many have a date in the next four weeks or overdue, counted to
25 at most ("25 or more"). One query (gateway/core/home.py)."""

from .queries import caseload


def section(request):
    organisation = getattr(request, "current_organisation", None)
    if organisation is None or not request.user.has_perm("patients.view_caseload", organisation):
        return None
    return {
        "template": "patients/home/_section.jinja",
        "counts": caseload.summary(request.user, organisation),
    }
