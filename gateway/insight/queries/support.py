"""Multiple-disadvantage figures for one scope and period, counted in the database for the
people in the area (queries/area.py): the definition met (by rule version), referrals to
services and their declines (refuge "needs too high" visible), multi-agency actions overdue,
and deaths. One or two queries each, whatever the number of people."""

from django.db.models import Count, F, OuterRef, Q, Subquery

from gateway.support.models import Action, Death, MCNStatus, ServiceReferral

from ..rules.equality import AGE_BANDS
from .area import age_band_conditions, age_on, area_patients
from .common import bounds

Referral = ServiceReferral.Status
ServiceType = ServiceReferral.ServiceType
Judgement = Death.Judgement
# the decline reason refuges most often give
# (docs/domain/multiple-disadvantage.md#referrals-and-their-outcomes)
NEEDS_TOO_HIGH = "needs_too_high"
# A refuge declined the referral because the person's needs were too high for it.
REFUGE_DECLINED_TOO_HIGH = Q(
    status=Referral.DECLINED, service_type=ServiceType.REFUGE, decline_reason__code=NEEDS_TOO_HIGH
)


def meeting_definition(scope, period):
    """The statuses of people whose latest status worked out on or before the end of the
    period meets the commissioner's definition. A person whose latest status does not meet it
    is not counted, whatever earlier ones said."""
    latest = (
        MCNStatus.objects.filter(
            patient=OuterRef("patient"),
            commissioner=scope.commissioner,
            worked_out_on__lte=period.end,
        )
        .order_by("-worked_out_on", "-pk")
        .values("pk")[:1]
    )
    return MCNStatus.objects.filter(
        commissioner=scope.commissioner,
        patient__in=area_patients(scope),
        pk=Subquery(latest),
        meets=True,
    )


def mcn_by_version(scope, period):
    """For each version of the commissioner's definition: (version, its name, its threshold,
    people meeting it at the end of the period under that version). One query."""
    return list(
        meeting_definition(scope, period)
        .order_by()
        .values_list("rule__version", "rule__name", "rule__threshold")
        .annotate(people=Count("patient", distinct=True))
        .order_by("rule__version")
    )


def referrals_sent(scope, period):
    return ServiceReferral.objects.filter(
        patient__in=area_patients(scope), sent_on__gte=period.start, sent_on__lte=period.end
    )


def referrals_by_service(scope, period):
    """For each kind of service: (kind, referrals sent in the period, accepted or completed,
    declined, still waiting, withdrawn), by how they are now. One query."""
    rows = {
        row["service_type"]: row
        for row in referrals_sent(scope, period)
        .order_by()
        .values("service_type")
        .annotate(**SERVICE_COUNTS)
    }
    return by_service_of(rows)


SERVICE_COUNTS = {
    "sent": Count("pk"),
    "accepted": Count("pk", filter=Q(status__in=[Referral.ACCEPTED, Referral.COMPLETED])),
    "declined": Count("pk", filter=Q(status=Referral.DECLINED)),
    "waiting": Count("pk", filter=Q(status=Referral.SENT)),
    "withdrawn": Count("pk", filter=Q(status=Referral.WITHDRAWN)),
}


def by_service_of(rows):
    """[(kind, sent, accepted, declined, waiting, withdrawn)] for every kind of service, from
    {kind: {count name: count}}."""
    names = tuple(SERVICE_COUNTS)
    return [
        (kind, *(rows.get(kind, {}).get(name, 0) for name in names)) for kind in ServiceType.values
    ]


def declines_by_reason(scope, period):
    """(reason code, reason, declines of referrals sent in the period, of them by refuges),
    most first. One query."""
    return [
        (row["decline_reason__code"], row["decline_reason__label"] or "No reason given",
         row["declined"], row["refuge"])
        for row in referrals_sent(scope, period)
        .filter(status=Referral.DECLINED)
        .order_by()
        .values("decline_reason__code", "decline_reason__label")
        .annotate(
            declined=Count("pk"),
            refuge=Count("pk", filter=Q(service_type=ServiceType.REFUGE)),
        )
        .order_by("-declined", "decline_reason__label")
    ]  # fmt: skip


def actions_at_end(scope, period):
    """Multi-agency actions open at the end of the period (made before it ended and not done
    or cancelled by then), and of them those overdue: due on or before the last day of the
    period. One query."""
    return open_actions(scope, period).aggregate(**action_counts(period))


def action_counts(period):
    return {"open": Count("pk"), "overdue": Count("pk", filter=overdue_at_end(period))}


def open_actions(scope, period):
    """Actions for people in the area open at the end of the period."""
    end = bounds(period)[1]
    open_at_end = Q(created_at__lt=end) & (Q(status=Action.Status.OPEN) | Q(closed_at__gte=end))
    return Action.objects.filter(open_at_end, patient__in=area_patients(scope))


def overdue_at_end(period):
    return Q(due_on__lte=period.end)


def died_in(scope, period):
    return Death.objects.filter(
        patient__in=area_patients(scope), died_on__gte=period.start, died_on__lte=period.end
    )


def deaths(scope, period):
    """Deaths on a day in the period of people in the area: how many, their age bands at
    death, the preventable and treatable judgements, and learning reviews complete. One
    query."""
    counts = died_with_age(scope, period).aggregate(**DEATH_COUNTS)
    return with_age_bands(counts)


def died_with_age(scope, period):
    return died_in(scope, period).annotate(age=age_on(F("died_on"), F("patient__date_of_birth")))


def _death_counts():
    judgements = {
        f"{field}_{value}": Count("pk", filter=Q(**{field: value}))
        for field in ("preventable", "treatable")
        for value in Judgement.values
    }
    bands = age_band_conditions("age", AGE_BANDS)
    return {
        "deaths": Count("pk"),
        "reviewed": Count("pk", filter=Q(learning_review_status=Death.ReviewStatus.COMPLETE)),
        **judgements,
        **{f"band_{index}": Count("pk", filter=bands[label])
           for index, (label, *_) in enumerate(AGE_BANDS)},
    }  # fmt: skip


DEATH_COUNTS = _death_counts()


def with_age_bands(counts):
    counts["bands"] = [counts.pop(f"band_{index}") for index in range(len(AGE_BANDS))]
    return counts
