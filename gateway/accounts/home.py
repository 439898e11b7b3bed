"""The organisation admin's home page section: their organisation's staff, invitations not
used yet and authenticator resets waiting for them to confirm. One query for the three
counts (gateway/core/figures.py)."""

from django.utils import timezone

from gateway.core.figures import CountUpTo, figures

from . import queries
from .models import Invitation, Organisation


def section(request):
    organisation = getattr(request, "current_organisation", None)
    if organisation is None or not request.user.has_perm("accounts.manage_users", organisation):
        return None
    staff = queries.active_members(organisation)
    invited = Invitation.objects.filter(
        organisation=organisation, used_at__isnull=True, expires_at__gt=timezone.now()
    )
    to_confirm = queries.confirmable_mfa_resets(organisation, request.user)
    found = (
        figures(
            Organisation.objects.filter(pk=organisation.pk),
            staff=CountUpTo(staff),
            invited=CountUpTo(invited),
            to_confirm=CountUpTo(to_confirm),
        )
        or {}
    )
    return {
        "template": "accounts/home/_section.jinja",
        "staff": found.get("staff", 0),
        "invited": found.get("invited", 0),
        "to_confirm": found.get("to_confirm", 0),
    }
