"""The patients app's tables, one module per part: the person, their addresses, relationships
and flags (people.py); how to reach them and what they agreed to (contact.py); duplicate
records linked as one person and records made in error (records.py); requests to be linked
to a person already on Gateway (link_requests.py)."""

from .contact import Consent, ContactRoute
from .link_requests import LinkRequest
from .people import Address, Patient, PatientFlag, PatientRelationship, nhs_number_format
from .records import PatientLink, RecordMadeInError

__all__ = [
    "Address",
    "Consent",
    "ContactRoute",
    "LinkRequest",
    "Patient",
    "PatientFlag",
    "PatientLink",
    "PatientRelationship",
    "RecordMadeInError",
    "nhs_number_format",
]
