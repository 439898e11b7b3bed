"""The organisation admin's home page section: their organisation's staff, invitations not
used yet and authenticator resets waiting for them to confirm. Three count queries
(gateway/core/home.py)."""

from django.utils import timezone

from . import queries
from .models import Invitation


def section(request):
    organisation = getattr(request, "current_organisation", None)
    if organisation is None or not request.user.has_perm("accounts.manage_users", organisation):
        return None
    return {
        "template": "accounts/home/_section.jinja",
        "staff": queries.members(organisation).filter(memberships__is_active=True).count(),
        "invited": Invitation.objects.filter(
            organisation=organisation, used_at__isnull=True, expires_at__gt=timezone.now()
        ).count(),
        "to_confirm": queries.confirmable_mfa_resets(organisation, request.user).count(),
    }
