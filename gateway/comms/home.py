"""The home page's messages section: letters waiting to be handed over, people no route
reached. Two count queries at most."""

from . import queries


def section(request):
    organisation = getattr(request, "current_organisation", None)
    if organisation is None:
        return None
    user = request.user
    handovers = unreachable = None
    if user.has_perm("comms.hand_over", organisation):
        handovers = queries.handover_count(organisation)
    if user.has_perm("comms.view_unreachable", organisation):
        unreachable = queries.unreachable_count(organisation)
    if handovers is None and unreachable is None:
        return None
    return {
        "template": "comms/home/_section.jinja",
        "handovers": handovers,
        "unreachable": unreachable,
    }
