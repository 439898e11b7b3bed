"""History tables are append-only (ADR 0026): a row can be written, never changed or removed
through the ORM. The checks run over every concrete subclass of ``AppendOnlyModel`` found at
run time, so a new history table is covered as soon as it inherits the base."""

import datetime
import re

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models.signals import pre_delete

from gateway.core.models import AppendOnlyModel, ImmutableRow, history_models, refusal
from gateway.sas.models import StatusHistory
from gateway.support.models import MCNRule, MCNStatus
from tests.factories import CommissionerFactory, PatientFactory

HISTORY = history_models()
# How history tables are named (ADR 0026): a model whose name ends so is history and must
# inherit the base.
HISTORY_NAME = re.compile(r"(History|Change|Revision|Attempt|Event)$")


def label(model):
    return model._meta.label


def as_read_from_the_database(model):
    """An instance as the ORM builds it for a stored row (``from_db``), without a real row:
    every refusal below happens before the database is asked."""
    fields = [f.attname for f in model._meta.concrete_fields]
    values = [1 if f.primary_key else None for f in model._meta.concrete_fields]
    return model.from_db("default", fields, values)


def test_every_history_table_is_found():
    assert {label(m) for m in HISTORY} >= {
        "audit.AuditEvent",
        "comms.DeliveryAttempt",
        "registration.ReferralChange",
        "sas.StatusHistory",
        "support.DeathRevision",
        "support.MCNStatus",
        "support.ServiceReferralChange",
    }


def test_a_model_named_like_history_is_append_only():
    named_like_history = [m for m in apps.get_models() if HISTORY_NAME.search(m.__name__)]
    assert named_like_history
    not_append_only = [label(m) for m in named_like_history if m not in HISTORY]
    assert not not_append_only, (
        f"{not_append_only} are named like history tables: inherit "
        "gateway.core.models.AppendOnlyModel (ADR 0026) or choose a name that is not history's"
    )


@pytest.mark.parametrize("model", HISTORY, ids=label)
def test_append_only_history_refuses_saving_a_stored_row(model):
    row = as_read_from_the_database(model)
    with pytest.raises(ImmutableRow, match="cannot be changed"):
        row.save()


@pytest.mark.parametrize("model", HISTORY, ids=label)
def test_append_only_history_refuses_deleting_a_row(model):
    with pytest.raises(ImmutableRow, match="cannot be removed"):
        as_read_from_the_database(model).delete()


@pytest.mark.parametrize("model", HISTORY, ids=label)
def test_append_only_history_refuses_bulk_update_and_delete(model):
    with pytest.raises(ImmutableRow, match="cannot be changed"):
        model.objects.all().update(pk=1)
    with pytest.raises(ImmutableRow, match="cannot be changed"):
        model._default_manager.filter(pk=1).update(pk=1)
    with pytest.raises(ImmutableRow, match="cannot be removed"):
        model.objects.all().delete()
    with pytest.raises(ImmutableRow, match="cannot be removed"):
        model._base_manager.all().delete()


@pytest.mark.parametrize("model", HISTORY, ids=label)
def test_append_only_history_is_never_rewritten_when_a_parent_row_is_deleted(model):
    """Deleting a parent sets SET_NULL, SET_DEFAULT and SET(...) foreign keys with an UPDATE
    that no model code sees; history tables keep the link (CASCADE, refused below), refuse
    (PROTECT, RESTRICT) or keep the id unchecked (DO_NOTHING, the audit trail)."""
    allowed = {models.CASCADE, models.PROTECT, models.RESTRICT, models.DO_NOTHING}
    rewriting = [
        f.name
        for f in model._meta.get_fields()
        if f.many_to_one and f.concrete and f.remote_field.on_delete not in allowed
    ]
    assert not rewriting, f"{label(model)}: {rewriting} would be rewritten by a parent's delete"


@pytest.mark.parametrize("model", HISTORY, ids=label)
def test_append_only_history_refuses_removal_by_cascade_from_a_parent(model):
    """Deleting a parent row sends pre_delete for each child it collects; history refuses."""
    assert pre_delete.has_listeners(model)
    with pytest.raises(ImmutableRow, match="cannot be removed"):
        pre_delete.send(sender=model, instance=as_read_from_the_database(model), using="default")


def test_refusals_name_the_table_and_say_what_to_do_instead():
    assert refusal(StatusHistory, "changed") == (
        "Status history rows are append-only history: a row cannot be changed once written. "
        "Record what happened since as a new row."
    )


def test_the_base_itself_is_abstract_and_adds_no_columns():
    assert AppendOnlyModel._meta.abstract
    assert AppendOnlyModel._meta.get_fields() == ()


@pytest.fixture
def stored_status():
    """A real history row whose parent (the person) could otherwise be deleted by cascade."""
    commissioner = CommissionerFactory()
    rule = MCNRule.objects.create(
        commissioner=commissioner,
        version=1,
        effective_from=datetime.date(2020, 1, 1),
        threshold=3,
    )
    return MCNStatus.objects.create(
        patient=PatientFactory(),
        commissioner=commissioner,
        rule=rule,
        meets=False,
        worked_out_on=datetime.date(2026, 1, 1),
        why="need added",
    )


@pytest.mark.django_db
def test_append_only_history_row_survives_its_parent_being_deleted(stored_status):
    with pytest.raises(ImmutableRow, match="cannot be removed"), transaction.atomic():
        stored_status.patient.delete()
    assert MCNStatus.objects.filter(pk=stored_status.pk).exists()


@pytest.mark.django_db
def test_append_only_history_row_cannot_be_changed_once_read_back(stored_status):
    row = MCNStatus.objects.get(pk=stored_status.pk)
    row.meets = True
    with pytest.raises(ImmutableRow, match="cannot be changed"):
        row.save()
    with pytest.raises(ImmutableRow, match="cannot be changed"), transaction.atomic():
        MCNStatus.objects.bulk_update([row], ["meets"])
    assert MCNStatus.objects.get(pk=stored_status.pk).meets is False


@pytest.mark.django_db
def test_append_only_history_new_row_with_a_stored_rows_id_is_refused_not_written_over(
    stored_status,
):
    copy = MCNStatus.objects.get(pk=stored_status.pk)
    copy._state.adding = True
    copy.meets = True
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    assert MCNStatus.objects.get(pk=stored_status.pk).meets is False
