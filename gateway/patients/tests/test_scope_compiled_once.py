"""The people an organisation may see, compiled to SQL once a request and shared by every home
page section that counts by it (ADR 0066). What is kept is the scope's SQL, never its rows:
the rule it keeps is that a figure follows who the organisation may see at the moment it is
read (gateway/patients/queries/scope.py)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.patients.models import Patient
from gateway.patients.queries import visible_patient_ids_compiled
from tests.factories import MembershipFactory, PatientFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def seen(scope):
    return set(Patient.objects.filter(pk__in=scope).values_list("pk", flat=True))


def test_compiled_once_a_request_yet_a_person_who_leaves_the_scope_leaves_at_once():
    practice = PracticeFactory()
    user = MembershipFactory(organisation=practice, role=Role.PRACTICE_STAFF).user
    kept, ended, in_error = (PatientFactory(related_to=[practice]) for _ in range(3))
    scope = visible_patient_ids_compiled(user, practice)
    assert visible_patient_ids_compiled(user, practice) is scope  # one compile a request
    assert seen(scope) >= {kept.pk, ended.pk, in_error.pk}

    ended.relationships.filter(organisation=practice).update(is_active=False)
    in_error.made_in_error_at = timezone.now()
    in_error.save(update_fields=["made_in_error_at"])

    still = seen(visible_patient_ids_compiled(user, practice))
    assert kept.pk in still
    assert ended.pk not in still
    assert in_error.pk not in still


def test_each_organisation_has_its_own_scope():
    first, second = PracticeFactory(), PracticeFactory()
    membership = MembershipFactory(organisation=first, role=Role.PRACTICE_STAFF)
    MembershipFactory(user=membership.user, organisation=second, role=Role.PRACTICE_STAFF)
    at_first, at_second = PatientFactory(related_to=[first]), PatientFactory(related_to=[second])
    user = membership.user
    assert at_first.pk in seen(visible_patient_ids_compiled(user, first))
    assert at_first.pk not in seen(visible_patient_ids_compiled(user, second))
    assert at_second.pk in seen(visible_patient_ids_compiled(user, second))
    assert at_second.pk not in seen(visible_patient_ids_compiled(user, first))


def test_a_scope_compiled_yesterday_is_not_used_today():
    """The SQL holds the day (a relationship by consent ends on its expiry date): a new day
    compiles the scope again, so access never outlives consent through the kept SQL."""
    practice = PracticeFactory()
    user = MembershipFactory(organisation=practice, role=Role.PRACTICE_STAFF).user
    person = PatientFactory(related_to=[practice])
    today = timezone.localdate()
    person.relationships.filter(organisation=practice).update(expires_on=today)
    assert person.pk in seen(visible_patient_ids_compiled(user, practice))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1), tick=False):
        assert person.pk not in seen(visible_patient_ids_compiled(user, practice))
