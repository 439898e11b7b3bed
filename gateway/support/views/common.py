"""What the support pages share: the person the organisation may see (404 otherwise, through
gateway.patients.queries). Long lists are shown a page at a time with core page_of."""

from gateway.patients.queries import get_visible_patient


def visible_patient(request, public_id):
    return get_visible_patient(request.user, request.current_organisation, public_id)
