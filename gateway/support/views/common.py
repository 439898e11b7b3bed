"""What the support pages share: the person the organisation may see (404 otherwise, through
gateway.patients.queries) and one page of a long list with its page links."""

from django.core.paginator import Paginator

from gateway.patients.presenters import pagination
from gateway.patients.queries import get_visible_patient

PAGE_SIZE = 25


def visible_patient(request, public_id):
    return get_visible_patient(request.user, request.current_organisation, public_id)


def page_of(request, queryset, url):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return list(page.object_list), pagination(page, url)
