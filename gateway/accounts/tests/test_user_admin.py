"""An organisation admin manages their own organisation's staff: invites someone with a role
(who sets a password from a one-time link and their authenticator app at first sign-in),
changes roles, deactivates, and resets an authenticator app with a second admin's
confirmation. Everything is audited and scoped to the admin's organisation."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import sign_in
from gateway.accounts.models import Membership, MfaResetRequest, Role, User
from gateway.accounts.rules import roles_fingerprint
from gateway.accounts.services import users as user_services
from gateway.audit.models import AuditEvent
from gateway.core.models import STALE
from tests.factories import (
    MembershipFactory,
    PracticeFactory,
    SasPracticeFactory,
    TotpDeviceFactory,
)

from .helpers import current_code, page_text, post_password

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long walk by the sea at Hove"


@pytest.fixture
def practice():
    return SasPracticeFactory(name="Brighton SAS Practice")


def member(organisation, role=Role.PRACTICE_STAFF, name=None):
    extra = {"user__full_name": name} if name else {}
    user = MembershipFactory(organisation=organisation, role=role, **extra).user
    TotpDeviceFactory(user=user)
    return user


@pytest.fixture
def admin(practice, client):
    user = member(practice, Role.ORGANISATION_ADMIN, "Olu Admin")
    sign_in(client, user, practice)
    return client, user


@pytest.fixture
def second_admin(practice):
    user = member(practice, Role.ORGANISATION_ADMIN, "Noor Admin")
    client = Client()
    sign_in(client, user, practice)
    return client, user


def detail_url(user):
    return reverse("accounts:user-detail", args=[user.public_id])


# --- The list and who may see it ------------------------------------------------------


def test_the_admin_sees_their_organisations_staff_and_no_one_elses(admin, practice):
    client, _ = admin
    member(practice, name="Priya Practice")
    member(PracticeFactory(), name="Olive Outsider")
    page = page_text(client.get(reverse("accounts:users")))
    assert "Priya Practice" in page and "Practice staff" in page
    assert "Olive Outsider" not in page


def test_the_admins_home_counts_only_staff_whose_membership_here_is_in_force(admin, practice):
    """Someone who left this organisation but works at another is not this organisation's
    staff any more: the home page's count and the admin's sense of who has access agree."""
    client, _ = admin
    member(practice, name="Priya Practice")
    leaver = member(practice, name="Lee Leaver")
    Membership.objects.filter(user=leaver, organisation=practice).update(is_active=False)
    MembershipFactory(user=leaver, organisation=PracticeFactory(), role=Role.PRACTICE_STAFF)
    words = re.sub(r"<[^>]+>", "", page_text(client.get(reverse("core:home"))))
    assert "Your organisation's staff: 2 people. Change their roles" in words


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ORGANISATION_ADMIN])
def test_only_organisation_admins_manage_staff(staff_client, role):
    client, _, organisation = staff_client(role)
    colleague = member(organisation)
    assert client.get(reverse("accounts:users")).status_code == 403
    assert client.get(detail_url(colleague)).status_code == 403


def test_someone_at_another_organisation_looks_like_no_one(admin):
    client, _ = admin
    outsider = member(PracticeFactory())
    for name in ("accounts:user-detail", "accounts:user-roles", "accounts:user-deactivate"):
        assert client.get(reverse(name, args=[outsider.public_id])).status_code == 404
    assert (
        client.post(reverse("accounts:user-deactivate", args=[outsider.public_id])).status_code
        == 404
    )
    assert User.objects.get(pk=outsider.pk).is_active


def test_staff_list_is_paginated_with_a_bounded_number_of_queries(
    admin, practice, django_assert_max_num_queries
):
    client, _ = admin
    for n in range(40):
        member(practice, name=f"Person {n:02d}")
    with django_assert_max_num_queries(20):
        response = client.get(reverse("accounts:users"), {"page": 2})
    assert response.status_code == 200
    assert "Person 24" in page_text(response)


# --- Inviting -------------------------------------------------------------------------


def invite(client, **data):
    return client.post(
        reverse("accounts:user-invite"),
        {
            "full_name": "Nia New",
            "email": "nia.new@example.nhs.uk",
            "role": "practice_staff",
            **data,
        },
        follow=True,
    )


def test_an_invited_person_sets_a_password_from_their_link_then_sets_up_mfa_at_sign_in(
    admin, practice
):
    client, olu = admin
    response = invite(client)
    page = page_text(response)
    assert "Nia New has been invited" in page
    link = re.search(r'id="invitation-link">([^<]+)<', response.content.decode()).group(1)
    nia = User.objects.get(email="nia.new@example.nhs.uk")
    assert not nia.has_usable_password()
    assert set(nia.memberships.values_list("organisation", "role", "is_active")) == {
        (practice.pk, "practice_staff", True)
    }
    # The link is shown once.
    again = client.get(response.redirect_chain[-1][0], follow=True)
    assert "shown only once" in page_text(again)

    newcomer = Client()
    # Built from SITE_URL, never from the Host the admin's request came in on.
    assert link.startswith(settings.SITE_URL + "/")
    path = link.removeprefix(settings.SITE_URL)
    assert "Create your password" in page_text(newcomer.get(path))
    done = newcomer.post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:sign-in")
    # The link works once.
    assert newcomer.get(path).status_code == 404

    signed = post_password(newcomer, "nia.new@example.nhs.uk", NEW_PASSWORD)
    assert signed["Location"] == reverse("accounts:set-up-mfa")
    newcomer.get(reverse("accounts:set-up-mfa"))
    device = TOTPDevice.objects.get(user=nia, confirmed=False)
    finished = newcomer.post(reverse("accounts:set-up-mfa"), {"code": current_code(device)})
    assert finished.status_code == 302
    assert newcomer.get(reverse("core:home")).status_code == 200

    invited = AuditEvent.objects.get(action="create", object_id=str(nia.public_id))
    assert (invited.actor, invited.organisation) == (olu, practice)
    assert invited.detail == {"change": "invited", "role": "practice_staff", "new_account": True}


def test_an_invitation_link_stops_working_after_7_days(admin):
    client, _ = admin
    user, token = user_services.invite_user(
        admin[1],
        admin[1].memberships.get().organisation,
        full_name="Late Larry",
        email="larry@example.nhs.uk",
        role="practice_staff",
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        response = Client().get(reverse("accounts:invitation", args=[token]))
    assert response.status_code == 404
    assert "This link no longer works" in page_text(response)


def test_a_weak_or_mismatched_password_is_refused_in_plain_words(admin, practice):
    _, olu = admin
    _, token = user_services.invite_user(
        olu, practice, full_name="Nia New", email="nia@example.nhs.uk", role="practice_staff"
    )
    newcomer = Client()
    url = reverse("accounts:invitation", args=[token])
    short = newcomer.post(url, {"password": "short", "password_again": "short"})
    assert "at least 12 characters" in page_text(short)
    different = newcomer.post(url, {"password": NEW_PASSWORD, "password_again": "something else"})
    assert "The passwords do not match" in page_text(different)
    assert not User.objects.get(email="nia@example.nhs.uk").has_usable_password()


def test_inviting_someone_who_already_works_here_is_refused_and_what_was_typed_is_kept(
    admin, practice
):
    client, _ = admin
    priya = member(practice, name="Priya Practice")
    response = invite(client, full_name="Priya Again", email=priya.email.upper())
    page = page_text(response)
    assert "Priya Practice already works for your organisation. Change their roles instead" in page
    assert 'value="Priya Again"' in page


def test_a_role_this_kind_of_organisation_does_not_have_is_refused(admin):
    client, _ = admin
    response = invite(client, role="commissioner")
    assert "Select one of the roles shown" in page_text(response)
    assert not User.objects.filter(email="nia.new@example.nhs.uk").exists()


def test_someone_who_already_has_an_account_elsewhere_joins_without_a_new_password(admin, practice):
    client, _ = admin
    elsewhere = member(PracticeFactory(), name="Wren Elsewhere")
    response = invite(client, full_name="Wren Elsewhere", email=elsewhere.email)
    assert "already has a Gateway account" in page_text(response)
    assert Membership.objects.filter(user=elsewhere, organisation=practice, is_active=True).exists()
    assert elsewhere.invitations.count() == 0


# --- Roles ----------------------------------------------------------------------------


def roles_page(client, person):
    """The roles page's URL and the fingerprint of the roles it showed (its hidden field)."""
    url = reverse("accounts:user-roles", args=[person.public_id])
    page = client.get(url).content.decode()
    return url, re.search(r'name="version" value="([0-9a-f]+)"', page).group(1)


def active_roles(person, organisation):
    return set(
        Membership.objects.filter(
            user=person, organisation=organisation, is_active=True
        ).values_list("role", flat=True)
    )


def test_changing_roles_gives_exactly_the_roles_chosen_and_is_audited(admin, practice):
    client, olu = admin
    priya = member(practice, name="Priya Practice")
    url, version = roles_page(client, priya)
    response = client.post(url, {"roles": ["sas_practice_staff", "auditor"], "version": version})
    assert response.status_code == 302
    active = set(
        Membership.objects.filter(user=priya, organisation=practice, is_active=True).values_list(
            "role", flat=True
        )
    )
    assert active == {"sas_practice_staff", "auditor"}
    event = AuditEvent.objects.get(action="update", object_id=str(priya.public_id))
    assert event.detail == {
        "added": ["auditor", "sas_practice_staff"],
        "removed": ["practice_staff"],
    }
    assert event.actor == olu


def test_an_admin_cannot_remove_their_own_admin_role(admin, practice):
    client, olu = admin
    url, version = roles_page(client, olu)
    response = client.post(url, {"roles": ["practice_staff"], "version": version})
    assert "You cannot remove your own organisation admin role" in page_text(response)
    assert Membership.objects.get(user=olu, role="organisation_admin").is_active


def test_no_roles_at_all_is_refused(admin, practice):
    client, _ = admin
    priya = member(practice)
    url, version = roles_page(client, priya)
    response = client.post(url, {"version": version})
    assert "Select at least one role" in page_text(response)


def test_two_admins_change_one_persons_roles_the_second_is_refused_and_nothing_overwritten(
    admin, second_admin, practice
):
    """docs/adr/0046-concurrency-faults-and-secrets-at-rest.md: a save over roles someone changed
    since the page was read is refused with the plain message, and nothing is written."""
    olu_client, olu = admin
    noor_client, _ = second_admin
    priya = member(practice, name="Priya Practice")
    olu_url, olu_read = roles_page(olu_client, priya)
    noor_url, noor_read = roles_page(noor_client, priya)

    first = olu_client.post(olu_url, {"roles": ["sas_practice_staff"], "version": olu_read})
    assert first.status_code == 302
    second = noor_client.post(
        noor_url, {"roles": ["practice_staff", "auditor"], "version": noor_read}
    )

    assert second.status_code == 200
    assert STALE in page_text(second)
    assert active_roles(priya, practice) == {"sas_practice_staff"}
    changes = AuditEvent.objects.filter(action="update", object_id=str(priya.public_id))
    assert [event.actor for event in changes] == [olu]
    # Reading the page again shows Olu's save, and Noor's next save from it goes through.
    noor_url, noor_read = roles_page(noor_client, priya)
    third = noor_client.post(noor_url, {"roles": ["practice_staff"], "version": noor_read})
    assert third.status_code == 302
    assert active_roles(priya, practice) == {"practice_staff"}


def test_a_roles_save_without_the_roles_it_was_read_at_is_refused(admin, practice):
    client, _ = admin
    priya = member(practice)
    url = reverse("accounts:user-roles", args=[priya.public_id])
    response = client.post(url, {"roles": ["auditor", "practice_staff"]})
    assert STALE in page_text(response)
    assert active_roles(priya, practice) == {"practice_staff"}


def test_a_stale_roles_change_through_the_service_writes_nothing(admin, practice):
    _, olu = admin
    priya = member(practice)
    read_at = roles_fingerprint(["practice_staff"])
    user_services.change_roles(olu, practice, priya, ["auditor", "practice_staff"])
    with pytest.raises(ValidationError, match="Someone else changed this"):
        user_services.change_roles(olu, practice, priya, ["sas_practice_staff"], read_at=read_at)
    assert active_roles(priya, practice) == {"auditor", "practice_staff"}


# --- Deactivating ---------------------------------------------------------------------


def test_a_deactivated_person_can_no_longer_sign_in_or_use_their_session(admin, practice):
    client, olu = admin
    priya = member(practice, name="Priya Practice")
    their_session = sign_in(Client(), priya, practice)
    assert their_session.get(reverse("core:home")).status_code == 200

    response = client.post(reverse("accounts:user-deactivate", args=[priya.public_id]))

    assert response.status_code == 302
    priya.refresh_from_db()
    assert not priya.is_active
    assert not priya.memberships.filter(is_active=True).exists()
    assert their_session.get(reverse("core:home")).status_code == 302
    event = AuditEvent.objects.get(action="state_change", object_id=str(priya.public_id))
    assert event.detail["change"] == "deactivated" and event.actor == olu


def test_deactivating_someone_who_works_elsewhere_ends_only_this_organisations_roles(
    admin, practice
):
    client, _ = admin
    priya = member(practice)
    other = PracticeFactory()
    MembershipFactory(user=priya, organisation=other)
    client.post(reverse("accounts:user-deactivate", args=[priya.public_id]))
    priya.refresh_from_db()
    assert priya.is_active
    assert list(
        priya.memberships.filter(is_active=True).values_list("organisation", flat=True)
    ) == [other.pk]


def test_an_admin_cannot_deactivate_themselves(admin):
    client, olu = admin
    response = client.post(reverse("accounts:user-deactivate", args=[olu.public_id]))
    assert "You cannot deactivate yourself" in page_text(response)
    assert User.objects.get(pk=olu.pk).is_active


# --- Resetting an authenticator app: two people ---------------------------------------


def ask_for_reset(client, user, reason="New phone, old one broken"):
    return client.post(
        reverse("accounts:user-mfa-reset", args=[user.public_id]), {"reason": reason}
    )


def test_mfa_reset_needs_a_second_admin_and_nothing_changes_until_they_confirm(
    admin, second_admin, practice
):
    client, olu = admin
    noor_client, noor = second_admin
    priya = member(practice, name="Priya Practice")

    assert ask_for_reset(client, priya).status_code == 302
    reset = MfaResetRequest.objects.get(user=priya)
    assert TOTPDevice.objects.filter(user=priya).exists()  # nothing happens yet

    home = re.sub(r"<[^>]+>", "", page_text(noor_client.get(reverse("core:home"))))
    assert "Authenticator app resets to confirm: 1 waiting" in home
    confirmed = noor_client.post(reverse("accounts:mfa-reset-confirm", args=[reset.public_id]))

    assert confirmed.status_code == 302
    assert not TOTPDevice.objects.filter(user=priya).exists()
    reset.refresh_from_db()
    assert (reset.requested_by, reset.confirmed_by) == (olu, noor)
    event = AuditEvent.objects.get(action="mfa", object_id=str(priya.public_id))
    assert event.actor == noor and event.detail["asked_by"] == str(olu.public_id)
    # At their next sign-in, after the password, they set up the app again.
    assert post_password(Client(), priya.email)["Location"] == reverse("accounts:set-up-mfa")


def test_mfa_reset_the_admin_who_asked_cannot_confirm_it(admin, practice):
    client, _ = admin
    priya = member(practice)
    ask_for_reset(client, priya)
    reset = MfaResetRequest.objects.get(user=priya)
    response = client.post(reverse("accounts:mfa-reset-confirm", args=[reset.public_id]))
    assert "You asked for this reset, so another admin of your organisation must confirm it" in (
        page_text(response)
    )
    assert TOTPDevice.objects.filter(user=priya).exists()
    assert MfaResetRequest.objects.get(pk=reset.pk).confirmed_at is None


def test_mfa_reset_the_person_whose_app_it_is_cannot_confirm_it(admin, second_admin):
    client, olu = admin
    noor_client, noor = second_admin
    ask_for_reset(client, noor)
    reset = MfaResetRequest.objects.get(user=noor)
    response = noor_client.post(reverse("accounts:mfa-reset-confirm", args=[reset.public_id]))
    assert "must confirm a reset of your own app" in page_text(response)
    assert TOTPDevice.objects.filter(user=noor).exists()


def test_mfa_reset_an_admin_of_another_organisation_cannot_confirm_it(admin, practice):
    client, _ = admin
    priya = member(practice)
    ask_for_reset(client, priya)
    reset = MfaResetRequest.objects.get(user=priya)
    other = PracticeFactory()
    outsider = member(other, Role.ORGANISATION_ADMIN)
    other_client = sign_in(Client(), outsider, other)
    url = reverse("accounts:mfa-reset-confirm", args=[reset.public_id])
    assert other_client.get(url).status_code == 404
    assert other_client.post(url).status_code == 404
    assert TOTPDevice.objects.filter(user=priya).exists()


def test_mfa_reset_request_expires_after_24_hours(admin, second_admin, practice):
    client, _ = admin
    noor_client, _ = second_admin
    priya = member(practice)
    ask_for_reset(client, priya)
    reset = MfaResetRequest.objects.get(user=priya)
    asked = reset.created_at
    assert reset.expires_at == asked + datetime.timedelta(hours=24) or abs(
        reset.expires_at - asked - datetime.timedelta(hours=24)
    ) < datetime.timedelta(seconds=5)
    # A day later (the admins' sessions would have timed out, so move the request instead).
    MfaResetRequest.objects.filter(pk=reset.pk).update(
        created_at=asked - datetime.timedelta(hours=24, minutes=1),
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    response = noor_client.post(reverse("accounts:mfa-reset-confirm", args=[reset.public_id]))
    assert "This request has expired. Ask for the reset again" in page_text(response)
    assert TOTPDevice.objects.filter(user=priya).exists()


def test_mfa_reset_the_database_refuses_a_confirmation_by_the_person_who_asked(practice):
    from django.db import IntegrityError, transaction

    olu, priya = member(practice, Role.ORGANISATION_ADMIN), member(practice)
    reset = MfaResetRequest.objects.create(
        user=priya,
        organisation=practice,
        requested_by=olu,
        reason="x",
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        MfaResetRequest.objects.filter(pk=reset.pk).update(confirmed_by=olu)


def test_mfa_reset_asking_needs_a_reason(admin, practice):
    client, _ = admin
    priya = member(practice)
    response = ask_for_reset(client, priya, reason="  ")
    assert "Enter why their authenticator app needs resetting" in page_text(response)
    assert not MfaResetRequest.objects.exists()


def test_the_mfa_page_promise_is_kept_the_organisation_admin_can_reset_it(client, practice):
    """The code page tells a person who lost their app to ask their organisation admin."""
    priya = member(practice)
    client.force_login(priya)
    assert "ask your organisation admin to reset it" in page_text(
        client.get(reverse("accounts:verify"))
    )
