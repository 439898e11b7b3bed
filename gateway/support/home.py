"""The support summary on the home page: open actions the person owns,
overdue ones counted first, working agreements they lead that are due for review, and their
referrals to services with news (someone else recorded what happened). One query
(gateway/support/queries/home.py)."""

from .queries.home import home_figures


def section(request):
    organisation = getattr(request, "current_organisation", None)
    if organisation is None or not request.user.has_perm("support.view_support", organisation):
        return None
    counts, referrals = home_figures(request.user, organisation)
    can_report = request.user.has_perm("support.view_referral_report", organisation)
    if not (
        counts["open"]
        or counts["reviews_due"]
        or referrals["news"]
        or referrals["open"]
        or can_report
    ):
        return None
    return {
        "template": "support/home/_section.jinja",
        "counts": counts,
        "referrals": referrals,
        "can_report": can_report,
    }
