"""The imports' tables, one module per import (Django finds an app's models here)."""

from .practices.models import PracticeImport, PracticeImportLine  # noqa: F401
