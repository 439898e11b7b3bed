"""The practice data part of the home page: for a commissioner, the alerts of practices that
close with people on the scheme or open registration referrals (one query, at most
SHOWN rows); for a commissioner's organisation admin, the way to import practice data."""

from django.utils import timezone

from gateway.accounts.queries import open_practice_closures

SHOWN = 10


def section(request):
    organisation = getattr(request, "current_organisation", None)
    if organisation is None:
        return None
    user = request.user
    closures = None
    if user.has_perm("accounts.view_practice_closures", organisation):
        closures = list(open_practice_closures(organisation)[: SHOWN + 1])
        today = timezone.localdate()
        for closure in closures:
            closure.has_closed = closure.closed_on <= today
    may_import = user.has_perm("imports.import_practices", organisation)
    if not (closures or may_import):
        return None
    return {
        "template": "imports/practices/_home.jinja",
        "closures": (closures or [])[:SHOWN],
        "more": bool(closures and len(closures) > SHOWN),
        "may_import": may_import,
    }
