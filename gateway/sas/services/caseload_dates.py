"""The daily step that keeps the support worker's caseload order right as days pass
(docs/adr/0043-lists-that-stay-fast.md): a last day to appeal that has passed stops counting
as the person's coming-up date."""

from ..models.caseload_key import move_on_passed_windows


def move_on_passed_appeal_windows(today=None):
    """Only the people whose window passed since their row was last written: the job's
    cost does not grow with history. Safe to run again the same day (it then finds none).
    One UPDATE statement, atomic on its own."""
    return move_on_passed_windows(today)
