"""The home page's way to the insight downloads that are not on the dashboard: for an NHS
England analyst, the national view and the yearly returns; for a commissioner, their own
area's yearly return. No queries (gateway/core/home.py)."""

from django.utils import timezone

from . import audience, period_choice
from .queries.common import is_commissioner


def section(request):
    organisation = getattr(request, "current_organisation", None)
    if organisation is None:
        return None
    national = audience.is_national(request)
    if not national and not (
        is_commissioner(organisation)
        and request.user.has_perm(audience.AREA_PERMISSION, organisation)
    ):
        return None
    return {
        "template": "insight/home/_national.jinja",
        "national": national,
        "return_years": period_choice.return_years(timezone.localdate()),
    }
