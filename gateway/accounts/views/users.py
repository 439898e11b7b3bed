"""An organisation admin's pages for their organisation's staff (list, invite, roles,
deactivate, authenticator resets with a second admin), and the page where an invited person
sets their password. Writes go through user_services; reads through queries, scoped to the
admin's current organisation (someone from another organisation is a 404)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from gateway.core import session_tokens
from gateway.core.forms import show_refusal

from .. import queries
from ..decorators import permission_required
from ..forms.users import InviteForm, MfaResetRequestForm, RolesForm, SetPasswordForm
from ..models import Role
from ..services import users as user_services

MANAGE = "accounts.manage_users"
PAGE_SIZE = 25
SESSION_INVITATION_LINKS = "invitation_links"


def _posted(request):
    return request.POST if request.method == "POST" else None


def _render(request, template, context):
    form = context.get("form")
    has_errors = bool(form is not None and form.errors)
    return render(request, template, {"page_has_errors": has_errors, **context})


def _role_names(roles):
    return [Role(role).label for role in roles]


@require_GET
@permission_required(MANAGE)
def users(request):
    organisation = request.current_organisation
    page = Paginator(queries.members(organisation), PAGE_SIZE).get_page(request.GET.get("page"))
    people = list(page.object_list)
    roles = queries.roles_of(organisation, people)
    waiting = queries.waiting_invitations(organisation, people)
    rows = [
        {
            "user": person,
            "roles": _role_names(roles.get(person.pk, [])),
            "status": "Deactivated"
            if not roles.get(person.pk)
            else "Invited, not signed in yet"
            if person.pk in waiting
            else "Active",
        }
        for person in people
    ]
    resets = list(queries.open_mfa_resets(organisation))
    return _render(
        request,
        "accounts/users/list.jinja",
        {
            "page": page,
            "rows": rows,
            "resets": resets,
            "pagination": _pagination(page),
        },
    )


def _pagination(page):
    params = {}
    if page.has_previous():
        params["previous"] = {"href": f"?page={page.previous_page_number()}"}
    if page.has_next():
        params["next"] = {"href": f"?page={page.next_page_number()}"}
    return params or None


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def invite(request):
    organisation = request.current_organisation
    form = InviteForm(_posted(request), organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            user, token = user_services.invite_user(request.user, organisation, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            link = None
            if token:
                link = request.build_absolute_uri(reverse("accounts:invitation", args=[token]))
            key = session_tokens.remember(
                request.session,
                SESSION_INVITATION_LINKS,
                {"user": str(user.public_id), "link": link, "role": form.cleaned_data["role"]},
            )
            return redirect("accounts:user-invited", token=key)
    return _render(request, "accounts/users/invite.jinja", {"form": form})


@never_cache
@require_GET
@permission_required(MANAGE)
def invited(request, token):
    """The confirmation page: the one-time link to give the person, shown once."""
    kept = session_tokens.recall(request.session, SESSION_INVITATION_LINKS, token)
    if kept is None:
        messages.info(
            request, "The invitation link is shown only once. Invite them again for a new one."
        )
        return redirect("accounts:users")
    member = queries.get_member(request.current_organisation, kept["user"])
    links = dict(request.session.get(SESSION_INVITATION_LINKS, {}))
    links.pop(token, None)
    request.session[SESSION_INVITATION_LINKS] = links
    return _render(
        request,
        "accounts/users/invited.jinja",
        {"member": member, "link": kept["link"], "role": Role(kept["role"]).label},
    )


@require_GET
@permission_required(MANAGE)
def user_detail(request, public_id):
    organisation = request.current_organisation
    member = queries.get_member(organisation, public_id)
    roles = queries.roles_of(organisation, [member]).get(member.pk, [])
    reset = queries.open_mfa_reset_for(organisation, member)
    return _render(
        request,
        "accounts/users/detail.jinja",
        {
            "member": member,
            "roles": _role_names(roles),
            "active": bool(roles),
            "is_me": member.pk == request.user.pk,
            "invited": member.pk in queries.waiting_invitations(organisation, [member]),
            "reset": reset,
            "can_confirm": reset is not None
            and request.user.pk not in (reset.requested_by_id, reset.user_id),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def user_roles(request, public_id):
    organisation = request.current_organisation
    member = queries.get_member(organisation, public_id)
    current = queries.roles_of(organisation, [member]).get(member.pk, [])
    form = RolesForm(_posted(request), organisation=organisation, initial={"roles": current})
    if request.method == "POST" and form.is_valid():
        try:
            added, removed = user_services.change_roles(
                request.user, organisation, member, form.cleaned_data["roles"]
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            changed = "have been changed" if added or removed else "have not changed"
            messages.success(request, f"{member.display_name}'s roles {changed}")
            return redirect("accounts:user-detail", public_id=member.public_id)
    return _render(request, "accounts/users/roles.jinja", {"form": form, "member": member})


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def user_deactivate(request, public_id):
    organisation = request.current_organisation
    member = queries.get_member(organisation, public_id)
    error = None
    if request.method == "POST":
        try:
            user_services.deactivate_member(request.user, organisation, member)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(
                request, f"{member.display_name} can no longer work for {organisation.name}"
            )
            return redirect("accounts:users")
    return render(
        request,
        "accounts/users/deactivate.jinja",
        {"member": member, "error": error, "page_has_errors": bool(error)},
    )


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def mfa_reset_request(request, public_id):
    organisation = request.current_organisation
    member = queries.get_member(organisation, public_id)
    form = MfaResetRequestForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            user_services.request_mfa_reset(
                request.user, organisation, member, form.cleaned_data["reason"]
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                f"You have asked for {member.display_name}'s authenticator app to be reset. "
                "Another admin of your organisation needs to confirm it within 24 hours",
            )
            return redirect("accounts:user-detail", public_id=member.public_id)
    return _render(
        request, "accounts/users/mfa_reset_request.jinja", {"form": form, "member": member}
    )


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def mfa_reset_confirm(request, public_id):
    organisation = request.current_organisation
    reset = queries.get_mfa_reset(organisation, public_id)
    error = None
    if request.method == "POST":
        try:
            user_services.confirm_mfa_reset(request.user, organisation, reset)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(
                request,
                f"{reset.user.display_name}'s authenticator app has been reset. Next time they "
                "sign in, they will set up their app again",
            )
            return redirect("accounts:user-detail", public_id=reset.user.public_id)
    return render(
        request,
        "accounts/users/mfa_reset_confirm.jinja",
        {"reset": reset, "error": error, "page_has_errors": bool(error)},
    )


@sensitive_post_parameters("password", "password_again")
@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """Public: the invited person sets their password from their one-time link."""
    found = user_services.find_invitation(token)
    if found is None:
        return render(request, "accounts/users/invitation_expired.jinja", {}, status=404)
    form = SetPasswordForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            user_services.accept_invitation(token, form.cleaned_data["password"])
        except ValidationError as error:
            form.add_error("password", error.messages)
        else:
            messages.success(
                request,
                "Your password is set. Sign in now: you will then set up your authenticator app",
            )
            return redirect("accounts:sign-in")
    return _render(request, "accounts/users/invitation.jinja", {"form": form, "invitation": found})
