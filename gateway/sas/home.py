"""The SAS worklist summary on the home page, and for commissioners anything that stops
Gateway writing to people on the scheme (a missing appeals contact)."""

from gateway.accounts.models import Organisation, Role

from .queries import home_counts


def section(request):
    organisation = getattr(request, "current_organisation", None)
    roles = getattr(request, "roles", set())
    counts = home_counts(request.user, organisation, roles)
    if counts is None:
        return None
    gaps = []
    if Role.COMMISSIONER in roles and organisation.kind == Organisation.Kind.COMMISSIONER:
        gaps = organisation.appeal_contact_gaps()
    return {
        "template": "sas/home/_section.jinja",
        "work_counts": counts,
        "contact_gaps": gaps,
        "organisation": organisation,
    }
