"""Whose figures a person may see and download, and how: an NHS England analyst sees every
commissioner side by side with small numbers suppressed (gateway/insight/national.py); a
commissioner sees their own area in full, as they already see the people behind it. Anyone
else is refused. The pages, exports and yearly return all ask here, so no door leads round
the suppression."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied

from gateway.core.permissions import NOT_ALLOWED

from . import exports, national
from .kept import Memo
from .queries import kept as kept_figures
from .queries import national as national_queries
from .queries.common import is_commissioner
from .queries.scope import Scope
from .sections import SECTIONS

NATIONAL_PERMISSION = "insight.view_national"
AREA_PERMISSION = "insight.export_area"
# A commissioner's own area: the dashboard's sections, each (scope, period) -> Section.
AREA_SECTIONS = SECTIONS
NATIONAL_TITLE = "Every area side by side"
NATIONAL_NAME = "england"


@dataclass(frozen=True)
class Figures:
    title: str
    name: str  # for file names
    period: object
    sections: list
    definitions: list
    notes: list = field(default_factory=list)
    national: bool = False
    # (earliest, latest) moment the figures were worked out when the daily job kept them
    # (ADR 0064); None when counted for this request.
    worked_out: tuple | None = None


def is_national(request):
    organisation = getattr(request, "current_organisation", None)
    return organisation is not None and request.user.has_perm(NATIONAL_PERMISSION, organisation)


def is_area(request):
    """A commissioner, for their own area."""
    organisation = getattr(request, "current_organisation", None)
    return (
        organisation is not None
        and is_commissioner(organisation)
        and request.user.has_perm(AREA_PERMISSION, organisation)
    )


# National views built from kept figures (ADR 0064), by period and each area's id, name and
# time its figures were worked out: everything the view is made from.
_KEPT_VIEWS = Memo(16)


def national_view(areas, period, kept_on=None):
    """(the national view of the areas for period, (earliest, latest) moment its figures were
    worked out): from the figures kept on kept_on when every area's are, else counted now
    (None)."""
    if kept_on is not None and areas:
        times = kept_figures.worked_out(areas, period, kept_on)
        if len(times) == len(areas):
            found = _KEPT_VIEWS.get(_view_key(areas, period, times))
            if found is not None:
                return found
            kept = kept_figures.for_areas(areas, period, kept_on)
            if kept is not None:
                sections, times = kept
                made = national.build(areas, period, kept=sections)
                worked_out = (min(times.values()), max(times.values()))
                return _KEPT_VIEWS.put(_view_key(areas, period, times), (made, worked_out))
    return national.build(areas, period), None


def _view_key(areas, period, times):
    return period, tuple((c.pk, c.name, times[c.pk]) for c in areas)


def figures_for(request, period, sas_practice=None, kept_on=None):
    """The figures request's person may see for period (a commissioner's for one of their SAS
    practices when given), or PermissionDenied. kept_on: a day (today) whose kept figures
    the national view reads when every area's are kept (ADR 0064); otherwise counted now."""
    user, organisation = request.user, getattr(request, "current_organisation", None)
    if is_national(request):
        areas = list(national_queries.commissioners(organisation))
        view, worked_out = national_view(areas, period, kept_on)
        return Figures(
            NATIONAL_TITLE,
            NATIONAL_NAME,
            period,
            view.sections,
            view.definitions,
            notes=[national.SUPPRESSION.meaning],
            national=True,
            worked_out=worked_out,
        )
    if is_area(request):
        scope = Scope(
            commissioner=organisation,
            sas_practice=sas_practice,
            viewer=user,
            organisation=organisation,
        )
        sections = [function(scope, period) for function in AREA_SECTIONS]
        title, name = organisation.name, organisation.ods_code or organisation.name
        if sas_practice is not None:
            title += f", {sas_practice.name}"
            name += f"-{sas_practice.ods_code or sas_practice.name}"
        return Figures(
            title,
            name,
            period,
            sections,
            exports.definitions_in(sections),
        )
    raise PermissionDenied(NOT_ALLOWED)
