"""One guard for views: the acting user needs a permission in their current organisation
(gateway/accounts/rules.py), or gets 403."""

from functools import wraps

from django.core.exceptions import PermissionDenied


def permission_required(perm):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(perm, request.current_organisation):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Episodes, reviews and appeals are part of a patient's record: the same permission.
can_view_patients = permission_required("patients.view_patient")
