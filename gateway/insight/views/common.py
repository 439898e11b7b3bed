"""What every commissioner's insight page starts from: the commissioner whose area it is (the
organisation the person is working for) and the period and SAS practice they chose."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gateway.core.permissions import NOT_ALLOWED

from ..forms import PeriodForm
from ..queries.common import commissioner_practices, is_commissioner
from ..queries.scope import Scope


def chooser(request):
    """The period chooser, bound to the query string when it has one. Only the commissioner
    a person works for: a commissioner role at any other kind of organisation is refused."""
    organisation = request.current_organisation
    if not is_commissioner(organisation):
        raise PermissionDenied(NOT_ALLOWED)
    return PeriodForm(
        request.GET or None,
        practices=commissioner_practices(organisation),
        today=timezone.localdate(),
    )


def scope_for(request, sas_practice, practices=None):
    """practices: the commissioner's SAS practices when already read (form.practices)."""
    organisation = request.current_organisation
    return Scope(
        commissioner=organisation,
        sas_practice=sas_practice,
        viewer=request.user,
        organisation=organisation,
        practices=None if practices is None else tuple(practices),
    )
