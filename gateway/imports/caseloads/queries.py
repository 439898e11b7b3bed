"""Reads for the caseload import, scoped to the organisation that made the import. They fail
closed: someone without the permission in their current organisation sees no import."""

from django.http import Http404

from gateway.accounts.models import Organisation
from gateway.patients.models import Patient
from gateway.sas.queries import visible_episodes
from gateway.sas.states import OPEN_STATES

from .models import CaseloadImport, RememberedColumns
from .rules import KnownPerson, Practices

PERMISSION = "imports.import_caseload"


def imports_of(user, organisation):
    if organisation is None or not user.has_perm(PERMISSION, organisation):
        return CaseloadImport.objects.none()
    return CaseloadImport.objects.filter(organisation=organisation)


def get_import(user, organisation, public_id):
    """The organisation's import, or 404 (another organisation's looks like a missing one)."""
    found = imports_of(user, organisation).filter(public_id=public_id).first()
    if found is None:
        raise Http404("No caseload import matches the given query.")
    return found


def remembered_columns(organisation):
    row = RememberedColumns.objects.filter(organisation=organisation).first()
    return row.headings if row else {}


def practice_facts(commissioner):
    """Every GP practice's ODS code on Gateway, and the commissioner's active SAS
    practices' codes (two queries)."""
    practices = Organisation.objects.filter(kind=Organisation.Kind.GP_PRACTICE).exclude(ods_code="")
    return Practices(
        gp_practices=frozenset(c.upper() for c in practices.values_list("ods_code", flat=True)),
        area_sas_practices=frozenset(
            c.upper()
            for c in practices.filter(
                commissioner=commissioner, is_sas_practice=True, is_active=True
            ).values_list("ods_code", flat=True)
        ),
    )


def practices_by_code(codes):
    """{ODS code: GP practice} for the codes (one query)."""
    found = Organisation.objects.filter(
        kind=Organisation.Kind.GP_PRACTICE, ods_code__in=sorted(codes)
    )
    return {o.ods_code.upper(): o for o in found}


def people_by_nhs_number(numbers):
    """{NHS number: KnownPerson} for those already on Gateway, whoever can see them: an NHS
    number is one person everywhere (two queries for any number of rows)."""
    people = Patient.objects.filter(nhs_number__in=sorted(numbers)).values_list(
        "pk", "nhs_number", "family_name", "date_of_birth"
    )
    people = list(people)
    on_scheme = set(
        Patient.objects.filter(
            pk__in=[p[0] for p in people], sas_episodes__state__in=sorted(OPEN_STATES)
        ).values_list("pk", flat=True)
    )
    return {
        nhs: KnownPerson(family_name=family, date_of_birth=born, on_scheme=pk in on_scheme)
        for pk, nhs, family, born in people
    }


def patient_with_nhs_number(nhs_number):
    """The person on Gateway with this NHS number, for the service that adds the episode."""
    return Patient.objects.filter(nhs_number=nhs_number).first()


def added_episodes(user, organisation, public_ids):
    """The episodes an import added that the organisation may see, with their people and
    SAS practices, by public id (one query)."""
    return (
        visible_episodes(user, organisation)
        .filter(public_id__in=public_ids)
        .select_related("patient", "sas_practice")
        .order_by("patient__family_name", "patient__given_name", "pk")
    )
