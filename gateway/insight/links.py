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
    if not scope.people_allowed:
        return None
    return reverse("insight:people", kwargs={"kind": key}) + query_string(
        period, scope.sas_practice
    )


def definition_url(key):
    return reverse("insight:definitions") + f"#{key}"
