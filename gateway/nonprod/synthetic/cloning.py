"""Cloning people made through the services, in bulk (ADR 0042).

A template is one person the demo walked through the real services (a removal report to a
decided appeal, a referral refused and challenged, a support team with needs and meetings).
Everything reachable from them by foreign key (episodes, status history, deadlines, reviews,
appeals, letters, flags, consents, referrals and their changes, team members, ...) is copied
as one unit for a new synthetic person: new ids and public ids, their own name and NHS number,
the organisations mapped onto another area, and every date moved back by the same number of
days, so each copy's deadlines and history stay exactly as consistent as the services left
the template's. The model graph is read from Django's metadata, so a new table that hangs off
a person is cloned too without changes here."""

import datetime
import uuid
from collections import defaultdict

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.db.models.base import ModelState

from gateway.accounts.models import Organisation
from gateway.patients.models import Patient

# Person-linked tables not copied: sign-in secrets for the person's own page (each needs its
# own code) and queued tasks.
NOT_CLONED = {"portal.AccessCode", "portal.PortalSession", "django_tasks_database.DBTaskResult"}

GIVEN = ["Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Jamie", "Robin", "Charlie",
         "Avery", "Riley", "Quinn", "Rowan", "Skyler", "Harper", "Ellis", "Logan"]  # fmt: skip
FAMILY = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
          "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts",
          "Green", "Hall", "Wood", "Jackson", "Clarke", "Khan", "Hughes", "Ahmed"]  # fmt: skip


def graph_models():
    """Every model with a foreign-key path to Patient, parents before children."""
    included = {Patient}
    candidates = [m for m in apps.get_models() if m._meta.label not in NOT_CLONED]
    changed = True
    while changed:
        changed = False
        for model in candidates:
            if model not in included and any(
                f.related_model in included
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model is not model
            ):
                included.add(model)
                changed = True
    order, placed = [], set()
    while len(order) < len(included):
        ready = [
            m
            for m in included
            if m not in placed
            and all(
                f.related_model in placed or f.related_model not in included
                for f in m._meta.concrete_fields
                if f.is_relation and f.related_model is not m
            )
        ]
        if not ready:
            raise RuntimeError(f"circular foreign keys among {included - placed}")
        ready.sort(key=lambda m: m._meta.label)
        order += ready
        placed.update(ready)
    return order


def reachable_rows(patient_pk, order):
    """{model: [rows]} of everything hanging off one person, in the order they are cloned."""
    reached = {Patient: [Patient.objects.get(pk=patient_pk)]}
    ids = {Patient: {patient_pk}}
    for model in order[1:]:
        condition = Q()
        for f in model._meta.concrete_fields:
            related = f.related_model if f.is_relation else None
            if related in ids and related is not model and ids[related]:
                condition |= Q(**{f"{f.attname}__in": ids[f.related_model]})
        rows = list(model.objects.filter(condition).order_by("pk")) if condition else []
        if rows:
            reached[model] = rows
        ids[model] = {r.pk for r in rows}
    return reached


def nhs_number(serial):
    """A valid (mod 11) NHS number in the 999 range, which is never issued to a person."""
    for n in range(serial, serial + 20):
        digits = f"999{n:06d}"
        total = sum(int(d) * (10 - i) for i, d in enumerate(digits))
        check = 11 - total % 11
        if check == 11:
            return digits + "0", n + 1
        if check != 10:
            return digits + str(check), n + 1
    raise ValueError("no NHS number left")


class Cloner:
    """Copies units (a template person, their area, their date shift) in batches."""

    def __init__(self, rng, order, templates):
        self.rng = rng
        self.order = order
        self.templates = templates  # {patient pk: {model: [rows]}}
        self.nhs_serial = 100000  # after the demo's serials
        self.fields = {m: list(m._meta.concrete_fields) for m in order}
        self.counts = defaultdict(int)

    def clone(self, units, batch=300):
        """units: [(template pk, org_map, shift_days)]. Returns how many rows per model."""
        for start in range(0, len(units), batch):
            self._clone_batch(units[start : start + batch])
        return self.counts

    def _clone_batch(self, units):
        new_ids = {}  # (model, unit index, old pk) -> new pk
        for model in self.order:
            objs, keys, deferred = [], [], []
            for u, (template, org_map, shift) in enumerate(units):
                for row in self.templates[template].get(model, ()):
                    obj, self_refs = self._copy(model, row, u, org_map, shift, new_ids)
                    objs.append(obj)
                    keys.append((u, row.pk))
                    deferred += [(obj, f, u, old) for f, old in self_refs]
            if not objs:
                continue
            model.objects.bulk_create(objs, batch_size=1000)
            for (u, old), obj in zip(keys, objs, strict=True):
                new_ids[(model, u, old)] = obj.pk
            if deferred:
                for obj, f, u, old in deferred:
                    setattr(obj, f.attname, new_ids.get((model, u, old)))
                model.objects.bulk_update(
                    [d[0] for d in deferred], sorted({d[1].name for d in deferred})
                )
            self.counts[model._meta.label] += len(objs)

    def _copy(self, model, row, u, org_map, shift, new_ids):
        obj = model.__new__(model)
        obj._state = ModelState()
        self_refs = []
        for f in self.fields[model]:
            value = getattr(row, f.attname)
            if f.primary_key:
                value = None
            elif isinstance(f, models.UUIDField) and f.unique:
                value = uuid.UUID(int=self.rng.getrandbits(128), version=4)
            elif f.unique and not f.is_relation and value:
                value = self._fresh_token(value)
            elif f.is_relation and value is not None:
                if f.related_model is model:
                    self_refs.append((f, value))
                    value = None
                elif f.related_model is Organisation:
                    value = org_map.get(value, value)
                else:
                    value = new_ids.get((f.related_model, u, value), value)
            elif isinstance(f, models.DateField) and value is not None:
                value = value - datetime.timedelta(days=shift)
            setattr(obj, f.attname, value)
        if model is Patient:
            self._new_identity(obj)
        return obj, self_refs

    def _fresh_token(self, value):
        """A unique reference of the same shape (its prefix kept, the rest random hex)."""
        prefix, _, rest = str(value).rpartition("-")
        token = f"{self.rng.getrandbits(4 * len(rest)):0{len(rest)}x}"
        return f"{prefix}-{token}" if prefix else token

    def _new_identity(self, patient):
        patient.given_name = self.rng.choice(GIVEN)
        patient.family_name = self.rng.choice(FAMILY)
        patient.preferred_name = ""
        patient.search_given_name = patient.given_name.lower()
        patient.search_family_name = patient.family_name.lower()
        patient.date_of_birth = datetime.date(1950 + self.rng.randrange(55), 1, 1) + (
            datetime.timedelta(days=self.rng.randrange(365))
        )
        if patient.nhs_number:
            patient.nhs_number, self.nhs_serial = nhs_number(self.nhs_serial)
