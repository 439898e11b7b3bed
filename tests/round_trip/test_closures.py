"""Round trips of a closing practice's pages (gateway/imports/closures): the practice, the day
and the reason an admin gives for a closure or a merger, and the SAS practice a person is
moved to, are what Gateway stores (docs/adr/0045-practice-closures-and-mergers.md)."""

import datetime

import pytest
from django.urls import reverse

from conftest import sign_in
from gateway.accounts.models import Organisation, Role
from gateway.audit.models import AuditEvent
from gateway.imports.closures import services
from gateway.imports.closures.forms import CloseForm, MergeForm, MoveForm
from gateway.imports.closures.models import ClosureMove
from gateway.sas.tests.factories import OnScheme
from tests import factories

from .harness import RoundTrip, check, date_parts, page_errors, scenario, submit

pytestmark = pytest.mark.django_db

CLOSE_DAY = datetime.date(2099, 3, 1)


def _closing_reason(practice):
    """The reason is kept on the practice's audited closing (a state change), not on the
    practice itself."""
    event = AuditEvent.objects.get(
        action=AuditEvent.Action.STATE_CHANGE, object_id=str(practice.public_id)
    )
    return event.detail["reason"]


@scenario(CloseForm)
def close_a_practice_by_hand(client):
    scheme = OnScheme()
    admin = factories.MembershipFactory(
        organisation=scheme.commissioner, role=Role.ORGANISATION_ADMIN
    ).user
    sign_in(client, admin, scheme.commissioner)
    data = {
        "practice": str(scheme.sas_practice.public_id),
        **date_parts("closed_on", CLOSE_DAY),
        "reason": "The partners retire and nobody takes the list on",
    }
    sent = submit(client, reverse("imports:practice-close"), data)
    assert sent.status_code == 302, page_errors(sent)
    practice = Organisation.objects.get(closures__closed_on=CLOSE_DAY)
    return RoundTrip(
        CloseForm,
        data,
        {
            "practice": practice,
            "closed_on": practice.closed_on,
            "reason": _closing_reason(practice),
        },
        form_kwargs={"practices": Organisation.objects.all()},
    )


def test_a_closure_by_hand_keeps_the_practice_the_day_and_the_reason(client):
    check(close_a_practice_by_hand(client))


@scenario(MergeForm)
def record_a_merger(client):
    scheme = OnScheme()
    successor = factories.SasPracticeFactory(
        commissioner=scheme.commissioner, name="Preston Park SAS"
    )
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    data = {
        "practice": str(scheme.sas_practice.public_id),
        "successor": str(successor.public_id),
        **date_parts("closed_on", CLOSE_DAY),
        "reason": "The two partnerships joined",
    }
    sent = submit(client, reverse("imports:practice-merge"), data)
    assert sent.status_code == 302, page_errors(sent)
    merged = Organisation.objects.get(pk=scheme.sas_practice.pk)
    return RoundTrip(
        MergeForm,
        data,
        {
            "practice": merged,
            "successor": merged.merged_into,
            "closed_on": merged.closed_on,
            "reason": _closing_reason(merged),
        },
        form_kwargs={"practices": Organisation.objects.all()},
    )


def test_a_merger_keeps_both_practices_the_day_and_the_reason(client):
    check(record_a_merger(client))


@scenario(MoveForm)
def move_a_person_from_a_closing_practice(client):
    scheme = OnScheme()
    new = factories.SasPracticeFactory(commissioner=scheme.commissioner, name="Moulsecoomb SAS")
    admin = factories.MembershipFactory(
        organisation=scheme.commissioner, role=Role.ORGANISATION_ADMIN
    ).user
    alert = services.close_by_hand(
        admin, scheme.commissioner, scheme.sas_practice, closed_on=CLOSE_DAY, reason="Retiring"
    )
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    data = {"practice": str(new.public_id)}
    url = reverse("imports:closure", kwargs={"public_id": alert.public_id})
    sent = submit(client, url, data)
    assert sent.status_code == 302, page_errors(sent)
    move = ClosureMove.objects.get(closure=alert, kind=ClosureMove.Kind.PERSON)
    assert move.episode == scheme.episode
    scheme.episode.refresh_from_db()
    assert scheme.episode.sas_practice == new
    return RoundTrip(
        MoveForm,
        data,
        {"practice": move.to_practice},
        form_kwargs={"practices": Organisation.objects.all()},
    )


def test_a_person_moved_from_a_closing_practice_goes_to_the_practice_chosen(client):
    check(move_a_person_from_a_closing_practice(client))
