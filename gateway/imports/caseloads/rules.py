"""The checks on each row of a caseload spreadsheet, in plain words with the rule each
follows. Pure: the row's text and plain facts about practices and people in, the row's values
or its reasons out (no database; services.py looks the facts up once for the whole file).

Rules:
- NHS number: 10 numbers with a valid Modulus 11 check digit
  (docs/domain/identifiers-and-reference-data.md#nhs-number), reusing the patients rules.
- Practice codes are ODS codes of practices on Gateway
  (docs/domain/identifiers-and-reference-data.md#ods-practice-code); the SAS practice must be
  one of this commissioner's SAS practices
  (docs/domain/special-allocation-scheme.md#the-special-allocation-scheme).
- Dates are dates, in order: removal, then allocation, then the last review, none after today;
  the next review due after the last review
  (docs/domain/sas-reviews-and-discharge.md#reviews; gateway.sas.rules.before_gateway).
- One person once: the same NHS number twice in the file, or someone already on the scheme
  in Gateway, is a duplicate (docs/domain/identifiers-and-reference-data.md#nhs-number).
- A name, a real date of birth and, for an address, a real postcode."""

import datetime
import re
from dataclasses import dataclass

from gateway.patients.rules import nhs_number_digits, nhs_number_error, normalise_postcode
from gateway.sas.rules.before_gateway import dates_in_order

from .mapping import in_sentence

EARLIEST_BIRTH_YEAR = 1900
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})")
IN_WORDS = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[ \-]([a-z]+)[ \-,]+(\d{2,4})")
NO_FIXED_ABODE = re.compile(r"^\s*(nfa|no fixed abode)\s*$", re.IGNORECASE)


class NotADate(ValueError):
    pass


def parse_date(text):
    """A date written the ways UK spreadsheets write them: 2024-01-31, 31/01/2024, 31.1.2024,
    31 Jan 2024, 31 January 2024. Day first, never month first. A two-number year is refused
    (1924 or 2024?). None for an empty cell; NotADate with the reason otherwise."""
    text = " ".join(str(text or "").strip().lower().split())
    if not text:
        return None
    text = text.removesuffix(" 00:00:00")
    match = ISO_DATE.fullmatch(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = DAY_FIRST.fullmatch(text) or IN_WORDS.fullmatch(text)
        if not match:
            raise NotADate("is not a date (write it like 31/01/2024)")
        day, month, year = match.groups()
        if not month.isdigit():
            if month not in MONTHS:
                raise NotADate("is not a date (write it like 31/01/2024)")
            month = MONTHS[month]
        if len(year) != 4:
            raise NotADate("needs a year with 4 numbers, like 31/01/2024")
        day, month, year = int(day), int(month), int(year)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise NotADate("is not a real date") from None


@dataclass(frozen=True)
class Practices:
    """What the checks need to know about practice codes: every GP practice's ODS code on
    Gateway, and the codes of this commissioner's SAS practices."""

    gp_practices: frozenset
    area_sas_practices: frozenset


@dataclass(frozen=True)
class CaseloadRow:
    """A good row's values, ready for the services."""

    line: int
    nhs_number: str
    given_name: str
    family_name: str
    date_of_birth: datetime.date
    address_kind: str  # "" when the row has no address
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    removing_practice: str  # ODS code, "" when none
    sas_practice: str
    removed_on: datetime.date | None
    allocated_on: datetime.date
    last_reviewed_on: datetime.date | None
    next_review_on: datetime.date | None
    notes: str


def cell(values, key):
    return " ".join(str(values.get(key) or "").split())


def _name(values, problems):
    given, family = cell(values, "given_name"), cell(values, "family_name")
    whole = cell(values, "full_name")
    if not (given and family) and whole:
        parts = whole.rsplit(" ", 1)
        if len(parts) == 2:
            given, family = given or parts[0], family or parts[1]
    if not given:
        problems.append("First name is missing")
    if not family:
        problems.append("Last name is missing")
    for label, value in (("First name", given), ("Last name", family)):
        if len(value) > 100:
            problems.append(f"{label} is longer than 100 characters")
    return given, family


def _date(values, key, label, problems, required=False):
    try:
        value = parse_date(values.get(key))
    except NotADate as error:
        problems.append(f"{label} {error}")
        return None
    if value is None and required:
        problems.append(f"{label} is missing")
    return value


def _date_of_birth(values, problems, today):
    born = _date(values, "date_of_birth", "Date of birth", problems, required=True)
    if born is not None and born > today:
        problems.append("Date of birth is after today")
    elif born is not None and born.year < EARLIEST_BIRTH_YEAR:
        problems.append(f"Date of birth is before {EARLIEST_BIRTH_YEAR}")
    return born


def _address(values, problems):
    line_1, line_2 = cell(values, "address_line_1"), cell(values, "address_line_2")
    town, typed_postcode = cell(values, "town"), cell(values, "postcode")
    if NO_FIXED_ABODE.match(line_1) and not typed_postcode:
        return "no_fixed_abode", "", "", "", ""
    if not (line_1 or line_2 or town or typed_postcode):
        return "", "", "", "", ""
    postcode = normalise_postcode(typed_postcode) if typed_postcode else None
    if not typed_postcode:
        problems.append("Postcode is missing (write NFA in address line 1 for no fixed abode)")
    elif postcode is None:
        problems.append("Postcode is not a real postcode")
    if not line_1:
        problems.append("Address line 1 is missing")
    for label, value in (("Address line 1", line_1), ("Address line 2", line_2), ("Town", town)):
        if len(value) > 100:
            problems.append(f"{label} is longer than 100 characters")
    return "home", line_1, line_2, town, postcode or ""


def _practices(values, practices, problems):
    removing = cell(values, "removing_practice").upper()
    sas = cell(values, "sas_practice").upper()
    if removing and removing not in practices.gp_practices:
        problems.append(f"Removing practice code {removing} is not a GP practice on Gateway")
    if not sas:
        problems.append("SAS practice code is missing")
    elif sas not in practices.area_sas_practices:
        problems.append(f"SAS practice code {sas} is not one of your area's SAS practices")
    return removing, sas


def check_row(line, values, *, practices, today, allow_test_range):
    """(CaseloadRow, []) for a good row, or (None, reasons) for one that cannot be used.
    ``values`` is {field key: the cell's text}."""
    problems = []
    typed = cell(values, "nhs_number")
    if not typed:
        problems.append("NHS number is missing")
    else:
        error = nhs_number_error(typed, allow_test_range=allow_test_range)
        if error:
            problems.append(f"NHS number is not valid: {in_sentence(error)}")
    given, family = _name(values, problems)
    born = _date_of_birth(values, problems, today)
    address = _address(values, problems)
    removing, sas = _practices(values, practices, problems)
    removed_on = _date(values, "removed_on", "Date of removal", problems)
    allocated_on = _date(values, "allocated_on", "Date allocated", problems, required=True)
    last_reviewed_on = _date(values, "last_reviewed_on", "Last review", problems)
    next_review_on = _date(values, "next_review_on", "Next review due", problems)
    problems += dates_in_order(removed_on, allocated_on, last_reviewed_on, next_review_on, today)
    if born is not None and allocated_on is not None and allocated_on < born:
        problems.append("The date allocated is before the date of birth")
    if problems:
        return None, problems
    return (
        CaseloadRow(
            line=line,
            nhs_number=nhs_number_digits(typed),
            given_name=given,
            family_name=family,
            date_of_birth=born,
            address_kind=address[0],
            address_line_1=address[1],
            address_line_2=address[2],
            town=address[3],
            postcode=address[4],
            removing_practice=removing,
            sas_practice=sas,
            removed_on=removed_on,
            allocated_on=allocated_on,
            last_reviewed_on=last_reviewed_on,
            next_review_on=next_review_on,
            notes=str(values.get("notes") or "").strip(),
        ),
        [],
    )


def duplicate_reasons(rows):
    """{line: reason} for every row whose NHS number an earlier row of the file has
    (``rows``: (line, NHS number digits) in file order)."""
    first_line, reasons = {}, {}
    for line, nhs_number in rows:
        if not nhs_number:
            continue
        if nhs_number in first_line:
            reasons[line] = f"The same NHS number is on line {first_line[nhs_number]} too"
        else:
            first_line[nhs_number] = line
    return reasons


@dataclass(frozen=True)
class KnownPerson:
    """Someone with the row's NHS number already on Gateway."""

    family_name: str
    date_of_birth: datetime.date
    on_scheme: bool  # has an open SAS episode


ALREADY_ON_SCHEME = "This person is already on the scheme in Gateway"
SOMEONE_ELSE = (
    "This NHS number belongs to someone on Gateway with a different last name or date of "
    "birth: check the NHS number"
)


def known_person_reason(row, person):
    """Why a good row cannot be used for someone already on Gateway, or None: it is the same
    person (last name and date of birth agree) and not on the scheme already."""
    if person is None:
        return None
    if person.family_name.strip().lower() != row.family_name.strip().lower() or (
        person.date_of_birth != row.date_of_birth
    ):
        return SOMEONE_ELSE
    if person.on_scheme:
        return ALREADY_ON_SCHEME
    return None
