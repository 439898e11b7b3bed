"""The same person entered twice: likely pairs among the people an organisation may see, and
the links already made (docs/adr/0040). Scoped like every read here: only people in
``visible_patients`` are compared or shown, and a linked record the organisation cannot see
stays hidden (linking gives no organisation access it did not have)."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from gateway.core.prepared import Statement

from ..models import Address, Patient, PatientLink
from ..rules import duplicates as rules
from .scope import WHOLE_ORGANISATION, organisation_scope_ids, scope_shape, visible_patients


def person_facts(patient):
    """The finder's plain values for a patient whose current address is prefetched as
    ``current_addresses`` (or read now)."""
    addresses = getattr(patient, "current_addresses", None)
    if addresses is None:
        addresses = list(patient.addresses.filter(is_current=True))
    return rules.Person(
        key=patient.pk,
        given_name=patient.given_name,
        family_name=patient.family_name,
        date_of_birth=patient.date_of_birth,
        postcode=addresses[0].postcode if addresses else "",
        nhs_number=patient.nhs_number,
    )


def likely_duplicates(user, organisation):
    """Likely pairs among the people the organisation may see, strongest first, as
    ``rules.Pair`` values whose ``first``/``second`` carry the patients as ``.patient``.

    Bounded: the database blocks by date of birth (indexed) and returns only people who share
    one with someone else the organisation sees; names are scored in Python only inside each
    block. Pairs already linked are left out. Three queries whatever the numbers."""
    visible = visible_patients(user, organisation)
    shared_birth_dates = (
        visible.order_by()
        .values("date_of_birth")
        .annotate(people=Count("pk"))
        .filter(people__gt=1)
        .values("date_of_birth")
    )
    patients = list(
        visible.filter(date_of_birth__in=shared_birth_dates)
        .only("pk", "public_id", "given_name", "family_name", "date_of_birth", "nhs_number")
        .prefetch_related(
            Prefetch(
                "addresses",
                queryset=Address.objects.filter(is_current=True).only("patient_id", "postcode"),
                to_attr="current_addresses",
            )
        )
    )
    by_key = {patient.pk: patient for patient in patients}
    linked = set(
        PatientLink.objects.filter(undone_at__isnull=True)
        .filter(Q(kept__in=by_key) | Q(duplicate__in=by_key))
        .values_list("kept_id", "duplicate_id")
    )
    pairs = []
    for pair in rules.likely_pairs(person_facts(patient) for patient in patients):
        keys = (pair.first.key, pair.second.key)
        if keys in linked or keys[::-1] in linked:
            continue
        pairs.append(
            DuplicatePair(pair, by_key[pair.first.key], by_key[pair.second.key]),
        )
    return pairs


class DuplicatePair:
    """A likely pair with its two patients (for the page)."""

    def __init__(self, pair, first, second):
        self.kind = pair.kind
        self.reason = pair.reason
        self.likeness = pair.likeness
        self.first = first
        self.second = second


def _links():
    return PatientLink.objects.select_related(
        "kept", "duplicate", "linked_by", "linked_by_organisation"
    )


def links_into(patient):
    """The records linked into this one (it is the record to keep), oldest first."""
    return list(_links().filter(kept=patient, undone_at__isnull=True).order_by("created_at", "pk"))


def link_of(patient):
    """The link that makes this record a duplicate of another, or None."""
    return _links().filter(duplicate=patient, undone_at__isnull=True).first()


class LinkedRecords:
    """What a record page shows about links, scoped: each other record is ``visible`` only if
    the organisation could already see it. ``kept_link``: this record is a duplicate of
    another (the page points there); ``links``: records linked into this one."""

    def __init__(self, kept_link, links, visible_ids):
        self.kept_link = kept_link
        self.links = links
        self.visible_ids = visible_ids

    def sees(self, patient):
        return patient.pk in self.visible_ids

    @property
    def visible_duplicates(self):
        return [link.duplicate for link in self.links if self.sees(link.duplicate)]

    @property
    def hidden_count(self):
        return sum(1 for link in self.links if not self.sees(link.duplicate))


def linked_records(user, organisation, patient):
    """The links of ``patient`` as the organisation may see them, each other record checked
    against ``visible_patients`` in the same query (one query, whatever the number),
    compiled once a process for those who read the organisation's whole scope (ADR 0068)."""

    def orm():
        return _links_seen(patient.pk, visible_patients(user, organisation))

    whole = scope_shape(user, organisation) == WHOLE_ORGANISATION
    links = LINKS.rows_or(
        orm,
        "links" if whole else None,
        patient_id=patient.pk,
        organisation_id=getattr(organisation, "pk", None),
        today=timezone.localdate(),
    )
    kept_link = next((link for link in links if link.duplicate_id == patient.pk), None)
    into = [link for link in links if link.kept_id == patient.pk]
    visible_ids = {link.duplicate_id for link in into if link.duplicate_visible}
    if kept_link is not None and kept_link.kept_visible:
        visible_ids.add(kept_link.kept_id)
    return LinkedRecords(kept_link, into, visible_ids)


def _links_seen(patient_id, visible):
    return (
        _links()
        .filter(Q(kept_id=patient_id) | Q(duplicate_id=patient_id), undone_at__isnull=True)
        .annotate(
            kept_visible=Exists(visible.filter(pk=OuterRef("kept_id"))),
            duplicate_visible=Exists(visible.filter(pk=OuterRef("duplicate_id"))),
        )
        .order_by("created_at", "pk")
    )


def _links_built(shape, *, patient_id, organisation_id, today):
    visible = Patient.objects.filter(pk__in=organisation_scope_ids(organisation_id, today))
    return _links_seen(patient_id, visible)


LINKS = Statement(_links_built, planned_once=True)


def get_visible_link(user, organisation, public_id):
    """An active link both of whose records the organisation may see, or 404: only someone
    who sees both may undo it."""
    visible = visible_patients(user, organisation)
    link = (
        _links()
        .filter(public_id=public_id, undone_at__isnull=True)
        .filter(kept__in=visible, duplicate__in=visible)
        .first()
    )
    if link is None:
        raise Http404("No link matches the given query.")
    return link
