"""The SAS worklist summary on the home page."""

from .queries import home_counts


def section(request):
    counts = home_counts(
        request.user,
        getattr(request, "current_organisation", None),
        getattr(request, "roles", set()),
    )
    if counts is None:
        return None
    return {"template": "sas/home/_section.jinja", "work_counts": counts}
