"""Organisation-scoped reads of patient data, one module per part: the patient (patients.py, the
only way views and the API reach patients) and a support worker's "Your clients" (caseload.py)."""

from .patients import (
    active_relationships,
    consent_in_force,
    consents_for,
    contact_plan_for,
    contact_routes_for,
    get_visible_consent,
    get_visible_patient,
    get_visible_route,
    patient_list,
    route_address_choices,
    route_practice_choices,
    route_worker_choices,
    search_patients,
    visible_patients,
)

__all__ = [
    "active_relationships",
    "consent_in_force",
    "consents_for",
    "contact_plan_for",
    "contact_routes_for",
    "get_visible_consent",
    "get_visible_patient",
    "get_visible_route",
    "patient_list",
    "route_address_choices",
    "route_practice_choices",
    "route_worker_choices",
    "search_patients",
    "visible_patients",
]
