"""Scoped reads for the insight pages: every figure is counted in the database for one
commissioner's area (and optionally one SAS practice), at a bounded number of queries."""
