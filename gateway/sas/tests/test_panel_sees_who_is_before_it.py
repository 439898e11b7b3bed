"""A panel member sees the people whose appeal or review is before their commissioner's
panel, not everyone the commissioner works with (issue 16 item 2c;
docs/access/caldicott-access-table.md, gateway/sas/queries/panel.py)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from conftest import sign_in
from gateway.sas import services
from gateway.sas.models import Appeal
from tests.factories import PatientFactory

from .appeal_helpers import appeal_data
from .factories import OnScheme

pytestmark = pytest.mark.django_db


def _record(client, patient):
    return client.get(reverse("patients:detail", args=[patient.public_id])).status_code


@time_machine.travel(datetime.datetime(2026, 3, 12, 12, 0))
def test_panel_member_sees_only_the_people_before_the_panel(client):
    scheme = OnScheme()
    no_appeal = OnScheme(alongside=scheme)  # on the same scheme, nothing before the panel
    support_only = PatientFactory(related_to=[scheme.commissioner])
    sign_in(client, scheme.panel_user, scheme.commissioner)
    assert _record(client, scheme.patient) == 404  # nothing before the panel yet

    appeal = services.lodge_appeal(
        scheme.commissioner_user, scheme.commissioner, scheme.episode, appeal_data()
    )
    assert _record(client, scheme.patient) == 200
    episode = reverse("sas:episode-detail", args=[scheme.episode.public_id])
    assert client.get(episode).status_code == 200
    assert _record(client, no_appeal.patient) == 404
    assert (
        client.get(reverse("sas:episode-detail", args=[no_appeal.episode.public_id])).status_code
        == 404
    )
    assert _record(client, support_only) == 404
    search = client.get(reverse("patients:search")).content.decode()
    assert scheme.patient.family_name in search
    assert support_only.family_name not in search

    # A decision stays readable for 28 days, then the person leaves the panel's sight.
    Appeal.objects.filter(pk=appeal.pk).update(
        status=Appeal.Status.DISMISSED, decided_on=datetime.date(2026, 2, 12)
    )
    assert _record(client, scheme.patient) == 200
    Appeal.objects.filter(pk=appeal.pk).update(decided_on=datetime.date(2026, 2, 11))
    assert _record(client, scheme.patient) == 404


@time_machine.travel(datetime.datetime(2026, 3, 12, 12, 0))
def test_commissioner_still_sees_everyone_it_works_with(client):
    scheme = OnScheme()
    support_only = PatientFactory(related_to=[scheme.commissioner])
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    assert _record(client, scheme.patient) == 200
    assert _record(client, support_only) == 200
