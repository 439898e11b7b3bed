"""Round trip of handing on a leaving worker's work (docs/adr/0039): the colleague the admin
chooses for each item is the one who holds it once the check page is confirmed."""

import pytest
from django.urls import reverse

from conftest import sign_in
from gateway.accounts import holdings
from gateway.accounts.forms.leavers import ITEMS, HandOnForm, item_field
from gateway.accounts.services import reassignment
from gateway.accounts.tests.leavers_world import Refuge

from .harness import RoundTrip, check, page_errors, scenario, submit

pytestmark = pytest.mark.django_db


def _as_the_page_builds_it(world):
    """The form's arguments as the work page makes them (gateway/accounts/views/leavers.py)."""
    items = list(holdings.HeldItems(world.leaver, world.refuge))
    colleagues = reassignment.colleague_roles(world.refuge, world.leaver)
    return {
        "everyone": list(colleagues),
        "items": items,
        "colleagues_by_kind": {
            h.name: reassignment.colleagues_for(colleagues, h) for h in holdings.holdings()
        },
    }


@scenario(HandOnForm)
def hand_on_item_by_item(client):
    world = Refuge()
    sign_in(client, world.admin, world.refuge)
    first, second = world.action(), world.action()
    data = {
        "how": ITEMS,
        item_field(f"actions:{first.public_id}"): str(world.sam.public_id),
        item_field(f"actions:{second.public_id}"): str(world.kim.public_id),
    }
    form_kwargs = _as_the_page_builds_it(world)
    url = reverse("accounts:user-work", kwargs={"public_id": world.leaver.public_id})
    sent = submit(client, url, data)
    assert sent.status_code == 302, page_errors(sent)
    confirmed = client.post(sent["Location"], {})
    assert confirmed.status_code == 302, page_errors(confirmed)
    first.refresh_from_db()
    second.refresh_from_db()
    return RoundTrip(
        HandOnForm,
        data,
        {
            item_field(f"actions:{first.public_id}"): str(first.owner.public_id),
            item_field(f"actions:{second.public_id}"): str(second.owner.public_id),
        },
        unstored={
            "how": "how the admin chooses to hand on; what is kept is who now holds each item",
            "everything_to": "on the page's other form, which gives everything to one "
            "colleague (gateway/accounts/tests/test_leavers_pages.py::"
            "test_everything_to_one_colleague_with_a_check_page); this form hands on item by item",
        },
        form_kwargs=form_kwargs,
    )


def test_each_item_handed_on_is_held_by_the_colleague_chosen_for_it(client):
    check(hand_on_item_by_item(client))
