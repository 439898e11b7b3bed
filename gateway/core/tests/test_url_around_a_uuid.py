"""The templates' ``url()`` writes a link to a record by its UUID from the route's text kept
after the first call (ADR 0065): the same link ``reverse`` writes, for every route, prefix and
value, and ``reverse`` itself wherever that cannot be known."""

import uuid

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse, set_script_prefix

from gateway.core.jinja2 import url


def _namespaced():
    """Every 'namespace:name' route that takes one public id."""
    found = []
    resolver = get_resolver()
    for namespace, (_prefix, sub) in resolver.namespace_dict.items():
        for name in sub.reverse_dict:
            if not isinstance(name, str):
                continue
            try:
                reverse(f"{namespace}:{name}", kwargs={"public_id": uuid.uuid4()})
            except NoReverseMatch:
                continue
            found.append(f"{namespace}:{name}")
    return sorted(found)


NAMES = _namespaced()


def test_there_are_routes_to_records_by_uuid():
    assert "sas:episode-detail" in NAMES and "registration:detail" in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_a_link_by_uuid_is_the_link_reverse_writes(name):
    for value in (uuid.uuid4(), uuid.UUID(int=0), uuid.uuid4()):
        assert url(name, public_id=value) == reverse(name, kwargs={"public_id": value})


def test_a_script_prefix_is_kept_apart():
    value = uuid.uuid4()
    plain = url("sas:episode-detail", public_id=value)
    try:
        set_script_prefix("/gateway/")
        assert url("sas:episode-detail", public_id=value) == "/gateway" + plain
        assert url("sas:episode-detail", public_id=value) == reverse(
            "sas:episode-detail", kwargs={"public_id": value}
        )
    finally:
        set_script_prefix("/")
    assert url("sas:episode-detail", public_id=value) == plain


def test_anything_but_one_uuid_is_reversed_as_it_is():
    value = uuid.uuid4()
    assert url("sas:episode-detail", public_id=str(value)) == reverse(
        "sas:episode-detail", kwargs={"public_id": str(value)}
    )
    assert url("core:accessibility") == reverse("core:accessibility")
    with pytest.raises(NoReverseMatch):
        url("sas:episode-detail", public_id="not a uuid")
    with pytest.raises(NoReverseMatch):
        url("core:accessibility", public_id=value)
