"""The view guard, from gateway/core/permissions.py (one implementation for every app)."""

from gateway.core.permissions import permission_required

__all__ = ["can_view_patients", "permission_required"]

# Episodes, reviews and appeals are part of a patient's record: the same permission.
can_view_patients = permission_required("patients.view_patient")
