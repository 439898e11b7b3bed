"""Whose figures a page shows: one commissioner's area, optionally one of its SAS practices,
and who is looking (for the links to the people behind a figure)."""

from dataclasses import dataclass

PEOPLE_PERMISSION = "insight.view_people"


@dataclass(frozen=True)
class Scope:
    commissioner: object  # the commissioner Organisation whose area is counted
    sas_practice: object = None  # one of its SAS practices, or None for all of them
    viewer: object = None  # the signed-in user, or None (the national view, exports)
    organisation: object = None  # the viewer's current organisation
    # The commissioner's SAS practices by name when already read (the dashboard's chooser),
    # so they are not read again; None reads them when needed.
    practices: tuple = None
    # The daily job keeps a commissioner's figures with the links to the people behind them
    # that a viewer allowed to see people gets (ADR 0064); the page drops them for any other
    # viewer when it reads them. It only makes links: the people lists check the viewer.
    links_as_if_allowed: bool = False

    @property
    def people_allowed(self):
        """Whether the figures may link to the people behind them: only for a viewer who may
        see the people in this area (never the national view, which has no viewer)."""
        return (
            self.viewer is not None
            and self.organisation is not None
            and self.viewer.has_perm(PEOPLE_PERMISSION, self.organisation)
        )

    @property
    def links_made(self):
        """Whether figures carry links to the people behind them (people_allowed, or the
        daily job keeping figures for such a viewer)."""
        return self.links_as_if_allowed or self.people_allowed
