"""Allocation to an SAS practice (docs/domain/sas-removal-and-allocation.md#immediate-removal,
docs/domain/sas-removal-and-allocation.md#the-allocation-letter)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from gateway.patients.models import PatientFlag, PatientRelationship
from gateway.sas import rules, services
from gateway.sas.errors import NotAllowed
from gateway.sas.models import Allocation, Deadline, Episode, Review
from gateway.sas.services.allocation import allocation_letter_context
from gateway.sas.states import State
from tests.factories import PartnerFactory, SasPracticeFactory

from .factories import EpisodeFactory
from .report_helpers import Scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme():
    return Scheme(postcode="BN1 1AA")


def sas(scheme, districts, **kwargs):
    return SasPracticeFactory(
        commissioner=scheme.commissioner, catchment_districts=districts, **kwargs
    )


def test_suggestion_is_the_practice_whose_catchment_covers_the_patients_district(scheme):
    sas(scheme, ["BN3"], name="Near the practice")
    covering = sas(scheme, ["BN1"], name="Near the patient")
    episode = scheme.screening()
    choice = services.allocation_options(episode)
    assert choice.suggested == covering
    assert "BN1" in choice.suggested_because


def test_suggestion_falls_back_to_the_removing_practices_area(scheme):
    near_practice = sas(scheme, ["BN3"])
    sas(scheme, ["TN1"])
    scheme.patient.addresses.update(postcode="ZZ9 9ZZ")
    episode = scheme.screening()
    assert services.allocation_options(episode).suggested == near_practice


def test_suggestion_falls_back_when_the_patient_has_no_fixed_abode():
    scheme = Scheme(postcode=None)
    near_practice = sas(scheme, ["BN3"])
    episode = scheme.screening()
    assert services.allocation_options(episode).suggested == near_practice


def test_each_option_shows_its_current_list_against_capacity(scheme):
    practice = sas(scheme, ["BN1"], list_capacity=2)
    EpisodeFactory.create_batch(
        2, commissioner=scheme.commissioner, sas_practice=practice, state=State.ALLOCATED
    )
    EpisodeFactory(commissioner=scheme.commissioner, sas_practice=practice, state=State.DISCHARGED)
    episode = scheme.screening()
    (option,) = services.allocation_options(episode).options
    assert (option.list_size, option.capacity, option.is_full) == (2, 2, True)


def test_choosing_another_practice_than_the_suggestion_needs_a_reason(scheme):
    sas(scheme, ["BN1"])
    other = sas(scheme, ["TN1"])
    episode = scheme.screening()
    with pytest.raises(ValidationError) as refused:
        services.allocate(
            scheme.commissioner_user, scheme.commissioner, episode, other, episode.version
        )
    assert "override_reason" in refused.value.message_dict
    assert Episode.objects.get(pk=episode.pk).state == State.SCREENING

    services.allocate(
        scheme.commissioner_user,
        scheme.commissioner,
        episode,
        other,
        episode.version,
        override_reason="The patient's probation office is next door.",
    )
    allocation = Allocation.objects.get(episode=episode)
    assert allocation.override_reason == "The patient's probation office is next door."


def test_allocation_creates_flag_relationship_deadlines_and_meets_the_target(scheme):
    practice = sas(scheme, ["BN1"])
    episode = scheme.screening()
    services.allocate(
        scheme.commissioner_user, scheme.commissioner, episode, practice, episode.version
    )

    assert Episode.objects.get(pk=episode.pk).state == State.ALLOCATED
    flag = PatientFlag.objects.get(patient=scheme.patient, ended_at__isnull=True)
    assert flag.kind == PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY
    assert (flag.source_type, flag.source_id) == ("sas.Episode", str(episode.public_id))
    assert PatientRelationship.objects.filter(
        patient=scheme.patient,
        organisation=practice,
        kind=PatientRelationship.Kind.RESPONSIBLE,
        is_active=True,
    ).exists()
    today = timezone.localdate()
    appeal = Deadline.objects.get(episode=episode, kind="appeal_against_placement")
    assert appeal.due_on == today + datetime.timedelta(days=28)
    review = Deadline.objects.get(episode=episode, kind="review")
    assert review.due_on == rules.add_months(today, 12)
    assert Deadline.objects.get(episode=episode, kind="allocation").met_at is not None


def test_allocation_schedules_the_first_review_on_its_one_deadline(scheme):
    practice = sas(scheme, ["BN1"])
    episode = scheme.screening()
    services.allocate(
        scheme.commissioner_user, scheme.commissioner, episode, practice, episode.version
    )

    (review,) = Review.objects.filter(episode=episode)
    assert review.status == Review.Status.SCHEDULED
    assert review.due_on == rules.add_months(timezone.localdate(), 12)
    (deadline,) = Deadline.objects.filter(episode=episode, kind="review")
    assert (deadline.review, deadline.due_on) == (review, review.due_on)
    # The daily job finds nothing more to schedule.
    assert services.schedule_missing_reviews() == 0
    assert Deadline.objects.filter(episode=episode, kind="review").count() == 1


def test_appeal_date_follows_the_commissioners_policy():
    scheme = Scheme(appeal_days_against_placement=14)
    practice = sas(scheme, ["BN1"])
    episode = scheme.screening()
    services.allocate(
        scheme.commissioner_user, scheme.commissioner, episode, practice, episode.version
    )
    appeal = Deadline.objects.get(episode=episode, kind="appeal_against_placement")
    assert appeal.due_on == timezone.localdate() + datetime.timedelta(days=14)
    assert appeal.describe().endswith("14 days from the allocation letter")


def test_police_told_late_allocation_needs_another_commissioners_approval(scheme):
    practice = sas(scheme, ["BN1"])
    incident = timezone.now() - datetime.timedelta(days=10)
    episode = scheme.screening(
        incident_at=incident,
        police_reported_at=incident + datetime.timedelta(days=8),
        explanation="Police asked us to wait.",
    )
    services.allocate(
        scheme.commissioner_user, scheme.commissioner, episode, practice, episode.version
    )
    assert episode.state == State.AWAITING_APPROVAL
    assert not PatientFlag.objects.exists()

    with pytest.raises(NotAllowed, match="different commissioner"):
        services.confirm_allocation(
            scheme.commissioner_user, scheme.commissioner, episode, episode.version
        )

    approver = scheme.second_commissioner()
    services.confirm_allocation(approver, scheme.commissioner, episode, episode.version)
    assert Episode.objects.get(pk=episode.pk).state == State.ALLOCATED
    assert Allocation.objects.get(episode=episode).checked_by == approver
    assert PatientFlag.objects.filter(patient=scheme.patient).exists()


def test_two_person_check_refuses_the_person_who_proposed_it():
    scheme = Scheme(two_person_allocation_check=True)
    practice = sas(scheme, ["BN1"])
    episode = scheme.screening()
    services.allocate(
        scheme.commissioner_user, scheme.commissioner, episode, practice, episode.version
    )
    assert episode.state == State.AWAITING_APPROVAL
    with pytest.raises(NotAllowed, match="different commissioner"):
        services.confirm_allocation(
            scheme.commissioner_user, scheme.commissioner, episode, episode.version
        )
    assert Episode.objects.get(pk=episode.pk).state == State.AWAITING_APPROVAL


def test_practice_staff_cannot_allocate(scheme):
    practice = sas(scheme, ["BN1"])
    episode = scheme.screening()
    with pytest.raises(NotAllowed):
        services.allocate(scheme.practice_user, scheme.practice, episode, practice, episode.version)


def test_allocation_letter_says_everything_domain_2_4_asks_for(scheme):
    practice = sas(
        scheme, ["BN1"], name="Harbour SAS Practice", phone="01234 567890", address="1 Quay"
    )
    PatientRelationship.objects.create(
        patient=scheme.patient,
        organisation=PartnerFactory(name="Brighton Outreach"),
        kind=PatientRelationship.Kind.CONSENT,
    )
    episode = scheme.screening()
    services.allocate(
        scheme.commissioner_user, scheme.commissioner, episode, practice, episode.version
    )
    appeal = Deadline.objects.get(episode=episode, kind="appeal_against_placement")
    review = Deadline.objects.get(episode=episode, kind="review")
    letter = render_to_string(
        "letters/sas/allocation.jinja",
        allocation_letter_context(episode, practice, appeal, review, scheme.policy),
    )
    for words in (
        "Special Allocation Scheme",
        "Harbour SAS Practice",
        "01234 567890",
        scheme.practice.name,  # not to go to the removing practice
        "home visit",
        rules.long_date(appeal.due_on),
        "28 days from the allocation letter",
        rules.long_date(review.due_on),
        "leave the scheme",
        "Brighton Outreach",
    ):
        assert words in letter
