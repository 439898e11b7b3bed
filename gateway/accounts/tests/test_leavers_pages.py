"""The organisation admin's pages for handing on a leaving worker's work: what they hold, who
takes it (everything or item by item), a check page, and a clear refusal when the check page is
out of date (docs/adr/0039-a-worker-leaves-their-work-is-handed-on.md)."""

import re

import pytest
from django.urls import reverse

from conftest import sign_in
from gateway.support.models import Action

from .helpers import page_text
from .leavers_world import Refuge

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    world = Refuge()
    sign_in(client, world.admin, world.refuge)
    return world


def work_url(world):
    return reverse("accounts:user-work", kwargs={"public_id": world.leaver.public_id})


def check_url(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_the_work_page_lists_every_kind_with_bounded_queries(
    client, world, django_assert_max_num_queries
):
    world.one_of_each()
    for _ in range(30):
        world.action()
    with django_assert_max_num_queries(30):
        response = client.get(work_url(world))
    text = page_text(response)
    assert "Hand on Lee Leaving's work" in text
    for label in (
        "Places on people's support teams",
        "Contact routes through them",
        "Open actions",
        "Open referrals to services they made",
        "GP registration referrals waiting on them",
        "Letters to hand over in person",
    ):
        assert label in text
    assert "36 open items, showing 1 to 25" in text
    assert "Lead worker for Jo Bloggs" in text
    # Page 2 reads only what it shows.
    with django_assert_max_num_queries(30):
        second = client.get(work_url(world) + "?page=2")
    assert "showing 26 to 36" in page_text(second)


def test_everything_to_one_colleague_with_a_check_page(client, world):
    world.one_of_each()
    response = client.post(
        work_url(world), {"how": "everything", "everything_to": str(world.sam.public_id)}
    )
    check = client.get(check_url(response))
    text = page_text(check)
    assert "Check who takes Lee Leaving's work" in text
    assert "Nothing has moved yet. When you confirm, all 6 items move together" in text
    assert "Lead worker for Jo Bloggs" in text and "Sam Staying" in text
    assert Action.objects.get().owner == world.leaver

    done = client.post(check_url(response), {})
    assert done["Location"] == reverse(
        "accounts:user-detail", kwargs={"public_id": world.leaver.public_id}
    )
    page = page_text(client.get(done["Location"]))
    assert "6 items handed on. Lee Leaving holds no open work now" in page
    assert Action.objects.get().owner == world.sam


def test_item_by_item_to_two_colleagues_through_the_pages(client, world):
    first, second = world.action(), world.action()
    response = client.post(
        work_url(world),
        {
            "how": "items",
            f"to-actions:{first.public_id}": str(world.sam.public_id),
            f"to-actions:{second.public_id}": str(world.kim.public_id),
        },
    )
    client.post(check_url(response), {})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.owner, second.owner) == (world.sam, world.kim)


def test_a_stale_check_page_refuses_with_a_clear_message(client, world):
    action = world.action()
    response = client.post(
        work_url(world), {"how": "everything", "everything_to": str(world.sam.public_id)}
    )
    url = check_url(response)
    Action.objects.filter(pk=action.pk).update(owner=world.kim)  # someone moved it meanwhile
    refused = client.post(url, {})
    assert refused.status_code == 200
    text = page_text(refused)
    assert "Nothing was moved. Something this person holds changed since you checked it" in text
    action.refresh_from_db()
    assert action.owner == world.kim


def test_the_deactivate_page_says_what_they_still_hold_and_links_to_hand_it_on(client, world):
    world.action()
    url = reverse("accounts:user-deactivate", kwargs={"public_id": world.leaver.public_id})
    text = page_text(client.get(url))
    assert "Lee Leaving cannot be deactivated until everything open they hold has a new owner" in (
        text
    )
    refused = client.post(url, {})
    assert "Lee Leaving still holds open work for Safe Haven Refuge" in page_text(refused)
    assert re.search(r"Hand on their work", refused.content.decode())
