"""The patients app's home page sections (gateway/core/home.py):

- "Your clients" on a support worker's home page: how many people they support and how many
  have a date in the next four weeks or overdue, counted to 25 at most ("25 or more"). One
  query.
- Requests to see a person's record (ADR 0035): the commissioner's count of open requests,
  and the answers the asking organisation's staff are told (linked: the person, now theirs
  to open; declined: the commissioner's reason), and for those who may link duplicate
  records, the way to the duplicate finder (ADR 0040). Two queries at most."""

from .queries import answered_link_requests, caseload, open_link_request_count

DECIDE = "patients.decide_link_requests"
LINK_DUPLICATES = "patients.link_duplicates"


def section(request):
    organisation = getattr(request, "current_organisation", None)
    if organisation is None or not request.user.has_perm("patients.view_caseload", organisation):
        return None
    return {
        "template": "patients/home/_section.jinja",
        "counts": caseload.summary(request.user, organisation),
    }


def link_requests(request):
    organisation = getattr(request, "current_organisation", None)
    if organisation is None:
        return None
    user = request.user
    to_decide = None
    if user.has_perm(DECIDE, organisation):
        to_decide = open_link_request_count(user, organisation)
    answered = answered_link_requests(user, organisation)
    find_duplicates = user.has_perm(LINK_DUPLICATES, organisation)
    if not to_decide and not answered and not find_duplicates:
        return None
    return {
        "template": "patients/home/_link_requests.jinja",
        "to_decide": to_decide,
        "answered": answered,
        "find_duplicates": find_duplicates,
    }
