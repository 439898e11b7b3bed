"""Reads for the practice data import: the organisations Gateway holds by ODS code (one query
each, whatever the size of the file), and an organisation's own imports, failing closed: an
import of another organisation looks exactly like a missing one."""

from django.http import Http404

from gateway.accounts.models import Organisation

from . import rules
from .models import PracticeImport, PracticeImportLine


def held_by_code():
    """{ODS code: rules.Existing} for every organisation with an ODS code, in one query."""
    fields = ("id", "ods_code", "kind", "name", "address", "postcode", "phone")
    found = {}
    for row in Organisation.objects.exclude(ods_code="").values(
        *fields, "commissioner_id", "closed_on", "is_active"
    ):
        found[row["ods_code"]] = rules.Existing(
            id=row["id"],
            ods_code=row["ods_code"],
            is_gp_practice=row["kind"] == Organisation.Kind.GP_PRACTICE,
            name=row["name"],
            address=row["address"],
            postcode=row["postcode"],
            phone=row["phone"],
            commissioner=row["commissioner_id"],
            closed_on=row["closed_on"],
            is_active=row["is_active"],
        )
    return found


def commissioners_by_code():
    """{ODS code: id} of every commissioner in Gateway."""
    return dict(
        Organisation.objects.filter(kind=Organisation.Kind.COMMISSIONER)
        .exclude(ods_code="")
        .values_list("ods_code", "id")
    )


def commissioner_names():
    return dict(
        Organisation.objects.filter(kind=Organisation.Kind.COMMISSIONER).values_list("id", "name")
    )


def commissioner_by_code(code):
    return Organisation.objects.filter(
        kind=Organisation.Kind.COMMISSIONER, ods_code=(code or "").upper()
    ).first()


def imports_of(organisation):
    """The organisation's practice data imports, newest first."""
    return (
        PracticeImport.objects.filter(organisation=organisation)
        .defer("content")
        .select_related("uploaded_by")
    )


def get_import(organisation, public_id):
    found = imports_of(organisation).filter(public_id=public_id).first()
    if found is None:
        raise Http404("No import matches the given query.")
    return found


def lines_of(practice_import, kind):
    return PracticeImportLine.objects.filter(practice_import=practice_import, kind=kind).order_by(
        "line", "id"
    )


def content_of(practice_import):
    return bytes(
        PracticeImport.objects.filter(pk=practice_import.pk).values_list("content", flat=True)[0]
        or b""
    )
