"""An organisation admin's pages for their organisation's staff (list, invite, roles,
deactivate, authenticator resets with a second admin), and the page where an invited person
sets their password. Writes go through user_services; reads through queries, scoped to the
admin's current organisation (someone from another organisation is a 404)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from gateway.core import session_tokens
from gateway.core.form_pages import form_page
from gateway.core.pagination import page_of
from gateway.core.permissions import permission_required
from gateway.core.site import page_url

from .. import holdings, queries
from ..forms.users import (
    ConfirmForm,
    InviteForm,
    MfaResetRequestForm,
    RolesForm,
    SetPasswordForm,
)
from ..models import Role
from ..rules import roles_fingerprint
from ..services import users as user_services

MANAGE = "accounts.manage_users"
SESSION_INVITATION_LINKS = "invitation_links"


def _role_names(roles):
    return [Role(role).label for role in roles]


@require_GET
@permission_required(MANAGE)
def users(request):
    organisation = request.current_organisation
    page = page_of(request, queries.members(organisation))
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
    return render(
        request,
        "accounts/users/list.jinja",
        {"page": page, "rows": rows, "resets": resets},
    )


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def invite(request):
    organisation = request.current_organisation

    def save(form):
        user, token = user_services.invite_user(request.user, organisation, **form.cleaned_data)
        link = None
        if token:
            link = page_url("accounts:invitation", token)
        return session_tokens.remember(
            request.session,
            SESSION_INVITATION_LINKS,
            {"user": str(user.public_id), "link": link, "role": form.cleaned_data["role"]},
        )

    return form_page(
        request,
        InviteForm,
        template="accounts/users/invite.jinja",
        form_kwargs={"organisation": organisation},
        save=save,
        next_url=lambda key: reverse("accounts:user-invited", kwargs={"token": key}),
    )


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
    return render(
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
    return render(
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
            "held": holdings.counts(member, organisation),
        },
    )


def _member_page(member):
    return reverse("accounts:user-detail", kwargs={"public_id": member.public_id})


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def user_roles(request, public_id):
    organisation = request.current_organisation
    member = queries.get_member(organisation, public_id)
    current = queries.roles_of(organisation, [member]).get(member.pk, [])

    def success(changes):
        added, removed = changes
        changed = "have been changed" if added or removed else "have not changed"
        return f"{member.display_name}'s roles {changed}"

    return form_page(
        request,
        RolesForm,
        template="accounts/users/roles.jinja",
        context={"member": member},
        form_kwargs={
            "organisation": organisation,
            "initial": {"roles": current, "version": roles_fingerprint(current)},
        },
        save=lambda form: user_services.change_roles(
            request.user,
            organisation,
            member,
            form.cleaned_data["roles"],
            read_at=form.cleaned_data["version"],
        ),
        success=success,
        next_url=_member_page(member),
    )


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def user_deactivate(request, public_id):
    organisation = request.current_organisation
    member = queries.get_member(organisation, public_id)
    return form_page(
        request,
        ConfirmForm,
        template="accounts/users/deactivate.jinja",
        context={"member": member, "held": holdings.counts(member, organisation)},
        save=lambda form: user_services.deactivate_member(request.user, organisation, member),
        success=f"{member.display_name} can no longer work for {organisation.name}",
        next_url=reverse("accounts:users"),
    )


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def mfa_reset_request(request, public_id):
    organisation = request.current_organisation
    member = queries.get_member(organisation, public_id)
    return form_page(
        request,
        MfaResetRequestForm,
        template="accounts/users/mfa_reset_request.jinja",
        context={"member": member},
        save=lambda form: user_services.request_mfa_reset(
            request.user, organisation, member, form.cleaned_data["reason"]
        ),
        success=f"You have asked for {member.display_name}'s authenticator app to be reset. "
        "Another admin of your organisation needs to confirm it within 24 hours",
        next_url=_member_page(member),
    )


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def mfa_reset_confirm(request, public_id):
    organisation = request.current_organisation
    reset = queries.get_mfa_reset(organisation, public_id)
    return form_page(
        request,
        ConfirmForm,
        template="accounts/users/mfa_reset_confirm.jinja",
        context={"reset": reset},
        save=lambda form: user_services.confirm_mfa_reset(request.user, organisation, reset),
        success=f"{reset.user.display_name}'s authenticator app has been reset. Next time they "
        "sign in, they will set up their app again",
        next_url=_member_page(reset.user),
    )


@sensitive_post_parameters("password", "password_again")
@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """Public: the invited person sets their password from their one-time link."""
    found = user_services.find_invitation(token)
    if found is None:
        return render(request, "accounts/users/invitation_expired.jinja", {}, status=404)

    def save(form):
        try:
            user_services.accept_invitation(token, form.cleaned_data["password"])
        except ValidationError as error:
            # A weak password or a link that stopped working is said against the password.
            raise ValidationError({"password": error.messages}) from None

    return form_page(
        request,
        SetPasswordForm,
        template="accounts/users/invitation.jinja",
        context={"invitation": found},
        save=save,
        success="Your password is set. Sign in now: you will then set up your authenticator app",
        next_url=reverse("accounts:sign-in"),
    )
