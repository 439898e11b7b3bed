"""Pure rules of the insight pages: periods, small-number suppression and summary statistics.
Plain values in, plain values out; no database."""
