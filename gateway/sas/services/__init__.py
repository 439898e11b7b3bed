"""Every write to the scheme's records, one module per part of the journey:
episodes (transitions, policy versions), reports (removal report, screening, allocation),
appeals, reviews (reviews, discharge) and changes (custody, transfer, death...)."""

from .episodes import create_policy_version, roles_on_episode, transition

__all__ = ["create_policy_version", "roles_on_episode", "transition"]
