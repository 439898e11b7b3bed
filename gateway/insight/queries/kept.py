"""Reads of the figures the daily job keeps (ADR 0064, gateway/insight/services.py): one
area's sections for a period, or every area's for the national view, only when worked out
today; otherwise None, and the page counts live."""

from gateway.core.fingerprint import code_version

from ..kept import loaded
from ..models import KeptFigures


def _rows(period, today):
    return KeptFigures.objects.filter(
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        worked_out_on=today,
        code_version=code_version(),
    )


def worked_out(commissioners, period, today):
    """{commissioner pk: when their figures kept today for the period were worked out}, for
    those of the commissioners whose are kept (the figures themselves are not read)."""
    return dict(
        _rows(period, today)
        .filter(commissioner__in=[c.pk for c in commissioners])
        .values_list("commissioner", "worked_out_at")
    )


def for_area(commissioner, period, today, *, links):
    """(sections, worked out at) kept today for the commissioner's area and period (the
    scheme at a glance first, then the dashboard's sections), or None. links: whether the
    viewer may follow the links to the people behind figures."""
    found = (
        _rows(period, today)
        .filter(commissioner=commissioner)
        .values_list("sections", "worked_out_at")
        .first()
    )
    if found is None:
        return None
    sections, worked_out_at = found
    return loaded(sections, links=links), worked_out_at


def for_areas(commissioners, period, today):
    """({commissioner pk: sections}, {commissioner pk: worked out at}) kept today for every
    one of the commissioners and the period, without links; None unless every area's are."""
    pks = [c.pk for c in commissioners]
    rows = list(
        _rows(period, today)
        .filter(commissioner__in=pks)
        .values_list("commissioner", "sections", "worked_out_at")
    )
    if not pks or len(rows) != len(pks):
        return None
    sections = {pk: loaded(values, links=False) for pk, values, _at in rows}
    return sections, {pk: worked_out_at for pk, _values, worked_out_at in rows}
