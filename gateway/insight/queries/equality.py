"""The people behind other sections' figures, broken down by sex, age band and ethnic group.
Each breakdown is one query: the people in any of the sets, grouped in the database, with a
conditional count per set (a set is a subquery of patient pks), whatever the number of
people."""

from django.db.models import Case, CharField, Count, DateField, F, Q, Value, When

from gateway.patients.models import Patient

from ..rules.equality import AGE_BANDS, ETHNIC_GROUPS, SEXES
from . import registration, support
from .area import age_band_conditions, age_on, band_case
from .common import bounds, episodes, on_scheme_at
from .scope import Scope
from .together import read_for_areas, row_of

ANYONE = "anyone"
NOT_RECORDED = "Not known"
# The ethnic categories that say something: every code outside the "Not known" group (a
# person with no answer at all is "Not known" too, _ethnic_group's default).
RECORDED = sorted(code for label, codes in ETHNIC_GROUPS if label != NOT_RECORDED for code in codes)

# (key, column heading) of each set, in the order the tables show them.
SETS = (
    ("on_scheme", "On the scheme at the end"),
    ("removed", "Removed by a practice"),
    ("referred", "Referred to register with a GP"),
    ("refused", "Refused registration"),
    ("meeting_definition", "Meeting the multiple-disadvantage definition"),
    ("declined", "Declined by a service"),
    ("died", "Died"),
)


def people_sets(scope, period):
    """{key: subquery of the patient pks each figure counts}."""
    start, end = bounds(period)
    return {
        "on_scheme": episodes(scope).filter(on_scheme_at(end)).values("patient"),
        "removed": episodes(scope)
        .filter(removal_report__notice_given_at__gte=start, removal_report__notice_given_at__lt=end)
        .values("patient"),
        "referred": registration.referrals(scope)
        .filter(registration.made_in(period))
        .values("patient"),
        "refused": registration.referrals(scope)
        .filter(registration.refused_in(period))
        .values("patient"),
        "meeting_definition": support.meeting_definition(scope, period).values("patient"),
        "declined": support.referrals_sent(scope, period)
        .filter(status=support.Referral.DECLINED)
        .values("patient"),
        "died": support.died_in(scope, period).values("patient"),
    }


def _grouped(sets, group, annotations=None):
    anyone = Q()
    for subquery in sets.values():
        anyone |= Q(pk__in=subquery)
    rows = (
        Patient.objects.filter(anyone)
        .annotate(**(annotations or {}))
        .annotate(group=group)
        .order_by()
        .values("group")
        .annotate(
            **{ANYONE: Count("pk")},
            **{key: Count("pk", filter=Q(pk__in=subquery)) for key, subquery in sets.items()},
        )
    )
    return {row["group"]: row for row in rows}


def _rows(labels, grouped):
    keys = [ANYONE, *(key for key, _heading in SETS)]
    return [(label, *(grouped.get(label, {}).get(key, 0) for key in keys)) for label in labels]


def by_sex(sets):
    labels = dict(SEXES)
    grouped = _grouped(sets, F("sex"))
    return _rows(labels.values(), {labels.get(key, key): row for key, row in grouped.items()})


def by_age(sets, period):
    conditions = age_band_conditions("age", AGE_BANDS)
    grouped = _grouped(
        sets,
        band_case(conditions),
        {"age": age_on(Value(period.end, output_field=DateField()), F("date_of_birth"))},
    )
    return _rows([label for label, *_ in AGE_BANDS], grouped)


def by_ethnic_group(sets):
    return _rows([label for label, _codes in ETHNIC_GROUPS], _grouped(sets, _ethnic_group()))


def _ethnic_group():
    return Case(
        *[When(ethnic_category__in=codes, then=Value(label)) for label, codes in ETHNIC_GROUPS],
        default=Value("Not known"),
        output_field=CharField(),
    )


def breakdowns(sets, period):
    """(by_sex(sets), by_age(sets, period), by_ethnic_group(sets)) from one query grouped by
    sex, age band and ethnic group together (a few hundred rows at most, whatever the number
    of people), added up here."""
    anyone = Q()
    for subquery in sets.values():
        anyone |= Q(pk__in=subquery)
    age = age_on(Value(period.end, output_field=DateField()), F("date_of_birth"))
    rows = (
        Patient.objects.filter(anyone)
        .annotate(age=age)
        .annotate(
            sex_group=F("sex"),
            age_group=band_case(age_band_conditions("age", AGE_BANDS)),
            ethnic_group=_ethnic_group(),
        )
        .order_by()
        .values("sex_group", "age_group", "ethnic_group")
        .annotate(
            **{ANYONE: Count("pk")},
            **{key: Count("pk", filter=Q(pk__in=subquery)) for key, subquery in sets.items()},
        )
    )
    groups = {"sex_group": {}, "age_group": {}, "ethnic_group": {}}
    keys = [ANYONE, *sets]
    for row in rows:
        for field, grouped in groups.items():
            totals = grouped.setdefault(row[field], dict.fromkeys(keys, 0))
            for key in keys:
                totals[key] += row[key]
    sexes = dict(SEXES)
    by_sex = _rows(
        sexes.values(),
        {sexes.get(key, key): totals for key, totals in groups["sex_group"].items()},
    )
    by_age = _rows([label for label, *_ in AGE_BANDS], groups["age_group"])
    by_ethnic_group = _rows([label for label, _codes in ETHNIC_GROUPS], groups["ethnic_group"])
    return by_sex, by_age, by_ethnic_group


def anyone(sets):
    """Condition on people: in any of the sets."""
    condition = Q()
    for subquery in sets.values():
        condition |= Q(pk__in=subquery)
    return condition


def by_area(commissioners, period):
    """{commissioner pk: {"counted": people in any set, "recorded": of them with an ethnic
    group recorded}} for every area in one statement (the national view): what the ethnic
    group table adds up to (anyone, and anyone less the "Not known" row)."""

    def rows_of_area(commissioner):
        sets = people_sets(Scope(commissioner=commissioner), period)
        people = Patient.objects.filter(anyone(sets))
        return {
            "people": row_of(
                people,
                counted=Count("pk"),
                recorded=Count("pk", filter=Q(ethnic_category__in=RECORDED)),
            )
        }

    return {pk: rows["people"] for pk, rows in read_for_areas(commissioners, rows_of_area).items()}
