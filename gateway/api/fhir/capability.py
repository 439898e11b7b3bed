"""The CapabilityStatement at /fhir/metadata: what this server does, built from the same
table of resource types the views answer from, so it cannot say more or less than they do.
Anyone may read it without a token, as FHIR clients ask for it before they sign in; it holds
nothing about any person."""

from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from .common import FHIR_JSON, FHIR_VERSION, PROFILES, Valid
from .resources import RESOURCE_TYPES

# The date this statement last changed (FHIR asks for one).
CHANGED_ON = "2026-12-06"
SECURITY = (
    "Send your organisation's Gateway API token as 'Authorization: Bearer <token>' (the same "
    "tokens as /api/v1). A token sees only the people its organisation may see; another "
    "organisation's person is not found (404), exactly like nobody. Every read of a person is "
    "audited."
)


def _resource(resource_type):
    """Keys in FHIR's order (type, profile, interaction, searchParam): the JSON sent is the
    data as written (ADR 0063)."""
    found = {"type": resource_type.name}
    if resource_type.name in PROFILES:
        found["profile"] = PROFILES[resource_type.name]
    found["interaction"] = [{"code": "search-type"}]
    if resource_type.read is not None:
        found["interaction"].insert(0, {"code": "read"})
    found["searchParam"] = [
        {"name": p.name, "type": p.type, "documentation": p.documentation}
        for p in resource_type.params
    ]
    return found


def capability_statement(base):
    return Valid(
        CapabilityStatement,
        {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": CHANGED_ON,
            "publisher": "Gateway",
            "kind": "instance",
            "software": {"name": "Gateway"},
            "implementation": {
                "description": "Gateway: read-only FHIR UK Core (R4) API",
                "url": base,
            },
            "fhirVersion": FHIR_VERSION,
            "format": [FHIR_JSON],
            "rest": [
                {
                    "mode": "server",
                    "documentation": (
                        "Read-only. Search with GET, or with POST to [type]/_search and the "
                        "parameters in a form body to keep them out of the URL. Pages of at "
                        "most 50 (_count, _offset)."
                    ),
                    "security": {"cors": False, "description": SECURITY},
                    "resource": [_resource(r) for r in RESOURCE_TYPES.values()],
                }
            ],
        },
    )
