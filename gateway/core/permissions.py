"""One permission check for services and one guard for views.

Permissions are ``rules`` predicates asked in the organisation a person is working for
(gateway/accounts/rules.py): the same person may record support in one organisation and only
read in another. Both fail closed: no organisation means no permission."""

from functools import wraps

from django.core.exceptions import PermissionDenied

NOT_ALLOWED = "Your role in this organisation does not allow this"


def require(actor, perm, organisation):
    """Raise PermissionDenied unless actor holds perm in organisation."""
    if organisation is None or not actor.has_perm(perm, organisation):
        raise PermissionDenied(NOT_ALLOWED)


def permission_required(perm):
    """View decorator: the signed-in person needs perm in their current organisation, or 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require(request.user, perm, getattr(request, "current_organisation", None))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
