"""The imports' tables, each kept in its own part of the app (Django looks for them here)."""

from .caseloads.models import CaseloadImport, RememberedColumns  # noqa: F401
