"""Organization (UK Core): commissioners, GP practices, NHS England and partner organisations
(docs/fhir.md#organization).

- `id` is the public id; the ODS code is the `identifier`
  (`https://fhir.nhs.uk/Id/ods-organization-code`).
- `type`: http://terminology.hl7.org/CodeSystem/organization-type (`prov` a GP practice,
  `govt` a commissioner or NHS England, `other` a partner), its text in Gateway's words.
- `address` and `telecom` only for NHS organisations, whose details ODS publishes. A
  partner's address and phone (a refuge's) are never shared (ADR 0032).
- A practice's commissioner is `partOf`."""

from fhir.resources.R4B.organization import Organization

from .common import ODS_CODE_SYSTEM, Valid, concept, meta, organisation_reference
from .common import without_empty as clean

ORGANIZATION_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type"
TYPE = {
    "commissioner": ("govt", "Government"),
    "gp_practice": ("prov", "Healthcare Provider"),
    "national": ("govt", "Government"),
    "partner": ("other", "Other"),
}
# Whose address and phone may be shared: those the NHS publishes anyway.
PUBLISHED = frozenset({"commissioner", "gp_practice", "national"})


def ods_identifier(code):
    return {"system": ODS_CODE_SYSTEM, "value": code}


def kind_text(organisation):
    text = organisation.get_kind_display()
    if organisation.partner_type:
        text = f"{text}: {organisation.get_partner_type_display()}"
    if organisation.is_sas_practice:
        text = f"{text} (SAS practice)"
    return text


def organisation_address(organisation):
    lines = [line.strip() for line in organisation.address.splitlines() if line.strip()]
    found = clean({"use": "work", "line": lines, "postalCode": organisation.postcode})
    return found if len(found) > 1 else None


def organisation_resource(organisation):
    """Needs ``commissioner`` joined."""
    code, display = TYPE[organisation.kind]
    published = organisation.kind in PUBLISHED
    address = organisation_address(organisation) if published else None
    data = clean(
        {
            "resourceType": "Organization",
            "id": str(organisation.public_id),
            "meta": meta("Organization"),
            "identifier": [ods_identifier(organisation.ods_code)]
            if organisation.ods_code
            else None,
            "active": organisation.is_active,
            "type": [
                concept(
                    kind_text(organisation),
                    {"system": ORGANIZATION_TYPE, "code": code, "display": display},
                )
            ],
            "name": organisation.name,
            "telecom": [{"system": "phone", "value": organisation.phone, "use": "work"}]
            if published and organisation.phone
            else None,
            "address": [address] if address else None,
            "partOf": organisation_reference(organisation.commissioner)
            if organisation.commissioner_id
            else None,
        }
    )
    return Valid(Organization, data)
