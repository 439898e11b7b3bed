"""Whose figures a person may see and download, and how: an NHS England analyst sees every
commissioner side by side with small numbers suppressed (gateway/insight/national.py); a
commissioner sees their own area in full, as they already see the people behind it. Anyone
else is refused. The pages, exports and yearly return all ask here, so no door leads round
the suppression."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied

from gateway.core.permissions import NOT_ALLOWED

from . import exports, national
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


def figures_for(request, period, sas_practice=None, kept_on=None):
    """The figures request's person may see for period (a commissioner's for one of their SAS
    practices when given), or PermissionDenied. kept_on: a day (today) whose kept figures
    the national view reads when every area's are kept (ADR 0064); otherwise counted now."""
    user, organisation = request.user, getattr(request, "current_organisation", None)
    if is_national(request):
        areas = list(national_queries.commissioners(organisation))
        kept = None if kept_on is None else kept_figures.for_areas(areas, period, kept_on)
        sections, worked_out = (None, None) if kept is None else kept
        view = national.build(areas, period, kept=sections)
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
