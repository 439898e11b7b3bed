"""The staff outbox and the Notify callback (outbox.py), hand-over and unreachable pages
(handover.py), and one person's letters (patients.py)."""
