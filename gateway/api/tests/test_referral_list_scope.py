"""The API's list of referrals (queries.referral_list) reads "overseen as the practice's
commissioner" off the practices' keys instead of joining every referral to its practice
(issue 17 cause 1): it must list exactly the referrals each organisation may see, the same
as ``visible_referrals``, newest first, and the API must page through them in that order
with the count of them all."""

import pytest

from gateway.accounts.models import Role
from gateway.registration import queries
from gateway.registration.tests.helpers import World, sent_referral
from tests.factories import CommissionerFactory, MembershipFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def _world():
    world = World()
    to_practice = [sent_referral(world, patient=world.person()) for _ in range(3)]
    to_other = sent_referral(world, patient=world.person(), practice=world.other_practice)
    elsewhere = CommissionerFactory()
    far = PracticeFactory(commissioner=elsewhere, catchment_districts=["BN2"])
    to_elsewhere = sent_referral(world, patient=world.person(), practice=far)
    return world, to_practice, to_other, elsewhere, far, to_elsewhere


def _user(organisation, role):
    return MembershipFactory(organisation=organisation, role=role).user


def test_each_organisation_lists_exactly_the_referrals_it_may_see_newest_first():
    world, to_practice, to_other, elsewhere, far, to_elsewhere = _world()
    everyone = {*to_practice, to_other, to_elsewhere}
    cases = [
        (world.probation, world.worker, everyone),  # the referrer: all it made
        (world.practice, world.practice_user, set(to_practice)),  # sent to it
        (world.other_practice, _user(world.other_practice, Role.PRACTICE_STAFF), {to_other}),
        # the commissioner: its practices' referrals, not another area's
        (world.commissioner, world.commissioner_user, {*to_practice, to_other}),
        (elsewhere, _user(elsewhere, Role.COMMISSIONER), {to_elsewhere}),
        (far, _user(far, Role.PRACTICE_STAFF), {to_elsewhere}),
    ]
    for organisation, user, expected in cases:
        listed = list(queries.referral_list(user, organisation))
        assert set(listed) == expected, organisation
        assert set(listed) == set(queries.visible_referrals(user, organisation))
        newest_first = sorted(listed, key=lambda r: (r.referred_on, r.pk), reverse=True)
        assert listed == newest_first


def test_no_organisation_lists_nothing():
    world, *_ = _world()
    assert list(queries.referral_list(world.worker, None)) == []


def test_the_api_pages_through_them_in_that_order_with_the_count_of_them_all(api_client):
    world, to_practice, to_other, *_ = _world()
    client, _ = api_client(world.commissioner, role=Role.COMMISSIONER)
    first = client.get("/api/v1/registration/referrals", {"limit": 2}).json()
    rest = client.get("/api/v1/registration/referrals", {"limit": 2, "offset": 2}).json()
    listed = [item["public_id"] for item in first["items"] + rest["items"]]
    expected = sorted([*to_practice, to_other], key=lambda r: (r.referred_on, r.pk), reverse=True)
    assert listed == [str(r.public_id) for r in expected]
    assert (first["count"], first["next_offset"], rest["next_offset"]) == (4, 2, None)
