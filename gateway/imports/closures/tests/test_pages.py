"""The pages of a closing practice as staff meet them: an organisation admin closes one by
hand; the commissioner sees the people left, moves one (letter queued), sees them as moved and
the alert done; redirects all open referrals; records a merger and sees the staff left."""

import html
import re

import pytest
from django.urls import reverse

from gateway.accounts.models import PracticeClosure, Role
from gateway.comms.models import Message
from gateway.imports.closures import services
from gateway.registration.tests.helpers import World, sent_referral
from gateway.sas.tests.factories import OnScheme
from tests.factories import MembershipFactory, SasPracticeFactory

from .test_services import CLOSE_DAY, admin_of

pytestmark = pytest.mark.django_db


def text_of(response):
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(words).split())


def signed_in(client, user, organisation):
    from conftest import sign_in

    sign_in(client, user, organisation)
    return client


def test_an_admin_closes_a_practice_by_hand(client):
    scheme = OnScheme()
    admin = admin_of(scheme.commissioner)
    signed_in(client, admin, scheme.commissioner)
    url = reverse("imports:practice-close")
    assert "Close a practice" in text_of(client.get(url))

    response = client.post(
        url,
        {
            "practice": str(scheme.sas_practice.public_id),
            "closed_on_day": "1",
            "closed_on_month": "3",
            "closed_on_year": "2099",
            "reason": "The partners retire",
        },
    )

    assert response.status_code == 302
    scheme.sas_practice.refresh_from_db()
    assert scheme.sas_practice.closed_on == CLOSE_DAY
    alert = PracticeClosure.objects.get()
    assert alert.people_on_scheme == 1


def test_the_commissioner_moves_a_person_from_the_list(client, django_assert_max_num_queries):
    scheme = OnScheme()
    new = SasPracticeFactory(commissioner=scheme.commissioner, name="Moulsecoomb SAS")
    alert = services.close_by_hand(
        admin_of(scheme.commissioner),
        scheme.commissioner,
        scheme.sas_practice,
        closed_on=CLOSE_DAY,
        reason="Retiring",
    )
    signed_in(client, scheme.commissioner_user, scheme.commissioner)
    url = reverse("imports:closure", kwargs={"public_id": alert.public_id})

    with django_assert_max_num_queries(25):
        page = text_of(client.get(url))
    assert f"{scheme.sas_practice.name} is closing" in page
    assert "Left to do: 1 person on the scheme, 0 open registration referrals." in page
    assert f"Move {scheme.patient.display_name}" in page
    assert "Moulsecoomb SAS" in page

    response = client.post(
        reverse("imports:closure-move", kwargs={"public_id": alert.public_id}),
        {"episode": str(scheme.episode.public_id), "practice": str(new.public_id)},
    )

    assert response.status_code == 302
    page = text_of(client.get(response.url))
    assert (
        f"{scheme.patient.display_name} moved to Moulsecoomb SAS. Letters are on their way." in page
    )
    assert "Done. Everyone was moved." in page
    moved = text_of(client.get(url + "?show=moved"))
    assert f"{scheme.patient.display_name}: to Moulsecoomb SAS" in moved
    assert Message.objects.filter(template="sas/practice_change").count() == 1


def test_the_commissioner_redirects_every_open_referral(client, django_assert_max_num_queries):
    world = World()
    referrals = [sent_referral(world) for _ in range(2)]
    alert = services.close_by_hand(
        admin_of(world.commissioner),
        world.commissioner,
        world.practice,
        closed_on=CLOSE_DAY,
        reason="Retiring",
    )
    signed_in(client, world.commissioner_user, world.commissioner)
    url = reverse("imports:closure", kwargs={"public_id": alert.public_id})
    with django_assert_max_num_queries(25):
        page = text_of(client.get(url + "?show=referrals"))
    assert "Redirect all 2" in page

    response = client.post(
        reverse("imports:closure-redirect", kwargs={"public_id": alert.public_id}),
        {"practice": str(world.other_practice.public_id)},
    )

    page = text_of(client.get(response.url))
    assert "2 referrals redirected to Zed Surgery." in page
    for referral in referrals:
        referral.refresh_from_db()
        assert referral.practice == world.other_practice


def test_a_commissioner_records_a_merger_and_sees_the_staff_left(client):
    scheme = OnScheme()
    successor = SasPracticeFactory(commissioner=scheme.commissioner, name="Preston Park SAS")
    staff = MembershipFactory(organisation=scheme.sas_practice, role=Role.PRACTICE_STAFF).user
    signed_in(client, scheme.commissioner_user, scheme.commissioner)

    response = client.post(
        reverse("imports:practice-merge"),
        {
            "practice": str(scheme.sas_practice.public_id),
            "successor": str(successor.public_id),
            "closed_on_day": "1",
            "closed_on_month": "3",
            "closed_on_year": "2099",
            "reason": "Partnership joined",
        },
    )

    assert response.status_code == 302
    page = text_of(client.get(response.url))
    assert (
        f"{scheme.sas_practice.name} merges into Preston Park SAS. Moved: 1 on the scheme" in page
    )
    assert f"{scheme.sas_practice.name} merged into Preston Park SAS on 1 March 2099." in page
    assert staff.display_name in page
