"""The insight part of the home page: for a commissioner, the way to how their scheme is doing.
No queries: the figures are on the dashboard."""

from .permissions import DASHBOARD_PERMISSION
from .queries.common import is_commissioner


def section(request):
    organisation = getattr(request, "current_organisation", None)
    if not is_commissioner(organisation):
        return None
    if not request.user.has_perm(DASHBOARD_PERMISSION, organisation):
        return None
    return {"template": "insight/home/_section.jinja"}
