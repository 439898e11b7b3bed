"""Building a synthetic England (``manage.py make_synthetic_england``, ADR 0042).

1. The demo (gateway.nonprod.load) walks one person into every SAS state, registration
   referrals and a support team through the real services: those people are the templates,
   and the demo's Sussex ICB is the largest area.
2. The commissioners and practices of the other areas are made in bulk (organisations.py).
3. The templates are cloned in bulk (cloning.py), spread over the areas with a quarter of the
   people at Sussex, in national proportions of SAS states.
4. Audit rows are appended in bulk, chained (audit_rows.py).
Everything is drawn from one seeded random generator, so the same seed and scale make the
same England."""

import random
import time

from django.db import connection, transaction

from gateway.accounts.models import Membership, Organisation
from gateway.patients.models import Patient
from gateway.registration.models import RegistrationReferral
from gateway.sas.models import Episode
from gateway.sas.states import State

from ..demo_data import PRACTICES
from ..load import load_demo
from ..sas_demo import OTHER_ICB
from .audit_rows import write_audit_rows
from .cloning import Cloner, graph_models, reachable_rows
from .organisations import build_areas

# How many people of each SAS state per 100 episodes: most are on the scheme or discharged.
STATE_WEIGHTS = {
    State.REPORTED: 2, State.SCREENING: 2, State.MORE_INFORMATION_REQUESTED: 1,
    State.AWAITING_APPROVAL: 1, State.ALLOCATED: 22, State.DECLINED: 6, State.UNDER_REVIEW: 4,
    State.REMAINING: 14, State.DISCHARGE_PLANNED: 4, State.DISCHARGED: 30,
    State.ON_HOLD_CUSTODY: 3, State.TRANSFERRED_OUT: 3, State.OVERTURNED: 3,
    State.ENDED_DEATH: 2, State.ENDED_REGISTERED_BY_MISTAKE: 1, State.ENTERED_IN_ERROR: 2,
}  # fmt: skip
SHIFT_DAYS = {"sas": 60, "registration": 3 * 365, "support": 365}


def log_nothing(message):
    pass


def make_synthetic_england(scale, seed=17, log=log_nothing):
    """Build scale's England into an empty (migrated) database. Returns what was made."""
    rng = random.Random(seed)
    began = time.perf_counter()
    if Organisation.objects.filter(kind=Organisation.Kind.GP_PRACTICE).count() > 10:
        raise ValueError("This database already holds an England: use an empty one.")
    load_demo()
    log(f"templates made through the services ({time.perf_counter() - began:.0f} s)")
    with transaction.atomic():
        areas = build_areas(scale, rng)
    log(f"{len(areas)} commissioners and their practices ({time.perf_counter() - began:.0f} s)")
    order = graph_models()
    groups = template_groups()
    templates = {pk: reachable_rows(pk, order) for group in groups.values() for pk, _ in group}
    cloner = Cloner(rng, order, templates)
    counts = {}
    targets = {
        "sas": (scale.episodes, Episode),
        "registration": (scale.referrals, RegistrationReferral),
        "support": (scale.support_people, Patient),
    }
    demo_practices = list(
        Organisation.objects.filter(ods_code__in=[p[1] for p in PRACTICES]).values_list(
            "pk", "is_sas_practice"
        )
    )
    other_icb = Organisation.objects.filter(name=OTHER_ICB).values_list("pk", flat=True).first()
    for group, (target, counted) in targets.items():
        made = _count(counted, group)
        units = []
        while made < target and groups[group]:
            pk = _weighted(rng, groups[group])
            area_index = _area_index(rng, scale, len(areas))
            org_map = _org_map(rng, areas, area_index, demo_practices, other_icb)
            units.append((pk, org_map, rng.randrange(SHIFT_DAYS[group] + 1)))
            made += max(1, len(templates[pk].get(counted, ())))
        with transaction.atomic():
            cloner.clone(units)
        log(f"{group}: {len(units)} people cloned ({time.perf_counter() - began:.0f} s)")
    counts.update(cloner.counts)
    actors = list(
        Membership.objects.filter(is_active=True).values_list(
            "user_id", "user__full_name", "organisation_id"
        )
    )
    patients = list(Patient.objects.values_list("pk", "public_id"))
    counts["audit.AuditEvent"] = write_audit_rows(scale.audit_rows, rng, actors, patients)
    log(f"{scale.audit_rows:,} audit rows chained ({time.perf_counter() - began:.0f} s)")
    gather_planner_statistics()
    log(f"planner statistics gathered ({time.perf_counter() - began:.0f} s)")
    return counts


def gather_planner_statistics():
    """Bulk-made rows have no planner statistics until autovacuum comes round, and without
    them PostgreSQL guesses a two-row scope and picks nested loops over every audit row (4.7 s
    where 0.3 ms is right). A live database has them; so must the data the bench measures."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _count(model, group):
    return 0 if group == "support" else model.objects.count()


def template_groups():
    """The demo's people by what they show: [(patient pk, weight)] for SAS (weighted by their
    latest episode's state), registration (referrals, no episode) and support (the rest)."""
    latest = {}
    for patient_id, state in Episode.objects.order_by("id").values_list("patient_id", "state"):
        latest[patient_id] = state
    referred = set(RegistrationReferral.objects.values_list("patient_id", flat=True))
    groups = {"sas": [], "registration": [], "support": []}
    for pk in Patient.objects.order_by("pk").values_list("pk", flat=True):
        if pk in latest:
            groups["sas"].append((pk, STATE_WEIGHTS.get(latest[pk], 1)))
        elif pk in referred:
            groups["registration"].append((pk, 1))
        else:
            groups["support"].append((pk, 1))
    return groups


def _weighted(rng, group):
    return rng.choices([pk for pk, _ in group], weights=[w for _, w in group])[0]


def _area_index(rng, scale, n):
    if n == 1 or rng.random() < scale.largest_share:
        return 0
    return 1 + rng.randrange(n - 1)


def _org_map(rng, areas, k, demo_practices, other_icb):
    """Where the demo's organisations are for this copy: Sussex's commissioner and practices
    become area k's (at Sussex itself, half the people keep the demo practice, so the demo
    practice's staff see a full inbox); a transfer goes to the next area."""
    area = areas[k]
    org_map = {areas[0].commissioner.pk: area.commissioner.pk}
    for pk, is_sas in demo_practices:
        if k == 0 and rng.random() < 0.5:
            continue
        org_map[pk] = rng.choice(area.sas_practices if is_sas else area.practices)
    if other_icb is not None:
        org_map[other_icb] = areas[(k + 1) % len(areas)].commissioner.pk
    return org_map
