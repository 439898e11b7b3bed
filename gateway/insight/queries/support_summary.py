"""The multiple-disadvantage figures of a scope and period in two queries besides the people
meeting the definition, whatever the number of people: actions open and deaths in one
statement (queries/together.py), and referrals to services grouped by kind of service and
reason for declining once. Each count is the aggregate the single-figure functions in
queries/support.py use, so the two cannot disagree (tested)."""

from . import support
from .together import read_together, row_of


def totals(scope, period):
    """{"actions": as actions_at_end, "deaths": as deaths}. One query."""
    rows = read_together(
        scope.commissioner,
        actions=row_of(support.open_actions(scope, period), **support.action_counts(period)),
        deaths=row_of(support.died_with_age(scope, period), **support.DEATH_COUNTS),
    )
    return {"actions": rows["actions"], "deaths": support.with_age_bands(rows["deaths"])}


def referrals(scope, period):
    """(referrals_by_service, declines_by_reason) as queries/support.py gives them, from one
    query grouped by kind of service and reason for declining (reasons in the database's
    order of their names within the same number of declines)."""
    rows = (
        support.referrals_sent(scope, period)
        .order_by()
        .values_list("service_type", "decline_reason__code", "decline_reason__label")
        .annotate(**support.SERVICE_COUNTS)
        .order_by("decline_reason__label", "decline_reason__code", "service_type")
    )
    by_service, by_reason = {}, {}
    names = tuple(support.SERVICE_COUNTS)
    for kind, code, label, *counts in rows:
        named = dict(zip(names, counts, strict=True))
        service = by_service.setdefault(kind, dict.fromkeys(names, 0))
        for name, count in named.items():
            service[name] += count
        if named["declined"]:
            refuge = named["declined"] if kind == support.ServiceType.REFUGE else 0
            reason = by_reason.setdefault((code, label), [0, 0])
            reason[0] += named["declined"]
            reason[1] += refuge
    declines = sorted(
        ((code, label or "No reason given", declined, refuge)
         for (code, label), (declined, refuge) in by_reason.items()),
        key=lambda row: -row[2],
    )  # fmt: skip
    return support.by_service_of(by_service), declines
