"""The caseload import's part of the home page: for a commissioner, the way in. No queries."""

from .queries import PERMISSION


def section(request):
    organisation = getattr(request, "current_organisation", None)
    if organisation is None or not request.user.has_perm(PERMISSION, organisation):
        return None
    return {"template": "imports/caseloads/home/_section.jinja"}
