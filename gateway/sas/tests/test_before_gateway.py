"""An episode that began before Gateway (docs/adr/0031): only this commissioner's own staff can
record one, only with one of their SAS practices, with dates in order, never a second open
episode; its timeline says it was imported, from where, when and by whom."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.sas import services
from gateway.sas.errors import NotAllowed
from gateway.sas.presenters.episode_timeline import timeline
from gateway.sas.queries import episode_timeline_rows
from gateway.sas.rules import long_date
from gateway.sas.states import State
from gateway.sas.tests.factories import SchemePolicyFactory
from tests.factories import (
    CommissionerFactory,
    MembershipFactory,
    PatientFactory,
    SasPracticeFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def area():
    commissioner = CommissionerFactory()
    SchemePolicyFactory(commissioner=commissioner, effective_from=datetime.date(2000, 1, 1))
    user = MembershipFactory(organisation=commissioner, role=Role.COMMISSIONER).user
    return commissioner, user, SasPracticeFactory(commissioner=commissioner)


def begin(user, organisation, practice, patient=None, **values):
    return services.record_episode_begun_before_gateway(
        user,
        organisation,
        patient or PatientFactory(created_by_organisation=organisation),
        sas_practice=practice,
        allocated_on=values.pop("allocated_on", TODAY - datetime.timedelta(days=90)),
        source_name="caseload.csv",
        **values,
    )


def test_only_a_commissioner_of_that_area_can_record_one(area):
    commissioner, user, practice = area
    panel = MembershipFactory(organisation=commissioner, role=Role.PANEL_MEMBER).user
    with pytest.raises(NotAllowed):
        begin(panel, commissioner, practice)
    with pytest.raises(ValidationError, match="your area's SAS practices"):
        begin(user, commissioner, SasPracticeFactory())


def test_dates_must_be_in_order_and_one_open_episode_per_person(area):
    commissioner, user, practice = area
    with pytest.raises(ValidationError, match="The date allocated is after today"):
        begin(user, commissioner, practice, allocated_on=TODAY + datetime.timedelta(days=1))
    episode = begin(user, commissioner, practice)
    assert episode.state == State.ALLOCATED
    with pytest.raises(ValidationError, match="already on the scheme"):
        begin(user, commissioner, practice, patient=episode.patient)


def test_the_timeline_says_it_was_imported_from_where_when_and_by_whom(area):
    commissioner, user, practice = area
    episode = begin(
        user, commissioner, practice, last_reviewed_on=TODAY - datetime.timedelta(days=10)
    )
    assert episode.state == State.REMAINING
    texts = [e.text for e in timeline(episode, episode_timeline_rows(episode))]
    note = f"Imported from caseload.csv on {long_date(TODAY)} by {user.display_name}."
    assert f"Reviewed before Gateway was used: remains on the scheme. {note}" in texts
    assert f"On the scheme before Gateway was used: allocated to {practice.name}. {note}" in texts
