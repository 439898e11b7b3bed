"""The GP registration summary on the home page: the commissioner's worklist, the
practice's referrals waiting for an answer, the referrer's alerts. One query
(``home_counts``), compiled once a process (ADR 0068)."""

from gateway.accounts.models import Organisation
from gateway.core.figures import CountUpTo, figures_query, named
from gateway.core.prepared import Statement

from .models import RegistrationAlert, RegistrationReferral

OVERSIGHT = {
    RegistrationAlert.Kind.ESCALATION,
    RegistrationAlert.Kind.NOT_REASONABLE_REFUSAL,
    RegistrationAlert.Kind.REFUSAL_CHALLENGED,
    RegistrationAlert.Kind.FP69_ESCALATION,
}


def section(request):
    organisation = getattr(request, "current_organisation", None)
    if organisation is None:
        return None
    user = request.user
    if user.has_perm("registration.oversee", organisation):
        counts = home_counts(organisation, kinds=OVERSIGHT)
        return {
            "template": "registration/home/_section.jinja",
            "link": "worklist",
            "count": counts["alerts"],
        }
    if user.has_perm("registration.answer", organisation):
        counts = home_counts(organisation, waiting=True)
        if not (counts["waiting"] or counts["alerts"]):
            return None
        return {
            "template": "registration/home/_section.jinja",
            "link": "inbox",
            "count": counts["alerts"],
            "waiting": counts["waiting"],
        }
    if user.has_perm("registration.refer", organisation):
        return {
            "template": "registration/home/_section.jinja",
            "link": "list",
            "count": home_counts(organisation)["alerts"],
        }
    return None


def home_counts(organisation, kinds=None, waiting=False):
    """For the home page, in one query: the organisation's open alerts (only those of
    ``kinds`` when given) and, with ``waiting``, the referrals sent to it (a practice) that
    wait for its answer. Compiled once a process (ADR 0068)."""
    shape = (None if kinds is None else tuple(sorted(kinds)), waiting)
    found = named(next(iter(HOME.rows(shape, organisation_id=organisation.pk)), None)) or {}
    return {"alerts": found.get("alerts", 0), "waiting": found.get("waiting", 0)}


def _home_built(shape, *, organisation_id):
    kinds, waiting = shape
    alerts = RegistrationAlert.objects.filter(
        organisation_id=organisation_id, cleared_at__isnull=True
    )
    if kinds is not None:
        alerts = alerts.filter(kind__in=kinds)
    asked = {"alerts": CountUpTo(alerts)}
    if waiting:
        asked["waiting"] = CountUpTo(
            RegistrationReferral.objects.filter(
                practice_id=organisation_id, status=RegistrationReferral.Status.SENT
            )
        )
    return figures_query(Organisation.objects.filter(pk=organisation_id), **asked)


HOME = Statement(_home_built, planned_once=True)
