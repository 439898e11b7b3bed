"""What each figure counts: one page of every definition, each with an anchor the dashboard
and the national view link to, so a definition is one click from its figure. Definitions
only: no figure and no link to any person, so NHS England's analyst reads it too."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.core.permissions import permission_required

from .. import audience, national, sections_glance
from ..permissions import DEFINITIONS_PERMISSION
from ..sections import DEFINITIONS

# The national view's own figures (the scheme at a glance) and its rule for small numbers,
# after the dashboard's sections: every column of the national view has its definition here.
NATIONAL_DEFINITIONS = [
    (
        sections_glance.KEY,
        f"{sections_glance.TITLE} (the national view)",
        sections_glance.DEFINITIONS,
    ),
    ("small-numbers", "Small numbers in the national view", [national.SUPPRESSION]),
]


@require_http_methods(["GET"])
@permission_required(DEFINITIONS_PERMISSION)
def definitions(request):
    if audience.is_national(request):
        back = (reverse("insight:national"), "Back to every area side by side")
    else:
        back = (reverse("insight:dashboard"), "Back to how the scheme is doing")
    return render(
        request,
        "insight/definitions.jinja",
        {"groups": [*DEFINITIONS, *NATIONAL_DEFINITIONS], "back": back},
    )
