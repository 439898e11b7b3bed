"""The GP registration summary on the home page: the commissioner's worklist, the
practice's referrals waiting for an answer, the referrer's alerts. One query
(``queries.home_counts``)."""

from . import queries
from .models import RegistrationAlert

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
        counts = queries.home_counts(organisation, kinds=OVERSIGHT)
        return {
            "template": "registration/home/_section.jinja",
            "link": "worklist",
            "count": counts["alerts"],
        }
    if user.has_perm("registration.answer", organisation):
        counts = queries.home_counts(organisation, waiting=True)
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
            "count": queries.home_counts(organisation)["alerts"],
        }
    return None
