"""Choosing a practice reads only the practices whose catchment includes the person's district
(ADR 0044), and ranks them exactly as before: a property test compares the new query with the
old one (every active practice loaded and filtered in Python, kept here as the reference) on
random practices, catchments and accepted referrals (docs/domain/gp-registration.md#national-rules
ranking in gateway/registration/rules/practices.py)."""

import uuid

import pytest
from django.db import transaction
from django.db.models import Count
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gateway.accounts.models import Organisation
from gateway.registration import queries
from gateway.registration.models import RegistrationReferral
from gateway.registration.rules.practices import PracticeOption, choose_practices
from tests.factories import PracticeFactory

from .helpers import World, sent_referral

pytestmark = pytest.mark.django_db
Status = RegistrationReferral.Status
DISTRICTS = ["BN1", "BN2", "BN21", "bn2", "TN1", "N1", "N11"]


def old_practice_options():
    """The implementation before ADR 0044: every active GP practice in England."""
    accepted = dict(
        RegistrationReferral.objects.filter(status=Status.REGISTERED)
        .values_list("practice_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        PracticeOption(
            pk=p.pk,
            name=p.name,
            catchment_districts=tuple(p.catchment_districts or ()),
            accepted_before=accepted.get(p.pk, 0),
        )
        for p in Organisation.objects.filter(kind=Organisation.Kind.GP_PRACTICE, is_active=True)
    ]


@pytest.fixture
def template():
    return sent_referral(World())


class Rollback(Exception):
    pass


practice = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["Albion", "albion", "Beacon", "Zed", "Ócean", "Mill"]),
        "districts": st.lists(st.sampled_from(DISTRICTS), max_size=3),
        "active": st.booleans(),
        "gp": st.booleans(),
        "accepted": st.integers(0, 3),
        "refused": st.integers(0, 2),
    }
)


@settings(
    max_examples=40,
    deadline=None,
    phases=[Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(practices=st.lists(practice, max_size=8), district=st.sampled_from(DISTRICTS + [None]))
def test_new_query_ranks_exactly_as_the_old_one(template, practices, district):
    try:
        with transaction.atomic():
            copies = []
            for values in practices:
                org = PracticeFactory(
                    name=values["name"],
                    catchment_districts=values["districts"],
                    is_active=values["active"],
                )
                if not values["gp"]:
                    Organisation.objects.filter(pk=org.pk).update(
                        kind=Organisation.Kind.COMMISSIONER
                    )
                for status, n in ((Status.REGISTERED, "accepted"), (Status.REFUSED, "refused")):
                    copies += [
                        _copy(template, practice_id=org.pk, status=status) for _ in range(values[n])
                    ]
            RegistrationReferral.objects.bulk_create(copies)
            old = choose_practices(district, old_practice_options())
            new = choose_practices(district, queries.practice_options(district))
            assert [(o.pk, o.accepted_before) for o in new.options] == [
                (o.pk, o.accepted_before) for o in old.options
            ]
            assert new.reason == old.reason
            raise Rollback
    except Rollback:
        pass


def _copy(template, **values):
    fields = {
        f.attname: getattr(template, f.attname)
        for f in RegistrationReferral._meta.concrete_fields
        if not f.primary_key
    }
    fields.update(public_id=uuid.uuid4(), **values)
    return RegistrationReferral(**fields)


def test_choosing_a_practice_reads_two_queries_whatever_the_number_of_practices(
    django_assert_max_num_queries,
):
    world = World()
    PracticeFactory.create_batch(30, catchment_districts=["TN1"])
    with django_assert_max_num_queries(2):
        options = queries.practice_options("BN2")
    assert [o.name for o in choose_practices("BN2", options).options] == [
        "Albion Surgery",
        "Zed Surgery",
    ]
    assert world.far_practice.pk not in {o.pk for o in options}
