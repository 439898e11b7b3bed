"""Helpers for the FHIR API's tests: every response is parsed back with the fhir.resources
R4B model it claims to be, so a test fails on anything that does not validate."""

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
ODS_CODE_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"
VERIFICATION_URL = (
    "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus"
)
VERIFICATION_SYSTEM = "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland"


def parsed(response, model, status=200):
    """The response as a validated fhir.resources model (its JSON parsed back). The body must
    be exactly the JSON the model writes for it: Gateway sends the data its builders validated
    (ADR 0063), so any value validation would have changed, or any element out of FHIR's
    order, fails here."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/fhir+json")
    data = response.json()
    assert data["resourceType"] == model.get_resource_type()
    found = model.model_validate(data)
    sent, written = response.content.decode(), found.model_dump_json(exclude_none=True)
    pairs = enumerate(zip(sent, written, strict=False))
    at = next((i for i, (a, b) in pairs if a != b), min(len(sent), len(written)))
    around = slice(max(at - 60, 0), at + 60)
    assert sent == written, (sent[around], written[around])
    return found


def bundle(response):
    found = parsed(response, Bundle)
    assert found.type == "searchset"
    return found


def matches(found, model):
    """The resources of a searchset Bundle's match entries, each validated as model."""
    resources = [e.resource for e in found.entry or [] if e.search.mode == "match"]
    for resource in resources:
        assert isinstance(resource, model)
        model.model_validate(resource.model_dump(exclude_none=True))
    return resources


def problem(response, status, code):
    """The OperationOutcome of an error response, checked for its status and issue code."""
    found = parsed(response, OperationOutcome, status)
    assert [issue.code for issue in found.issue] == [code]
    assert found.issue[0].severity == "error"
    return found.issue[0].diagnostics
