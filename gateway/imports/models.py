"""The imports' tables, one module per import (Django finds an app's models here)."""

from .caseloads.models import CaseloadImport, RememberedColumns  # noqa: F401
from .closures.models import ClosureMove  # noqa: F401
from .practices.models import PracticeImport, PracticeImportLine  # noqa: F401
