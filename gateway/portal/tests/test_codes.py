"""One-time codes for the patient's own page (ADR 0013): random, stored as
a keyed hash, single-use, short-lived, rate limited per code and per client, and issuing
and every sign-in audited with the patient as subject."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.comms.models import Message
from gateway.patients.models import ContactRoute
from gateway.portal import rules, services
from gateway.portal.models import AccessCode, PortalSession
from tests.factories import MembershipFactory

from .helpers import issue, scheme_with_mobile

pytestmark = pytest.mark.django_db


def _sign_in(code, address="203.0.113.5"):
    return services.sign_in_with_code(code, client_address=address)


def test_code_is_random_and_only_its_keyed_hash_is_stored():
    scheme = scheme_with_mobile()
    issued = issue(scheme)
    row = AccessCode.objects.get()
    plain = issued.shown.replace("-", "")
    assert len(plain) == rules.CODE_LENGTH
    assert all(ch in rules.ALPHABET for ch in plain)
    assert plain not in row.secret_hash and row.secret_hash != plain
    assert row.selector == plain[: rules.SELECTOR_LENGTH]
    assert issue(scheme).shown != issued.shown


def test_code_works_once_and_opens_a_session_for_that_person_only():
    scheme = scheme_with_mobile()
    issued = issue(scheme)
    first = _sign_in(issued.shown.lower().replace("-", " "))  # case and spaces do not matter
    assert first.ok
    assert first.session.patient == scheme.episode.patient
    again = _sign_in(issued.shown)
    assert not again.ok
    assert again.error == services.CODE_DID_NOT_WORK


def test_code_stops_working_after_the_policy_minutes():
    scheme = scheme_with_mobile()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        issued = issue(scheme)
        traveller.shift(datetime.timedelta(minutes=31))
        result = _sign_in(issued.shown)
    assert not result.ok and result.error == services.CODE_DID_NOT_WORK


def test_every_refusal_reads_the_same_so_codes_cannot_be_enumerated():
    scheme = scheme_with_mobile()
    issued = issue(scheme)
    wrong_secret = issued.shown[:5] + ("A" if issued.shown[5] != "A" else "B") + issued.shown[6:]
    answers = {
        _sign_in("ZZZZ-ZZZZ").error,  # no such code (almost surely)
        _sign_in(wrong_secret).error,
        _sign_in("not a code").error,
    }
    assert answers == {services.CODE_DID_NOT_WORK}


@override_settings(PORTAL_CODE_MAX_WRONG_TRIES=3, PORTAL_CLIENT_MAX_FAILURES=100)
def test_a_code_is_locked_after_too_many_wrong_tries_even_from_different_clients():
    scheme = scheme_with_mobile()
    issued = issue(scheme)
    selector = issued.shown[:4]
    wrong = [f"{selector}-{s}" for s in ("2222", "3333", "4444")]
    wrong = [w for w in wrong if w != issued.shown][:3]
    for n, code in enumerate(wrong):
        assert not _sign_in(code, address=f"198.51.100.{n}").ok
    assert AccessCode.objects.get().locked_at is not None
    assert not _sign_in(issued.shown, address="198.51.100.99").ok  # the right code, too late


@override_settings(PORTAL_CLIENT_MAX_FAILURES=4, PORTAL_CLIENT_LOCKOUT_MINUTES=15)
def test_a_client_is_refused_for_a_while_after_too_many_failures():
    scheme = scheme_with_mobile()
    issued = issue(scheme)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(4):
            _sign_in("ZZZZ-ZZZZ")
        locked = _sign_in(issued.shown)
        assert not locked.ok and "too many times" in locked.error
        # Only that client: the person on another phone still gets in.
        assert _sign_in(issued.shown, address="192.0.2.77").ok
        traveller.shift(datetime.timedelta(minutes=16))
        assert _sign_in(issue(scheme).shown).ok
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKED_OUT).exists()


def test_a_new_code_replaces_the_earlier_one():
    scheme = scheme_with_mobile()
    old = issue(scheme)
    new = issue(scheme)
    assert not _sign_in(old.shown).ok
    assert _sign_in(new.shown).ok


def test_issuing_and_signing_in_are_audited_with_the_patient_as_subject():
    scheme = scheme_with_mobile()
    patient = scheme.episode.patient
    issued = issue(scheme)
    _sign_in(issued.shown)
    actions = list(
        AuditEvent.objects.filter(patient_id=patient.pk).values_list("action", "object_type")
    )
    assert ("create", "portal.AccessCode") in actions
    assert ("sign_in", "portal.PortalSession") in actions
    assert not AuditEvent.objects.filter(detail__icontains=issued.shown).exists()


def test_code_sent_by_text_goes_through_the_outbox_without_the_nhs_number():
    scheme = scheme_with_mobile()
    patient = scheme.episode.patient
    route = ContactRoute.objects.get(patient=patient)
    issued = issue(scheme, delivery="text", route=route)
    message = Message.objects.get(template="portal/code")
    assert message.kind == Message.Kind.TEXT
    assert message.phone_number == "07700900111"
    assert issued.shown in message.body_text
    assert patient.nhs_number not in message.body_text
    assert patient.nhs_number not in message.reference
    assert "30 minutes" in message.body_text


def test_code_is_never_sent_to_a_route_staff_have_not_confirmed():
    scheme = scheme_with_mobile()
    route = ContactRoute.objects.get()
    route.awaiting_staff_confirmation = True
    route.save()
    with pytest.raises(ValidationError):
        issue(scheme, delivery="text", route=route)
    assert not Message.objects.exists()


def test_only_staff_who_work_with_the_person_may_give_a_code():
    scheme = scheme_with_mobile()
    patient = scheme.episode.patient
    practice_user = MembershipFactory(role=Role.PRACTICE_STAFF).user
    other_sas = MembershipFactory(role=Role.SAS_PRACTICE_STAFF).user
    for user in (practice_user, other_sas):
        organisation = user.memberships.get().organisation
        assert not services.can_issue_code(user, organisation, patient)
        with pytest.raises(PermissionDenied), transaction.atomic():
            services.issue_code(user, organisation, patient, "on_screen")
    for user, organisation in [
        (scheme.sas_user, scheme.sas_practice),
        (scheme.commissioner_user, scheme.commissioner),
        (scheme.support_user, scheme.support_org),
    ]:
        assert services.can_issue_code(user, organisation, patient)


def test_staff_page_shows_the_code_once_and_never_in_the_url(client, staff_client):
    scheme = scheme_with_mobile()
    patient = scheme.episode.patient
    client, _, _ = staff_client(Role.SAS_PRACTICE_STAFF, scheme.sas_practice)
    url = reverse("portal:issue-code", kwargs={"public_id": patient.public_id})
    page = client.get(url)
    assert page.status_code == 200
    assert "07700900111" in page.content.decode()
    shown = client.post(url, {"delivery": "on_screen"})
    assert shown.status_code == 200
    assert shown["Cache-Control"] == "no-store"
    assert AccessCode.objects.filter(patient=patient).count() == 1
    assert patient.nhs_number not in url


def test_staff_session_does_not_open_the_patients_page(staff_client):
    scheme = scheme_with_mobile()
    client, _, _ = staff_client(Role.SAS_PRACTICE_STAFF, scheme.sas_practice)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:sign-in")


def test_portal_session_times_out_when_idle_and_after_the_absolute_limit(client):
    scheme = scheme_with_mobile()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        issued = issue(scheme)
        client.post(reverse("portal:sign-in"), {"code": issued.shown})
        assert client.get(reverse("portal:home")).status_code == 200
        traveller.shift(datetime.timedelta(minutes=16))  # idle 15 minutes
        response = client.get(reverse("portal:home"))
        assert response["Location"] == reverse("portal:sign-in")
        assert PortalSession.objects.get().ended_reason == "idle timeout"

        issued = issue(scheme)
        client.post(reverse("portal:sign-in"), {"code": issued.shown})
        for _ in range(5):
            traveller.shift(datetime.timedelta(minutes=13))  # busy, but 65 minutes in all
            response = client.get(reverse("portal:home"))
        assert response["Location"] == reverse("portal:sign-in")
        assert PortalSession.objects.filter(ended_reason="absolute timeout").count() == 1


def test_sign_out_ends_the_session_so_the_cookie_no_longer_works(client):
    scheme = scheme_with_mobile()
    issued = issue(scheme)
    client.post(reverse("portal:sign-in"), {"code": issued.shown})
    token = client.cookies["gateway_portal"].value
    client.post(reverse("portal:sign-out"))
    assert PortalSession.objects.get().ended_reason == "signed out"
    client.cookies["gateway_portal"] = token  # replaying the old cookie
    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:sign-in")


def test_staff_opening_the_give_a_code_page_is_audited_as_a_view_of_the_record(staff_client):
    scheme = scheme_with_mobile()
    patient = scheme.episode.patient
    client, user, _ = staff_client(Role.SAS_PRACTICE_STAFF, scheme.sas_practice)
    url = reverse("portal:issue-code", kwargs={"public_id": patient.public_id})
    assert client.get(url).status_code == 200
    event = AuditEvent.objects.get(patient_id=patient.pk, action="view")
    assert event.actor_id == user.pk
    assert event.detail["page"] == "give a code"


def test_on_a_shared_device_the_next_person_gets_the_code_form_not_the_last_persons_page(client):
    first = scheme_with_mobile()
    second = scheme_with_mobile()
    client.post(reverse("portal:sign-in"), {"code": issue(first).shown})
    first_session = PortalSession.objects.get(patient=first.episode.patient)
    page = client.get(reverse("portal:sign-in"))
    assert page.status_code == 200  # not a redirect to the first person's page
    assert first.episode.patient.display_name not in page.content.decode()
    client.post(reverse("portal:sign-in"), {"code": issue(second).shown})
    first_session.refresh_from_db()
    assert first_session.ended_at is not None
    home = client.get(reverse("portal:home")).content.decode()
    assert first.episode.patient.display_name not in home
