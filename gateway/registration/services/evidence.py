"""The registration evidence the daily job keeps (ADR 0064, update of session 13): every
active commissioner's four evidence tables worked out once a day by the very functions the
page runs live (gateway/registration/evidence.py), kept as one row a commissioner with the
moment they were worked out and the fingerprint of the code. The page and its CSV files read
that row instead of aggregating the year's referrals on every request.

Run by `manage.py registration_daily`, every hour on the job timer: the first run of a day
(or the first after a deploy, a new code version) works out every commissioner's tables, one
set of aggregate queries a commissioner; later runs find them kept and cost one query. The
rows are written set-based (one upsert a batch) and replace the day before's, so there is
never more than one row a commissioner. Not audited, as insight's kept figures are not: the
rows hold counts by practice and organisation, nothing about a person, and the CSV exports
made from them are audited when downloaded."""

from django.db import transaction
from django.utils import timezone

from gateway.accounts.models import Organisation
from gateway.core.fingerprint import code_version

from .. import evidence
from ..models import KeptEvidence

# Commissioners whose tables are written in one statement: a batch holds BATCH rows of a few
# KB each, and a run stopped half way keeps the batches it wrote.
BATCH = 50


def commissioners_to_keep(today):
    """Active commissioners whose evidence is not kept today by this code, by id."""
    done = KeptEvidence.objects.filter(worked_out_on=today, code_version=code_version()).values(
        "commissioner"
    )
    return (
        Organisation.objects.filter(kind=Organisation.Kind.COMMISSIONER, is_active=True)
        .exclude(pk__in=done)
        .order_by("pk")
    )


def _write(rows):
    with transaction.atomic():
        KeptEvidence.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["commissioner"],
            update_fields=["worked_out_on", "worked_out_at", "code_version", "tables"],
        )


def keep_evidence(today=None):
    """Work out and keep the evidence of every active commissioner not yet kept today by this
    code, replacing the row kept on an earlier day; returns how many were worked out (zero
    when run again the same day)."""
    today = today or timezone.localdate()
    version = code_version()
    rows, kept = [], 0
    for commissioner in commissioners_to_keep(today).iterator():
        worked_out_at = timezone.now()
        tables = evidence.all_tables(commissioner, today)
        rows.append(
            KeptEvidence(
                commissioner=commissioner,
                worked_out_on=today,
                worked_out_at=worked_out_at,
                code_version=version,
                tables=evidence.dumped(tables),
            )
        )
        if len(rows) == BATCH:
            _write(rows)
            kept, rows = kept + len(rows), []
    if rows:
        _write(rows)
    return kept + len(rows)
