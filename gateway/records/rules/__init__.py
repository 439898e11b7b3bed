"""Pure rules of a subject access export (no database): when the answer is due
(deadlines.py) and what the law lets Gateway leave out, as data (withholding.py)."""

from .deadlines import respond_by
from .withholding import GROUNDS, NOT_INCLUDED, RULES, Ground, Withheld, withheld_from

__all__ = ["GROUNDS", "NOT_INCLUDED", "RULES", "Ground", "Withheld", "respond_by", "withheld_from"]
