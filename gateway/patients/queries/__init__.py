"""Organisation-scoped reads of patient data, one module per part: the patient (patients.py, the
only way views and the API reach patients), requests to link an organisation to a person
(link_requests.py) and a support worker's "Your clients" (caseload.py)."""

from .history import history_of
from .link_requests import (
    answered_link_requests,
    get_link_request,
    open_link_request_count,
    open_link_requests,
)
from .patients import (
    DEATH,
    consent_in_force,
    consents_for,
    contact_plan_for,
    contact_routes_for,
    get_patient_record,
    get_visible_consent,
    get_visible_patient,
    get_visible_route,
    open_flags_prefetch,
    patient_list,
    recorded_death,
    route_address_choices,
    route_practice_choices,
    route_worker_choices,
    search_patients,
    sees_whole_record,
)
from .scope import (
    WHOLE_ORGANISATION,
    active_relationships,
    organisation_scope_ids,
    panel_scope,
    scope_shape,
    visible_patient_ids,
    visible_patient_ids_compiled,
    visible_patients,
)

__all__ = [
    "WHOLE_ORGANISATION",
    "organisation_scope_ids",
    "scope_shape",
    "DEATH",
    "active_relationships",
    "answered_link_requests",
    "get_link_request",
    "open_link_request_count",
    "open_link_requests",
    "consent_in_force",
    "consents_for",
    "contact_plan_for",
    "contact_routes_for",
    "get_patient_record",
    "get_visible_consent",
    "get_visible_patient",
    "open_flags_prefetch",
    "get_visible_route",
    "history_of",
    "panel_scope",
    "patient_list",
    "recorded_death",
    "route_address_choices",
    "route_practice_choices",
    "route_worker_choices",
    "search_patients",
    "sees_whole_record",
    "visible_patient_ids",
    "visible_patient_ids_compiled",
    "visible_patients",
]
