"""The multiple-disadvantage figures of a scope and period in two queries besides the people
meeting the definition, whatever the number of people: actions open and deaths in one
statement (queries/together.py), and referrals to services grouped by kind of service and
reason for declining once. Each count is the aggregate the single-figure functions in
queries/support.py use, so the two cannot disagree (tested). by_area reads the figures of
every area for the national view in one statement."""

from django.db.models import Count

from . import support
from .scope import Scope
from .together import read_for_areas, read_together, row_of


def totals(scope, period):
    """{"actions": as actions_at_end, "deaths": as deaths}. One query."""
    return totals_of(read_together(scope.commissioner, **totals_rows(scope, period)))


def totals_rows(scope, period):
    """The subqueries totals() reads together, one JSON object each."""
    return {
        "actions": row_of(support.open_actions(scope, period), **support.action_counts(period)),
        "deaths": row_of(support.died_with_age(scope, period), **support.DEATH_COUNTS),
    }


def totals_of(rows):
    return {"actions": rows["actions"], "deaths": support.with_age_bands(rows["deaths"])}


def by_area(commissioners, period):
    """{commissioner pk: the section's figures' counts for their area}, every area in one
    statement (the national view): totals(), the people meeting the definition (what
    mcn_by_version adds up to: a person has one latest status) and the refuge declines for
    needs too high (what the declines table's refuge column holds for that reason)."""

    def rows_of_area(commissioner):
        scope = Scope(commissioner=commissioner)
        refuge_too_high = support.referrals_sent(scope, period).filter(
            support.REFUGE_DECLINED_TOO_HIGH
        )
        return {
            **totals_rows(scope, period),
            "mcn": row_of(
                support.meeting_definition(scope, period),
                people=Count("patient", distinct=True),
            ),
            "refuge": row_of(refuge_too_high, declined=Count("pk")),
        }

    return {
        pk: {
            **totals_of(rows),
            "meeting_definition": rows["mcn"]["people"],
            "refuge_too_high": rows["refuge"]["declined"],
        }
        for pk, rows in read_for_areas(commissioners, rows_of_area).items()
    }


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
