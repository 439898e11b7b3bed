"""The staff page of organisations, for commissioners and organisation admins."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from .. import services
from ..forms import OrganisationFilterForm, OrganisationForm
from ..models import Organisation
from ..rules import can_edit_organisation

PAGE_SIZE = 25


def _posted(request):
    """Bind the form on every POST, even an empty one, so missing answers are reported."""
    return request.POST if request.method == "POST" else None


def _require_view_permission(request):
    if not request.user.has_perm("accounts.view_organisations", request.current_organisation):
        raise PermissionDenied


@require_http_methods(["GET"])
def organisations(request):
    _require_view_permission(request)
    filter_form = OrganisationFilterForm(request.GET or None)
    queryset = Organisation.objects.select_related("commissioner").order_by("name", "pk")
    kind = ""
    if filter_form.is_valid():
        kind = filter_form.cleaned_data["kind"]
        if kind:
            queryset = queryset.filter(kind=kind)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    acting = request.current_organisation
    rows = [
        {"organisation": o, "can_edit": can_edit_organisation(request.user, acting, o)}
        for o in page.object_list
    ]
    return render(
        request,
        "accounts/organisations.jinja",
        {
            "filter_form": filter_form,
            "kind": kind,
            "page": page,
            "rows": rows,
            "pagination": _pagination(page, kind),
        },
    )


def _pagination(page, kind):
    def href(number):
        query = f"?page={number}"
        return f"{query}&kind={kind}" if kind else query

    def label(number):
        return f"Page {number} of {page.paginator.num_pages}"

    params = {}
    if page.has_previous():
        number = page.previous_page_number()
        params["previous"] = {"href": href(number), "labelText": label(number)}
    if page.has_next():
        number = page.next_page_number()
        params["next"] = {"href": href(number), "labelText": label(number)}
    return params or None


@require_http_methods(["GET", "POST"])
def organisation_edit(request, public_id):
    _require_view_permission(request)
    organisation = get_object_or_404(Organisation, public_id=public_id)
    if not can_edit_organisation(request.user, request.current_organisation, organisation):
        raise PermissionDenied
    form = OrganisationForm(_posted(request), organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            updated, changed = services.update_organisation(
                request.user, request.current_organisation, organisation, form.cleaned_data
            )
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            messages.success(
                request, f"{updated.name} {'updated' if changed else 'has not changed'}"
            )
            return redirect("accounts:organisations")
    return render(
        request,
        "accounts/organisation_edit.jinja",
        {"form": form, "organisation": organisation, "page_has_errors": bool(form.errors)},
    )
