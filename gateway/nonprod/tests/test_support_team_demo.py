"""The support team demo shows the support team and meetings: a team with a lead worker, a working
agreement, a meeting holding the person's views and open actions on the demo support worker's
worklist — and loading twice adds nothing."""

import io

import pytest
from django.core.management import call_command

from gateway.accounts.models import User
from gateway.nonprod.demo_data import demo_email
from gateway.support.models import Action, Meeting, SupportTeamMember, WorkingAgreement
from gateway.support.queries import team as team_queries

pytestmark = pytest.mark.django_db


def test_the_demo_support_worker_leads_a_team_and_has_open_actions_from_a_meeting():
    call_command("load_demo", stdout=io.StringIO())
    worker = User.objects.get(username=demo_email("support-worker"))
    outreach = worker.memberships.get().organisation
    lead = SupportTeamMember.objects.get(is_lead=True)
    assert lead.worker == worker
    assert SupportTeamMember.objects.exclude(organisation=outreach).get().consent is not None
    meeting = Meeting.objects.get()
    assert "not going back to the hostel" in meeting.persons_views
    worklist = list(team_queries.open_actions_for(worker, outreach))
    assert len(worklist) == 2 and worklist[0].due_on < worklist[1].due_on
    assert list(team_queries.agreements_due_for_review(worker, outreach)) == [
        WorkingAgreement.objects.get()
    ]
    call_command("load_demo", stdout=io.StringIO())
    assert (SupportTeamMember.objects.count(), Action.objects.count()) == (2, 2)
