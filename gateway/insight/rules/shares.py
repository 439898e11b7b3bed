"""Small arithmetic every section words the same way. Pure."""

from ..figures import PERCENT, Figure


def percent(numerator, denominator):
    """numerator as a percentage of denominator to one decimal place; None when there is
    nothing to measure (no denominator), never a misleading 0%."""
    if not denominator:
        return None
    return round(100 * numerator / denominator, 1)


def median_of_middle(values):
    """The median from the middle one (odd count) or two (even count) values of an ordered
    list, as the database hands them back: their average."""
    values = list(values)
    if not values:
        return None
    return sum(values) / len(values)


def middle_slice(count):
    """The slice of an ordered list of count values that holds its median: one value for an
    odd count, two for an even one; None when there is nothing."""
    if not count:
        return None
    return slice((count - 1) // 2, count // 2 + 1)


def share(definition, numerator, denominator, **kwargs):
    """A percentage figure that keeps how many of how many it is."""
    return Figure(
        definition,
        percent(numerator, denominator),
        PERCENT,
        numerator=numerator,
        denominator=denominator,
        **kwargs,
    )
