"""The auditor's home page section: the audit trail, with how many entries were made in the
last 7 days. One count query (gateway/core/home.py)."""

import datetime

from django.utils import timezone

from . import queries


def section(request):
    organisation = getattr(request, "current_organisation", None)
    if not queries.may_audit(request.user, organisation):
        return None
    since = timezone.now() - datetime.timedelta(days=7)
    recent = queries.trail(request.user, organisation).filter(occurred_at__gte=since).count()
    return {
        "template": "audit/home/_section.jinja",
        "recent": recent,
        "area": organisation.kind == "commissioner",
    }
