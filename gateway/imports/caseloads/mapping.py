"""The Gateway fields a caseload spreadsheet can fill, and a first guess at which of the
file's columns holds each, from the heading text (rapidfuzz) or from the columns the
organisation chose last time. Pure: headings in, choices out."""

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    required: bool
    # Headings people use for it, lower case, for the guess.
    known_as: tuple
    hint: str = ""


FIELDS = (
    Field("nhs_number", "NHS number", True, ("nhs number", "nhs no", "nhs", "nhs num")),
    Field(
        "given_name",
        "First name",
        False,
        ("first name", "forename", "given name", "forenames", "first names"),
        "Or choose one column with the whole name below",
    ),
    Field("family_name", "Last name", False, ("last name", "surname", "family name")),
    Field(
        "full_name",
        "Whole name",
        False,
        ("name", "full name", "patient name", "patient"),
        "Only if first and last names are in one column, like 'Alex Taylor'",
    ),
    Field(
        "date_of_birth",
        "Date of birth",
        True,
        ("date of birth", "dob", "d o b", "birth date", "born"),
    ),
    Field("address_line_1", "Address line 1", False, ("address line 1", "address 1", "address")),
    Field("address_line_2", "Address line 2", False, ("address line 2", "address 2")),
    Field("town", "Town or city", False, ("town", "city", "town or city", "address line 3")),
    Field("postcode", "Postcode", False, ("postcode", "post code", "postal code")),
    Field(
        "removing_practice",
        "Removing practice (ODS code)",
        False,
        ("removing practice", "removing practice code", "previous practice", "removed by"),
        "Leave as no column if your sheet has none: the commissioner placed them",
    ),
    Field(
        "sas_practice",
        "SAS practice (ODS code)",
        True,
        ("sas practice", "sas practice code", "allocated practice", "sas gp"),
    ),
    Field("removed_on", "Date of removal", False, ("date of removal", "removal date", "removed")),
    Field(
        "allocated_on",
        "Date allocated",
        True,
        ("date allocated", "allocation date", "allocated", "date of allocation"),
    ),
    Field(
        "last_reviewed_on",
        "Last review",
        False,
        ("last review", "last reviewed", "date of last review", "review date"),
    ),
    Field(
        "next_review_on",
        "Next review due",
        False,
        ("next review due", "next review", "review due", "next review date"),
    ),
    Field("notes", "Notes", False, ("notes", "comments", "note")),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)
BY_KEY = {f.key: f for f in FIELDS}
# A heading at least this close to one a field is known as is taken as a guess.
GUESS_SCORE = 85


def _plain(heading):
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(heading).lower()).split())


def guess(headings, remembered=None):
    """{field key: column index} for the fields a column could be found for. A column the
    organisation chose last time (``remembered``: field -> heading) wins; then the closest
    heading to the names people use, each column used once, best matches first."""
    plain = [_plain(h) for h in headings]
    chosen, used = {}, set()
    for key, heading in (remembered or {}).items():
        if key in BY_KEY and _plain(heading) in plain:
            index = plain.index(_plain(heading))
            if index not in used:
                chosen[key] = index
                used.add(index)
    candidates = []
    for field in FIELDS:
        if field.key in chosen:
            continue
        for index, text in enumerate(plain):
            if not text:
                continue
            best = process.extractOne(text, field.known_as, scorer=fuzz.ratio)
            if best and best[1] >= GUESS_SCORE:
                candidates.append((best[1], field.key, index))
    for _score, key, index in sorted(candidates, key=lambda c: (-c[0], FIELD_KEYS.index(c[1]))):
        if key not in chosen and index not in used:
            chosen[key] = index
            used.add(index)
    return chosen


def in_sentence(label):
    """A label as it reads mid-sentence: "Date of birth" becomes "date of birth", but an
    acronym stays as it is ("NHS number")."""
    first = label.split(" ", 1)[0]
    return label if len(first) > 1 and first.isupper() else label[:1].lower() + label[1:]


def mapping_problems(mapping):
    """What is missing from a choice of columns, in plain words (empty when it will do)."""
    problems = {}
    for field in FIELDS:
        if field.required and mapping.get(field.key) is None:
            problems[field.key] = f"Choose the column that holds the {in_sentence(field.label)}"
    has_parts = mapping.get("given_name") is not None and mapping.get("family_name") is not None
    if not has_parts and mapping.get("full_name") is None:
        problems["given_name"] = (
            "Choose the columns for first name and last name, or one column with the whole name"
        )
    taken = {}
    for key, index in mapping.items():
        if index is None:
            continue
        if index in taken:
            problems[key] = (
                f"The same column is chosen for {in_sentence(BY_KEY[taken[index]].label)} and "
                f"{in_sentence(BY_KEY[key].label)}: choose a different one"
            )
        taken.setdefault(index, key)
    return problems


def headings_of(mapping, headings):
    """{field key: heading} of a choice of columns, to remember for next time."""
    return {key: headings[index] for key, index in mapping.items() if index is not None}
