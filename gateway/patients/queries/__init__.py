"""Organisation-scoped reads of patient data, one module per part: the patient (patients.py, the
only way views and the API reach patients) and a support worker's "Your clients" (caseload.py)."""

from .patients import (
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
    sees_whole_record,
)
from .scope import active_relationships, panel_scope, visible_patient_ids, visible_patients

__all__ = [
    "active_relationships",
    "consent_in_force",
    "consents_for",
    "contact_plan_for",
    "contact_routes_for",
    "get_visible_consent",
    "get_visible_patient",
    "get_visible_route",
    "panel_scope",
    "patient_list",
    "route_address_choices",
    "route_practice_choices",
    "route_worker_choices",
    "search_patients",
    "sees_whole_record",
    "visible_patient_ids",
    "visible_patients",
]
