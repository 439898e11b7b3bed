"""Pure rules for finding the same person entered twice and for when two records may be
linked as one (docs/adr/0040). Plain values in, plain values out; names are compared with
rapidfuzz, never hand-written distance code."""

from dataclasses import dataclass
from datetime import date
from itertools import combinations

from rapidfuzz import fuzz

# Names at least this alike (rapidfuzz token sort ratio, 0 to 100) with the same date of
# birth and postcode make a likely pair. Token sort so "Smith John" matches "John Smith".
NAMES_ALIKE_AT_LEAST = 85

# How strong each kind of pair is: the list shows the strongest first.
SAME_NHS_NUMBER = "same_nhs_number"
SAME_NAME_AND_BIRTH_DATE = "same_name_and_birth_date"
SIMILAR_NAME_SAME_BIRTH_DATE_AND_POSTCODE = "similar_name_birth_date_postcode"
STRENGTH = {
    SAME_NHS_NUMBER: 0,
    SAME_NAME_AND_BIRTH_DATE: 1,
    SIMILAR_NAME_SAME_BIRTH_DATE_AND_POSTCODE: 2,
}


@dataclass(frozen=True)
class Person:
    """What the finder compares: one record's identity, as plain values."""

    key: int
    given_name: str
    family_name: str
    date_of_birth: date
    postcode: str = ""
    nhs_number: str = ""

    @property
    def name(self):
        return f"{self.given_name} {self.family_name}".strip().lower()


@dataclass(frozen=True)
class Pair:
    first: Person
    second: Person
    kind: str
    reason: str
    likeness: int


def _postcode(value):
    return "".join((value or "").split()).upper()


def names_alike(first, second):
    """How alike two people's names are, 0 to 100."""
    return round(fuzz.token_sort_ratio(first.name, second.name))


def pair_of(first, second):
    """The Pair ``first`` and ``second`` make, or None if nothing suggests they are one person."""
    likeness = names_alike(first, second)
    if first.nhs_number and first.nhs_number == second.nhs_number:
        return Pair(first, second, SAME_NHS_NUMBER, "same NHS number", likeness)
    if first.date_of_birth != second.date_of_birth:
        return None
    if first.name == second.name:
        return Pair(first, second, SAME_NAME_AND_BIRTH_DATE, "same name and date of birth", 100)
    postcode = _postcode(first.postcode)
    if postcode and postcode == _postcode(second.postcode) and likeness >= NAMES_ALIKE_AT_LEAST:
        return Pair(
            first,
            second,
            SIMILAR_NAME_SAME_BIRTH_DATE_AND_POSTCODE,
            f"same date of birth and postcode, names {likeness}% alike",
            likeness,
        )
    return None


def likely_pairs(people):
    """Every likely pair among ``people``, strongest first. People are compared only within
    a block of the same date of birth (the caller reads only people who share one), so the
    work grows with the size of the blocks, not the square of everyone."""
    blocks = {}
    for person in people:
        blocks.setdefault(person.date_of_birth, []).append(person)
    pairs = []
    for block in blocks.values():
        block.sort(key=lambda person: person.key)
        for first, second in combinations(block, 2):
            pair = pair_of(first, second)
            if pair is not None:
                pairs.append(pair)
    pairs.sort(key=lambda p: (STRENGTH[p.kind], -p.likeness, p.first.key, p.second.key))
    return pairs


def disagreements(kept, duplicate):
    """Why two records may not be linked as one person until someone resolves it, in words.
    ``kept`` and ``duplicate`` are Person values; other apps add their own reasons (an open
    SAS episode on each) through the link checks in gateway.patients.services.links."""
    reasons = []
    if kept.key == duplicate.key:
        reasons.append("These are the same record.")
    if kept.nhs_number and duplicate.nhs_number and kept.nhs_number != duplicate.nhs_number:
        reasons.append("The records have different NHS numbers.")
    if kept.date_of_birth != duplicate.date_of_birth:
        reasons.append("The records have different dates of birth.")
    return reasons
