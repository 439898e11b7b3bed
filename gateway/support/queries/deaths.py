"""The person's death record and its revisions (the record as it was before each change)."""

from ..models import Death, DeathRevision

REVISIONS_SHOWN = 25


def death_of(patient):
    """The person's death record, or None while no death has been recorded."""
    return (
        Death.objects.filter(patient=patient).select_related("recorded_by", "organisation").first()
    )


def revisions_of(death):
    """The latest revisions of a death record, with who made each."""
    return list(
        DeathRevision.objects.filter(death=death).select_related("by", "by_organisation")[
            :REVISIONS_SHOWN
        ]
    )
