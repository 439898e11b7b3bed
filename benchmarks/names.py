"""Names shared by the bench's orchestrator (no Django) and its in-process measuring."""

TRIVIAL = "trivial signed-in page (accessibility)"
