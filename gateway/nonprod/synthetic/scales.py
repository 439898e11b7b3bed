"""How big each synthetic England is. ``national`` is the size issue 17 names (about 42
commissioners, 6,300 practices, 100 SAS practices, 80,000 SAS episodes, 250,000 registration
referrals, 10 million audit rows); ``small`` runs in CI; ``bench`` is the 1x size `make bench`
measures (and 4x of it), chosen to fit this 2-core machine in a few minutes."""

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Scale:
    name: str
    commissioners: int
    practices: int
    sas_practices: int
    episodes: int  # SAS episodes, in every state
    referrals: int  # registration referrals
    support_people: int  # people with a support team, needs, assessments, meetings
    audit_rows: int
    # The share of the people at the largest commissioner: the bench signs in there, the
    # worst case for every list scoped to one commissioner.
    largest_share: float = 0.25

    def times(self, factor):
        """The same England with factor times the people and history (organisations fixed)."""
        return replace(
            self,
            name=f"{self.name}x{factor:g}",
            episodes=max(16, round(self.episodes * factor)),
            referrals=max(3, round(self.referrals * factor)),
            support_people=max(1, round(self.support_people * factor)),
            audit_rows=max(100, round(self.audit_rows * factor)),
        )


SCALES = {
    "national": Scale("national", 42, 6300, 100, 80_000, 250_000, 20_000, 10_000_000),
    "bench": Scale("bench", 6, 900, 14, 1_500, 4_500, 300, 200_000),
    "small": Scale("small", 2, 200, 4, 2_000, 6_000, 500, 100_000),
}
