"""The GP registration summary on the home page: the commissioner's worklist, the
practice's referrals waiting for an answer, the referrer's alerts. Two queries at most."""

from . import queries
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
    counts = None
    if user.has_perm("registration.oversee", organisation):
        counts = queries.alert_counts(organisation)
        count = sum(n for kind, n in counts.items() if kind in OVERSIGHT)
        return {"template": "registration/home/_section.jinja", "link": "worklist", "count": count}
    if user.has_perm("registration.answer", organisation):
        counts = queries.alert_counts(organisation)
        waiting = RegistrationReferral.objects.filter(
            practice=organisation, status=RegistrationReferral.Status.SENT
        ).count()
        if not (waiting or counts):
            return None
        return {
            "template": "registration/home/_section.jinja",
            "link": "inbox",
            "count": sum(counts.values()),
            "waiting": waiting,
        }
    if user.has_perm("registration.refer", organisation):
        counts = queries.alert_counts(organisation)
        return {
            "template": "registration/home/_section.jinja",
            "link": "list",
            "count": sum(counts.values()),
        }
    return None
