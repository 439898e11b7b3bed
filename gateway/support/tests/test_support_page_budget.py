"""A person's support page stays within the record pages' query budget (15 for the whole GET,
tests/record_page_budget.py) however much has been recorded about them, and still shows what
it shows: a page of needs with the way to the next, the latest assessment of each kind and the
stored multiple-disadvantage status, the team, working agreement, recent meetings and open
actions, the GP registration referrals, the open referrals to services, every incident and
MARAC referral on the first page, and the escalation to MARAC."""

import datetime

import pytest
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.patients.models import Consent
from gateway.registration.models import RegistrationReferral
from gateway.support.models import (
    AbuseIncident,
    Action,
    Assessment,
    MaracReferral,
    MCNRule,
    MCNStatus,
    Meeting,
    Need,
    ServiceReferral,
    SupportTeamMember,
    WorkingAgreement,
)
from tests.record_page_budget import MANY, a_page_in_budget, flag_every_kind

from .helpers import Person

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def consent(person, purpose):
    return Consent.objects.create(
        patient=person.patient,
        purpose=purpose,
        organisation=person.refuge,
        starts_on=days_ago(400),
        method=Consent.Method.VERBAL,
        recorded_by=person.support_worker,
        recorded_by_organisation=person.refuge,
    )


def assessment(person, kind, n, **fields):
    return Assessment.objects.create(
        patient=person.patient,
        kind=kind,
        assessed_on=days_ago(100 + n),
        assessed_by=person.support_worker,
        organisation=person.refuge,
        answers={},
        total=n,
        rule_version="1",
        **fields,
    )


def a_crowded_person():
    """A person with MANY of every kind of row the support page lists or counts; the newest of
    each kind is the one made with n = 0 (of the statuses, the last made)."""
    person = Person()
    patient, worker, refuge = person.patient, person.support_worker, person.refuge
    by = {"recorded_by": worker, "organisation": refuge}
    # Worked out under the rule before the one now in force: the page names both.
    earlier_rule = MCNRule.objects.create(
        commissioner=person.commissioner,
        version=1,
        effective_from=datetime.date(2023, 1, 1),
        threshold=2,
        name="NHS Sussex",
    )
    referral_consent = consent(person, Consent.Purpose.REFER_TO_SERVICE)
    gp_consent = consent(person, Consent.Purpose.REGISTER_WITH_GP)
    for n in range(MANY):
        Need.objects.create(
            patient=patient,
            domain=Need.Domain.HOMELESSNESS,
            evidence=f"Need evidence {n}",
            noted_on=days_ago(n),
            **by,
        )
        assessment(person, Assessment.Kind.EDMONTON, n, band=f"Band {n}")
        assessment(person, Assessment.Kind.NDTA, n)
        dash = assessment(person, Assessment.Kind.DASH, n, risk_level="standard")
        MCNStatus.objects.create(
            patient=patient,
            commissioner=person.commissioner,
            rule=earlier_rule,
            meets=False,
            worked_out_on=days_ago(n),
            why=f"Worked out {n}",
        )
        SupportTeamMember.objects.create(
            patient=patient,
            organisation=refuge,
            worker_name=f"Team member {n}",
            role="Key worker",
            is_lead=n == 0,
            started_on=days_ago(n),
            added_by=worker,
            added_by_organisation=refuge,
        )
        WorkingAgreement.objects.create(
            patient=patient,
            agreed_on=days_ago(n),
            review_on=days_ago(n - 90),
            persons_goals="Somewhere to live",
            services_will="Help",
            superseded_at=None if n == 0 else timezone.now(),
            **by,
        )
        Meeting.objects.create(
            patient=patient,
            held_on=days_ago(n),
            organised_by=refuge,
            participation=Meeting.Participation.ATTENDED,
            recorded_by=worker,
        )
        Action.objects.create(
            patient=patient,
            description=f"Action number {n}",
            owner=worker,
            owner_organisation=refuge,
            due_on=days_ago(-n),
            created_by=worker,
        )
        ServiceReferral.objects.create(
            patient=patient,
            service_type=ServiceReferral.ServiceType.REFUGE,
            reason="Needs somewhere safe",
            consent=referral_consent,
            sent_on=days_ago(n),
            status_changed_on=days_ago(n),
            referred_by=worker,
            referring_organisation=refuge,
        )
        RegistrationReferral.objects.create(
            patient=patient,
            referring_organisation=refuge,
            referred_by=worker,
            consent=gp_consent,
            referred_on=days_ago(n),
            address_basis=RegistrationReferral.AddressBasis.PROXY,
        )
        AbuseIncident.objects.create(
            patient=patient, occurred_on=days_ago(n), note=f"Incident note {n}", **by
        )
        MaracReferral.objects.create(
            patient=patient,
            assessment=dash,
            referred_on=days_ago(400 + n),
            reason=MaracReferral.Reason.PROFESSIONAL_JUDGEMENT,
            referred_by=worker,
            organisation=refuge,
        )
    flag_every_kind(patient, set_by=worker)
    return person


def test_a_crowded_support_page_is_shown_in_the_record_pages_budget(
    staff_client, django_assert_max_num_queries
):
    person = a_crowded_person()
    newest = RegistrationReferral.objects.filter(patient=person.patient).order_by("-referred_on")
    newest.filter(pk=newest[0].pk).update(practice=person.practice)
    client, _, _ = staff_client(Role.SUPPORT_WORKER, person.refuge)

    page = a_page_in_budget(
        client, f"/support/patients/{person.patient.public_id}", django_assert_max_num_queries
    )

    # Needs: the first page of 25, newest noted first, and the way to the next.
    assert all(f"Need evidence {n}<" in page for n in range(25))
    assert "Need evidence 25<" not in page
    assert 'href="?page=2"' in page
    # The latest of each assessment; the status stored last, and the newer rule in force.
    assert "0 (Band 0) on" in page
    assert "0 'yes' answers on" in page
    assert f"Worked out under NHS Sussex rule version 1 on {days_ago(MANY - 1).day} " in page
    assert f"(worked out {MANY - 1})" in page
    assert "since 1 January 2024" in page
    # The team panel.
    assert "Lead worker: <strong>Team member 0</strong>, Safe Haven Refuge" in page
    assert f"{MANY} people and organisations in the team" in page
    assert f"review by {days_ago(-90).day}" in page
    assert page.count('href="/support/meetings/') == 3
    assert all(f"Action number {n} —" in page for n in range(5))
    # Each action with its owner, their organisation and when it is due; each meeting's
    # participation (the panel reads only these: docs/adr/0061).
    owner = person.support_worker.display_name
    assert f"Action number 0 — {owner}, Safe Haven Refuge, due {TODAY.day} " in page
    assert page.count(": took part in the meeting</li>") == 3
    assert "Action number 5 —" not in page
    assert "There are more open actions" in page
    # GP registration referrals (the newest ten), referrals to services, incidents, MARAC.
    assert page.count("Referral of ") == 10
    # Each with its status, and its practice when one was chosen.
    status = RegistrationReferral.objects.filter(patient=person.patient)[0]
    assert page.count(f"</a>: {status.get_status_display()}") == 10
    assert f"</a>: {status.get_status_display()}, {person.practice.name}</li>" in page
    assert f"{MANY} open referrals" in page
    assert all(f"Incident note {n}. Recorded" in page for n in range(25))
    assert "Incident note 25." not in page
    assert page.count("Professional judgement, by") == 25
    assert f"Refer to MARAC again: {MANY} incidents since" in page
