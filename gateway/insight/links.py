"""How a period and an SAS practice travel in a URL's query string, so the dashboard, the
people behind a figure and the definitions keep what the person chose. Nothing here is
personal: dates, a kind of period and an organisation's public id."""

from urllib.parse import urlencode

from django.urls import reverse

PERIOD = "period"
PRACTICE = "practice"
CUSTOM = "custom"
FROM = "start"
TO = "end"


def period_value(period):
    """The chooser's value for a quarter or financial year ("quarter:2025-04-01")."""
    return f"{period.kind}:{period.start.isoformat()}"


def period_params(period, sas_practice=None):
    if period.kind == CUSTOM:
        params = {PERIOD: CUSTOM}
        for name, day in ((FROM, period.start), (TO, period.end)):
            params.update(
                {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}
            )
    else:
        params = {PERIOD: period_value(period)}
    if sas_practice is not None:
        params[PRACTICE] = str(sas_practice.public_id)
    return params


def query_string(period, sas_practice=None):
    return "?" + urlencode(period_params(period, sas_practice))


def people_url(scope, period, key):
    """The list of the people behind figure key, or None when the viewer may not see them."""
    if not scope.links_made:
        return None
    return reverse("insight:people", kwargs={"kind": key}) + query_string(
        period, scope.sas_practice
    )


def definition_url(key):
    return reverse("insight:definitions") + f"#{key}"


def csv_url(period, sas_practice, table_key):
    """One table of the dashboard as CSV, for the period and SAS practice it shows."""
    return (
        reverse("insight:export-csv") + query_string(period, sas_practice) + f"&table={table_key}"
    )


def xlsx_url(period, sas_practice):
    """Every table of the dashboard as one XLSX workbook, for what it shows."""
    return reverse("insight:export-xlsx") + query_string(period, sas_practice)


def yearly_return_url(year):
    """The yearly return for the financial year starting in April of year.start.year."""
    return reverse("insight:yearly-return") + "?" + urlencode({"year": year.start.year})
