"""The home page's messages section: letters waiting to be handed over, people no route
reached. One query (``queries.home_counts``)."""

from . import queries


def section(request):
    organisation = getattr(request, "current_organisation", None)
    if organisation is None:
        return None
    user = request.user
    handover = user.has_perm("comms.hand_over", organisation)
    unreach = user.has_perm("comms.view_unreachable", organisation)
    if not (handover or unreach):
        return None
    handovers, unreachable = queries.home_counts(organisation, handover=handover, unreach=unreach)
    return {
        "template": "comms/home/_section.jinja",
        "handovers": handovers,
        "unreachable": unreachable,
    }
