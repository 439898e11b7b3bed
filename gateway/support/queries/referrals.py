"""Read-side helpers for referrals to services. A person's referrals are
reached through gateway.patients.queries.visible_patients, so an organisation not involved
with the person sees nothing (404). The commissioners' report counts only referrals of people
the commissioner can see. Every query costs a fixed number of round trips."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from gateway.patients.queries import visible_patients
from gateway.patients.queries.history import HistoryItem, history_source

from ..models import DeclineReason, ServiceReferral, ServiceReferralChange
from ..rules import referrals as rules

Status = ServiceReferral.Status
RELATED = ("referred_by", "referring_organisation", "receiving_organisation", "decline_reason")


def referrals_for(patient):
    return ServiceReferral.objects.filter(patient=patient).select_related(*RELATED)


def open_referral_count(patient):
    return ServiceReferral.objects.filter(patient=patient, status__in=rules.OPEN).count()


def get_visible_referral(user, organisation, public_id):
    changes = ServiceReferralChange.objects.select_related(
        "by", "by_organisation", "decline_reason"
    )
    found = (
        ServiceReferral.objects.filter(
            public_id=public_id, patient__in=visible_patients(user, organisation)
        )
        .select_related("patient", "consent", *RELATED)
        .prefetch_related(Prefetch("changes", queryset=changes))
        .first()
    )
    if found is None:
        raise Http404("Nothing matches the given query.")
    return found


def referrals_made_by(user, organisation, *, patients=None):
    """The worker's own referrals for organisation, about people it can still see: those
    with news first (someone else changed them), then open ones, newest first.
    ``patients``: those people already built (the home page's compiled scope)."""
    if organisation is None or user is None or not user.is_authenticated:
        return ServiceReferral.objects.none()
    return (
        ServiceReferral.objects.filter(
            referred_by=user,
            referring_organisation=organisation,
            patient__in=visible_patients(user, organisation) if patients is None else patients,
        )
        .select_related("patient", *RELATED)
        .order_by("-news_for_referrer", "-status_changed_on", "-id")
    )


# What "Your referrals" shows of each (support/referrals/mine.jinja): the person's name, the
# service, its status with any decline reason, and whether there is news.
PATIENT_NAME = ("patient__preferred_name", "patient__given_name", "patient__family_name")
LISTED = (
    "public_id",
    "service_type",
    "receiving_service_name",
    "status",
    "status_changed_on",
    "news_for_referrer",
    "receiving_organisation__name",
    "decline_reason__label",
    *PATIENT_NAME,
)


def referrals_made_by_listed(user, organisation):
    """``referrals_made_by`` as "Your referrals" lists them: the same rows in the same order,
    reading only what the list shows. Who referred and for which organisation are the
    signed-in worker and their organisation; joined as well, PostgreSQL planned for longer
    than it read (docs/adr/0061)."""
    return (
        referrals_made_by(user, organisation)
        .select_related(None)
        .select_related("patient", "receiving_organisation", "decline_reason")
        .only(*LISTED)
    )


def referral_counts(user, organisation):
    """For the home page: a fixed number of queries."""
    return referrals_made_by(user, organisation).aggregate(
        news=Count("id", filter=Q(news_for_referrer=True)),
        open=Count("id", filter=Q(status__in=rules.OPEN)),
    )


def _in_period(user, organisation, start, end):
    return ServiceReferral.objects.filter(
        patient__in=visible_patients(user, organisation), sent_on__gte=start, sent_on__lte=end
    )


def decline_report(user, organisation, start, end):
    """Referrals sent between start and end (inclusive) to people the commissioner can see,
    and what has happened to them so far: declines by reason, by kind of service, and by
    both. Three queries whatever the numbers."""
    referrals = _in_period(user, organisation, start, end)
    declined = referrals.filter(status=Status.DECLINED)
    reasons = {r.pk: r for r in DeclineReason.objects.all()}
    by_reason_counts = {
        row["decline_reason"]: row["n"]
        for row in declined.values("decline_reason").annotate(n=Count("id")).order_by()
    }
    by_service_rows = {
        row["service_type"]: row
        for row in referrals.values("service_type")
        .annotate(
            sent=Count("id"),
            declined=Count("id", filter=Q(status=Status.DECLINED)),
            accepted=Count("id", filter=Q(status__in=[Status.ACCEPTED, Status.COMPLETED])),
            waiting=Count("id", filter=Q(status=Status.SENT)),
        )
        .order_by()
    }
    cross = {
        (row["service_type"], row["decline_reason"]): row["n"]
        for row in declined.values("service_type", "decline_reason")
        .annotate(n=Count("id"))
        .order_by()
    }
    total_declined = sum(by_reason_counts.values())
    by_reason = [
        {
            "code": reason.code,
            "label": reason.label,
            "declined": by_reason_counts.get(pk, 0),
            "share": _percent(by_reason_counts.get(pk, 0), total_declined),
        }
        for pk, reason in sorted(reasons.items(), key=lambda kv: (kv[1].position, kv[1].code))
        if by_reason_counts.get(pk) or reason.is_active
    ]
    by_service = []
    for value, label in ServiceReferral.ServiceType.choices:
        row = by_service_rows.get(value, {})
        sent = row.get("sent", 0)
        by_service.append(
            {
                "code": value,
                "label": label,
                "sent": sent,
                "accepted": row.get("accepted", 0),
                "declined": row.get("declined", 0),
                "waiting": row.get("waiting", 0),
                "declined_share": _percent(row.get("declined", 0), sent),
                "by_reason": [
                    cross.get((value, r["pk"]), 0) for r in _reason_keys(reasons, by_reason)
                ],
            }
        )
    return {
        "start": start,
        "end": end,
        "sent": sum(r["sent"] for r in by_service),
        "declined": total_declined,
        "by_reason": by_reason,
        "by_service": by_service,
    }


def _reason_keys(reasons, by_reason):
    codes = [r["code"] for r in by_reason]
    by_code = {reason.code: pk for pk, reason in reasons.items()}
    return [{"pk": by_code[c]} for c in codes]


def _percent(part, whole):
    return round(100 * part / whole) if whole else 0


@history_source
def referral_rows(user, organisation, patient_ids, limit):
    """The person's referrals to services as rows of one history across apps (the record page
    of a person whose duplicate record is linked into theirs). One query; the caller passes
    only people the organisation may see."""
    if not user.has_perm("support.view_support", organisation):
        return []
    rows = (
        ServiceReferral.objects.filter(patient_id__in=patient_ids)
        .select_related("receiving_organisation")
        .order_by("-sent_on", "-pk")[:limit]
    )
    return [
        HistoryItem(
            on=referral.sent_on,
            kind="Referral to a service",
            text=f"{referral.get_service_type_display()}: {referral.get_status_display()}",
            patient_id=referral.patient_id,
        )
        for referral in rows
    ]
