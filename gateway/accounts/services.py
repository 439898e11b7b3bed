"""Every write about staff and organisations, and the sign-in steps."""

from django.contrib.auth import logout

from gateway.audit import services as audit

from .models import Organisation


def active_organisations(user):
    return list(
        Organisation.objects.filter(
            memberships__user=user, memberships__is_active=True, is_active=True
        )
        .distinct()
        .order_by("name")
    )


def sign_out(request, *, reason="signed out"):
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        audit.record(audit.Action.SIGN_OUT, actor=user, detail={"reason": reason})
    logout(request)
