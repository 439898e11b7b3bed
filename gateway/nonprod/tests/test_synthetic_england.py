"""`manage.py make_synthetic_england` at a tiny size (ADR 0042): the organisations in the ODS
format, people in every SAS state at national proportions, the largest area first, clones as
consistent as the templates the services made, and an audit trail that still verifies."""

import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count

from gateway.accounts.models import Organisation
from gateway.audit.models import AuditEvent
from gateway.audit.verification import verify_trail
from gateway.nonprod.demo_data import ICB
from gateway.nonprod.synthetic.cloning import nhs_number
from gateway.nonprod.synthetic.scales import SCALES
from gateway.patients.models import Patient
from gateway.registration.models import RegistrationReferral
from gateway.sas.models import Deadline, Episode, StatusHistory
from gateway.sas.states import STATES
from gateway.sas.tests.status_times import episodes_whose_status_times_are_wrong

pytestmark = pytest.mark.django_db

FACTOR = 0.01  # 20 episodes, 60 referrals, 1,000 audit rows; organisations as in `small`


@pytest.fixture
def england():
    out = io.StringIO()
    call_command("make_synthetic_england", scale="small", factor=FACTOR, stdout=out)
    return out.getvalue()


def test_small_england_has_its_organisations_in_the_ods_format(england):
    small = SCALES["small"]
    practices = Organisation.objects.filter(kind=Organisation.Kind.GP_PRACTICE)
    assert practices.count() == small.practices
    assert all(
        re.fullmatch(r"[A-Z]\d{5}", code) for code in practices.values_list("ods_code", flat=True)
    )
    assert practices.filter(is_sas_practice=True).count() == small.sas_practices
    synthetic = Organisation.objects.filter(kind="commissioner", name__endswith="(synthetic)")
    assert synthetic.count() == small.commissioners - 1  # plus the demo's Sussex ICB
    for commissioner in synthetic:
        districts = {
            d for p in practices.filter(commissioner=commissioner) for d in p.catchment_districts
        }
        assert districts and len({re.match(r"[A-Z]+", d).group() for d in districts}) == 1


def test_small_england_has_people_in_every_sas_state_and_the_largest_area_first(england):
    states = Counter(Episode.objects.values_list("state", flat=True))
    assert set(states) == set(STATES), "every SAS state is in the synthetic England"
    assert sum(states.values()) >= 20
    assert states["allocated"] + states["discharged"] > states["reported"], "national mix"
    assert RegistrationReferral.objects.count() >= 60
    by_area = dict(
        Episode.objects.values_list("commissioner__name")
        .annotate(n=Count("id"))
        .values_list("commissioner__name", "n")
    )
    assert max(by_area, key=by_area.get) == ICB, "the demo's Sussex ICB is the busiest"


def shape(episode):
    """An episode's history and deadlines, dated from its first status change: the same for
    a clone as for the template the services made, whatever days the clone was moved by."""
    history = list(StatusHistory.objects.filter(episode=episode).order_by("at", "id"))
    first = history[0].at.date()
    deadlines = Deadline.objects.filter(episode=episode).order_by("kind", "due_on", "id")
    return (
        tuple(h.to_state for h in history),
        tuple((d.kind, (d.starts_on - first).days, (d.due_on - first).days) for d in deadlines),
    )


def test_clones_keep_the_deadlines_and_history_the_services_made(england):
    demo = Episode.objects.filter(patient__nhs_number__startswith="9997")  # the templates
    templates = {shape(e) for e in demo}
    clones = Episode.objects.exclude(pk__in=demo.values("pk")).exclude(patient__nhs_number="")
    assert clones.count() >= 20 - demo.count()
    for episode in clones:
        assert shape(episode) in templates
        history = StatusHistory.objects.filter(episode=episode).order_by("at", "id")
        assert history.last().to_state == episode.state
    # Their allocation and closing times too, which the insight figures count by (ADR 0029).
    assert episodes_whose_status_times_are_wrong() == []
    assert clones.filter(allocated_at__isnull=False, closed_at__isnull=False).exists()
    assert clones.filter(allocated_at__isnull=False, closed_at__isnull=True).exists()
    numbers = list(Patient.objects.exclude(nhs_number="").values_list("nhs_number", flat=True))
    assert len(numbers) == len(set(numbers)), "every person has their own NHS number"


def test_the_synthetic_audit_trail_verifies(england):
    assert AuditEvent.objects.count() >= 1000
    result = verify_trail()
    assert result.intact, result.problems
    assert result.checked == AuditEvent.objects.count()


def test_synthetic_nhs_numbers_pass_the_mod_11_check():
    number, _ = nhs_number(100000)
    digits = [int(d) for d in number]
    assert (sum(d * (10 - i) for i, d in enumerate(digits[:9])) + digits[9]) % 11 == 0
