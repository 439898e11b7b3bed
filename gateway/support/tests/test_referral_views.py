"""Referral pages: a referral without consent is refused on the page with
nothing written, what happened is recorded with the registry's reasons, the history is
shown, the referrer sees the news on "Your referrals" and the home page, the commissioners'
report counts declines by reason and by service (table and CSV), and every list costs the
same bounded number of queries at two sizes."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.patients.models import PatientRelationship
from gateway.support.models import DeclineReason, ServiceReferral
from gateway.support.services import referrals as referral_services

from .helpers import Person
from .test_referrals import refer_consent

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LAST_WEEK = TODAY - datetime.timedelta(days=7)
Status = ServiceReferral.Status


@pytest.fixture
def person():
    return Person()


@pytest.fixture
def signed_in(staff_client, person):
    """The housing support worker, signed in (the referrer)."""
    client, user, _ = staff_client(Role.SUPPORT_WORKER, person.housing)
    person.housing_worker = user
    return client


def date_post(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def url(name, obj):
    return reverse(name, kwargs={"public_id": obj.public_id})


def new_referral_post(person, **fields):
    return {
        "service_type": "refuge",
        "receiving_organisation": str(person.refuge.public_id),
        "reason": "Fleeing her partner",
        "persons_wishes": "Near her children's school",
        **date_post("sent_on", TODAY),
        **fields,
    }


def send(person, patient=None):
    return referral_services.send_referral(
        person.housing_worker,
        person.housing,
        patient or person.patient,
        service_type="refuge",
        receiving_organisation=person.refuge,
        reason="Fleeing her partner",
        sent_on=LAST_WEEK,
    )


def test_consent_blocks_a_referral_on_the_page_kept_typed_nothing_written(person, signed_in):
    response = signed_in.post(
        url("support:referral-new", person.patient), new_referral_post(person)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "has not agreed to be referred" in page
    assert "Fleeing her partner" in page  # what was typed is kept
    assert not ServiceReferral.objects.exists()


def test_a_referral_is_made_and_shown_with_its_history(person, signed_in):
    refer_consent(person)
    response = signed_in.post(
        url("support:referral-new", person.patient), new_referral_post(person)
    )
    # Check your answers first: nothing is written until it is confirmed.
    assert "/support/referrals/check/" in response.url
    assert not ServiceReferral.objects.exists()
    check = signed_in.get(response.url).content.decode()
    assert "Check your answers before you record the referral" in check
    assert "Fleeing her partner" in check
    response = signed_in.post(response.url)
    referral = ServiceReferral.objects.get()
    # The confirmation page says what happens next.
    assert response.url == reverse("support:referral-sent", args=[referral.public_id])
    sent = signed_in.get(response.url).content.decode()
    assert "Referral recorded" in sent and "What happens next" in sent
    page = signed_in.get(url("support:referral-detail", referral)).content.decode()
    assert "Safe Haven Refuge" in page
    assert "Near her children" in page
    list_page = signed_in.get(url("support:referrals", person.patient)).content.decode()
    assert "Refuge: Safe Haven Refuge" in list_page
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, detail__page="support: referral to a service"
    ).exists()


def test_a_decline_is_recorded_with_the_registry_reason_and_the_referrer_sees_the_news(
    person, signed_in, client
):
    refer_consent(person)
    referral = send(person)
    # The refuge's worker records the decline.
    refuge_client = sign_in(Client(), person.support_worker, person.refuge)
    response = refuge_client.post(
        url("support:referral-change", referral),
        {
            "version": referral.version,
            "to_status": "declined",
            "decline_reason": "needs_too_high",
            "note": "",
            **date_post("on", TODAY),
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason.code) == ("declined", "needs_too_high")
    home = signed_in.get(reverse("core:home")).content.decode()
    assert "1 with news" in home
    mine = signed_in.get(reverse("support:my-referrals")).content.decode()
    assert "News" in mine and "Declined: Needs too high for the service" in mine
    assert '<strong class="nhsuk-tag nhsuk-tag--blue">' in mine  # the news tag
    # The person and the service, read with only what the list shows (docs/adr/0061).
    name = person.patient.display_name
    assert f"{name}</td>" in mine and f'<span class="nhsuk-u-visually-hidden"> for {name}' in mine
    assert f"{referral.get_service_type_display()}: {person.refuge.name}<span" in mine
    detail = signed_in.get(url("support:referral-detail", referral)).content.decode()
    assert "changed since you last looked" in detail
    referral.refresh_from_db()
    assert not referral.news_for_referrer


def test_other_needs_words_and_a_stale_form_is_refused_on_the_page(person, signed_in):
    refer_consent(person)
    referral = send(person)
    page = signed_in.post(
        url("support:referral-change", referral),
        {
            "version": referral.version,
            "to_status": "declined",
            "decline_reason": "other",
            **date_post("on", TODAY),
        },
    ).content.decode()
    assert "Say what the service&#x27;s reason was" in page or "reason was" in page
    page = signed_in.post(
        url("support:referral-change", referral),
        {"version": referral.version + 5, "to_status": "accepted", **date_post("on", TODAY)},
    ).content.decode()
    assert "Someone else changed this" in page
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_the_decline_report_shows_reasons_and_services_and_exports_csv(person, staff_client):
    refer_consent(person)
    PatientRelationship.objects.create(
        patient=person.patient,
        organisation=person.commissioner,
        kind=PatientRelationship.Kind.COMMISSIONER,
        is_active=True,
    )
    referral = send(person)
    referral_services.record_change(
        person.support_worker,
        person.refuge,
        referral,
        referral.version,
        to_status=Status.DECLINED,
        on=TODAY,
        decline_reason=DeclineReason.objects.get(code="needs_too_high"),
    )
    client, _, _ = staff_client(Role.COMMISSIONER, person.commissioner)
    page = client.get(reverse("support:decline-report")).content.decode()
    assert "1 referral sent, 1 declined." in page
    assert "Needs too high for the service: 1" in page
    exported = client.get(reverse("support:decline-report") + "?format=csv")
    assert exported["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0][:5] == ["Service", "Sent", "Accepted", "Declined", "Waiting"]
    refuge = next(r for r in rows if r[0] == "Refuge")
    assert refuge[1:4] == ["1", "0", "1"]
    assert refuge[5] == "1"  # needs too high, the first reason
    assert person.patient.family_name not in exported.content.decode()


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_referral_lists_history_and_report_cost_the_same_queries_at_two_sizes(
    person, signed_in, staff_client
):
    refer_consent(person)
    PatientRelationship.objects.create(
        patient=person.patient,
        organisation=person.commissioner,
        kind=PatientRelationship.Kind.COMMISSIONER,
        is_active=True,
    )
    reason = DeclineReason.objects.get(code="no_capacity")

    def add(n):
        for _ in range(n):
            referral = send(person)
            referral_services.record_change(
                person.support_worker,
                person.refuge,
                referral,
                referral.version,
                to_status=Status.DECLINED,
                on=TODAY,
                decline_reason=reason,
            )
        return referral

    first = add(1)
    pages = [
        url("support:referrals", person.patient),
        reverse("support:my-referrals"),
        url("support:referral-detail", first),
        url("support:patient", person.patient),
        reverse("core:home"),
    ]
    signed_in.get(pages[2])  # the news has reached the referrer: later opens write nothing
    small = [_count(signed_in, p) for p in pages]
    add(30)
    large = [_count(signed_in, p) for p in pages]
    assert large == small
    assert max(large) <= 40
    commissioner, _, _ = staff_client(Role.COMMISSIONER, person.commissioner)
    report_small = _count(commissioner, reverse("support:decline-report"))
    add(5)
    assert _count(commissioner, reverse("support:decline-report")) == report_small <= 20
