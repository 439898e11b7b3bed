"""Scenario modules register themselves on import; the coverage test imports them all."""
