"""The "something else has happened" page round-trips: the change chosen, the area a patient
moved to and the reason typed are what the episode's history keeps, for every change the page
offers."""

import pytest
from django.urls import reverse

from conftest import sign_in
from gateway.sas import services
from gateway.sas.forms.changes import ChangeForm
from gateway.sas.models import Episode, StatusHistory
from gateway.sas.services.changes import CHANGES
from gateway.sas.tests.factories import OnScheme
from tests.factories import CommissionerFactory

from .harness import RoundTrip, check, page_errors, scenario, submit

pytestmark = pytest.mark.django_db

ONLY_FOR_A_MOVE = "asked only for a move to another area; no other change has an area"


def _post_change(client, scheme, data):
    url = reverse("sas:episode-change", kwargs={"public_id": scheme.episode.public_id})
    sent = submit(client, url, data)
    assert sent.status_code == 302, page_errors(sent)
    return StatusHistory.objects.filter(episode=scheme.episode).order_by("-at", "-id").first()


def _as_change(history):
    """The page's change code for the transition the history row records."""
    return next(c.code for c in CHANGES.values() if c.transition == history.transition)


@scenario(ChangeForm)
def moved_to_another_area(client):
    """A move: the old episode's history keeps the change and the reason, and the new area's
    commissioner has the patient's new episode."""
    scheme = OnScheme()
    new_area = CommissionerFactory(name="West Yorkshire ICB")
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    data = {
        "change": "transfer",
        "to_commissioner": str(new_area.public_id),
        "reason": "Moved to Leeds to live with his sister.",
    }
    history = _post_change(client, scheme, data)
    moved_to = Episode.objects.exclude(pk=scheme.episode.pk).get(patient=scheme.patient)
    stored = {
        "change": _as_change(history),
        "to_commissioner": moved_to.commissioner.public_id,
        "reason": history.reason,
    }
    return RoundTrip(ChangeForm, data, stored)


def _change(client, code, reason, before=None):
    """Any other change, posted by the commissioner with a reason."""
    scheme = OnScheme()
    if before is not None:
        services.record_change(
            scheme.commissioner_user,
            scheme.commissioner,
            scheme.episode,
            before,
            scheme.episode.version,
            reason="Set up for the test",
        )
        scheme.refresh()
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    data = {"change": code, "reason": reason}
    history = _post_change(client, scheme, data)
    stored = {"change": _as_change(history), "reason": history.reason}
    return RoundTrip(ChangeForm, data, stored, unstored={"to_commissioner": ONLY_FOR_A_MOVE})


def test_a_move_to_another_area_keeps_the_area_and_the_reason(client):
    check(moved_to_another_area(client))


@pytest.mark.parametrize(
    "code, reason, before",
    [
        ("custody", "Remanded at Leeds Crown Court.", None),
        ("release", "Released on licence.", "custody"),
        ("death", "His sister phoned to tell us.", None),
        ("registered_by_mistake", "The incident was at a hospital, not the practice.", None),
        ("entered_in_error", "Recorded for the wrong patient.", None),
    ],
)
def test_each_other_change_keeps_what_happened_and_the_reason(client, code, reason, before):
    check(_change(client, code, reason, before))
