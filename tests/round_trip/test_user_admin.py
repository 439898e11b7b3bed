"""An organisation admin's staff forms round-trip: the person invited, the roles chosen, the
reason for an authenticator reset and the password an invited person creates are what
Gateway stores."""

import pytest
from django.urls import reverse

from conftest import sign_in
from gateway.accounts.forms.users import InviteForm, MfaResetRequestForm, RolesForm, SetPasswordForm
from gateway.accounts.models import Membership, MfaResetRequest, Role, User
from gateway.accounts.services import users as user_services
from tests import factories

from .harness import RoundTrip, check, page_errors, scenario, submit

pytestmark = pytest.mark.django_db

PASSWORD = "a long walk by the sea at Hove"


def _admin(client):
    practice = factories.SasPracticeFactory()
    admin = factories.MembershipFactory(organisation=practice, role=Role.ORGANISATION_ADMIN).user
    sign_in(client, admin, practice)
    return admin, practice


@scenario(InviteForm)
def invite_someone(client):
    _, practice = _admin(client)
    data = {"full_name": "Nia Newcomer", "email": "nia.newcomer@example.nhs.uk", "role": "auditor"}
    sent = submit(client, reverse("accounts:user-invite"), data)
    assert sent.status_code == 302, page_errors(sent)
    nia = User.objects.get(email="nia.newcomer@example.nhs.uk")
    role = Membership.objects.get(user=nia, organisation=practice, is_active=True).role
    return RoundTrip(
        InviteForm, data, {"full_name": nia.full_name, "email": nia.email, "role": role}
    )


def test_an_invitation_keeps_the_name_email_and_role(client):
    check(invite_someone(client))


@scenario(RolesForm)
def change_roles(client):
    _, practice = _admin(client)
    priya = factories.MembershipFactory(organisation=practice).user
    data = {"roles": ["sas_practice_staff", "auditor"]}
    sent = submit(client, reverse("accounts:user-roles", args=[priya.public_id]), data)
    assert sent.status_code == 302, page_errors(sent)
    roles = Membership.objects.filter(user=priya, organisation=practice, is_active=True)
    return RoundTrip(RolesForm, data, {"roles": list(roles.values_list("role", flat=True))})


def test_changed_roles_keep_every_role_chosen(client):
    check(change_roles(client))


@scenario(MfaResetRequestForm)
def ask_for_an_authenticator_reset(client):
    _, practice = _admin(client)
    priya = factories.MembershipFactory(organisation=practice).user
    data = {"reason": "Dropped her phone in the sea at Hove"}
    sent = submit(client, reverse("accounts:user-mfa-reset", args=[priya.public_id]), data)
    assert sent.status_code == 302, page_errors(sent)
    return RoundTrip(
        MfaResetRequestForm, data, {"reason": MfaResetRequest.objects.get(user=priya).reason}
    )


def test_an_authenticator_reset_request_keeps_its_reason(client):
    check(ask_for_an_authenticator_reset(client))


@scenario(SetPasswordForm)
def create_a_password(client):
    admin = factories.MembershipFactory(role=Role.ORGANISATION_ADMIN)
    nia, token = user_services.invite_user(
        admin.user,
        admin.organisation,
        full_name="Nia Newcomer",
        email="nia@example.nhs.uk",
        role=Role.PRACTICE_STAFF,
    )
    data = {"password": PASSWORD, "password_again": PASSWORD}
    sent = submit(client, reverse("accounts:invitation", args=[token]), data)
    assert sent.status_code == 302, page_errors(sent)
    nia.refresh_from_db()
    # Only a hash is stored: the password round-trips when it checks against it.
    kept = PASSWORD if nia.check_password(PASSWORD) else "(a different password)"
    return RoundTrip(
        SetPasswordForm,
        data,
        {"password": kept},
        unstored={"password_again": "typed twice to catch a slip; one password is kept"},
    )


def test_the_password_an_invited_person_creates_is_the_one_they_sign_in_with(client):
    check(create_a_password(client))
