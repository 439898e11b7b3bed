"""A list's page read compiled once a process (gateway.core.list_reads) serves only a person
whose roles read the organisation's whole scope: for anyone else, or with no organisation,
the list is read through the ORM as the view built it (fails closed to the scoped read). The
lists themselves are checked against the ORM's read in tests/test_list_reads.py."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from gateway.core.list_reads import ListRead, PreparedKeys
from gateway.core.lists import Column, ListSpec
from gateway.core.pagination import KeysFirst

SPEC = ListSpec(
    name="permissions",
    url_name="core:home",
    csv_url_name="core:home",
    noun="permission",
    columns=(Column("Code", lambda p: p.codename, key="code", order_by=("codename",)),),
)


def _rows(organisation_id, today):
    return Permission.objects.filter(pk__gt=organisation_id)


def _request(organisation):
    return SimpleNamespace(user=object(), current_organisation=organisation)


@pytest.mark.parametrize("whole", [False, True])
def test_a_person_who_does_not_read_the_whole_scope_is_read_through_the_orm(whole):
    asked = []

    def reads_whole(user, organisation):
        asked.append(organisation)
        return whole

    read = ListRead(SPEC, _rows, whole=reads_whole)
    rows = KeysFirst(Permission.objects.order_by("codename"))
    organisation = SimpleNamespace(pk=7)
    found = read.keys_for(_request(organisation), rows, "code")
    assert asked == [organisation]
    if not whole:
        assert found is None
        return
    assert isinstance(found, PreparedKeys)
    assert found.queryset is rows.queryset  # anything but the page reads the view's rows
    assert found.values == {"organisation_id": 7, "today": timezone.localdate()}


def test_no_organisation_is_read_through_the_orm_without_asking_about_roles():
    read = ListRead(SPEC, _rows, whole=lambda user, organisation: pytest.fail("asked"))
    rows = KeysFirst(Permission.objects.order_by("codename"))
    assert read.keys_for(_request(None), rows, "code") is None
