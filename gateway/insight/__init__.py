"""Insight: how the schemes treat people, for commissioners (their own area, with the people
behind each figure for those allowed to see them) and for NHS England (every area side by
side, aggregate figures only, small numbers suppressed). Read-only: it writes nothing but
audit rows for views and exports."""
