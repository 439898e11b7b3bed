"""The staff page of organisations, for commissioners and organisation admins."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.core.form_pages import form_page
from gateway.core.pagination import page_of
from gateway.core.permissions import permission_required

from .. import queries, services
from ..forms import OrganisationFilterForm, OrganisationForm
from ..rules import can_edit_organisation

VIEW = "accounts.view_organisations"


@require_http_methods(["GET"])
@permission_required(VIEW)
def organisations(request):
    filter_form = OrganisationFilterForm(request.GET or None)
    kind = filter_form.cleaned_data["kind"] if filter_form.is_valid() else ""
    page = page_of(request, queries.organisations(kind))
    acting = request.current_organisation
    rows = [
        {"organisation": o, "can_edit": can_edit_organisation(request.user, acting, o)}
        for o in page.object_list
    ]
    return render(
        request,
        "accounts/organisations.jinja",
        {"filter_form": filter_form, "kind": kind, "page": page, "rows": rows},
    )


@require_http_methods(["GET", "POST"])
@permission_required(VIEW)
def organisation_edit(request, public_id):
    organisation = queries.get_organisation(public_id)
    # Which organisations a person may change depends on the organisation, not only a permission.
    if not can_edit_organisation(request.user, request.current_organisation, organisation):
        raise PermissionDenied

    def success(saved):
        updated, changed = saved
        return f"{updated.name} {'updated' if changed else 'has not changed'}"

    return form_page(
        request,
        OrganisationForm,
        template="accounts/organisation_edit.jinja",
        context={"organisation": organisation},
        form_kwargs={"organisation": organisation},
        save=lambda form: services.update_organisation(
            request.user, request.current_organisation, organisation, form.cleaned_data
        ),
        success=success,
        next_url=reverse("accounts:organisations"),
    )
