"""What a row of NHS practice data means for Gateway: pure rules, no database
(docs/domain/identifiers-and-reference-data.md#ods-practice-code).

``read_row`` turns one row of the ``epraccur`` file into a practice's values, or the reasons
it cannot be used, in plain words. ``plan`` compares the file's practices with the ones
Gateway holds (given as plain values) and says what importing it would add, change and close;
the same file against the same practices gives an empty plan, so importing it twice changes
nothing. A practice is never deleted: one that closes is marked closed (docs/adr/0030)."""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from gateway.accounts.validators import GP_PRACTICE_ODS
from gateway.core.postcodes import normalise_postcode

from . import layout

NAME_MAX = 200
PHONE_MAX = 30
# The fields an import sets, in the order the preview shows a change.
FIELDS = ("name", "address", "postcode", "phone", "commissioner", "closed_on", "is_active")


@dataclass(frozen=True)
class PracticeRow:
    """One GP practice as the file gives it."""

    line: int
    ods_code: str
    name: str
    address: str
    postcode: str
    phone: str
    status: str
    opened_on: datetime.date | None
    closed_on: datetime.date | None
    # The codes that may name its commissioner in Gateway, the most specific first.
    commissioner_codes: tuple


class NotAPractice:
    """A row that is a prescribing cost centre of another kind (not imported, not a problem)."""


NOT_A_PRACTICE = NotAPractice()


def _date(value, label, problems):
    if not value:
        return None
    try:
        if len(value) != 8 or not value.isdigit():
            raise ValueError
        return datetime.datetime.strptime(value, layout.DATE_FORMAT).date()
    except ValueError:
        problems.append(f"The {label} '{value}' is not a date written as CCYYMMDD, like 20240131")
        return None


def read_row(row):
    """(PracticeRow, []) for a usable GP practice row; (NOT_A_PRACTICE, []) for another kind
    of prescribing cost centre; (None, reasons) for a row that cannot be used."""
    values = row.values
    if len(values) != layout.WIDTH:
        return None, [
            f"The row has {len(values)} columns: NHS practice data has {layout.WIDTH} "
            "(check it is the epraccur file, saved as CSV)"
        ]
    setting = values[layout.PRESCRIBING_SETTING]
    if not setting.isdigit():
        return None, [f"The prescribing setting '{setting}' (column 26) is not a number"]
    if int(setting) != layout.GP_PRACTICE_SETTING:
        return NOT_A_PRACTICE, []
    problems = []
    code = values[layout.CODE].upper()
    if not GP_PRACTICE_ODS.match(code):
        problems.append(
            f"The organisation code '{values[layout.CODE]}' is not a practice code: "
            "1 letter and 5 numbers, like A81001"
        )
    name = values[layout.NAME]
    if not name:
        problems.append("The practice has no name (column 2)")
    elif len(name) > NAME_MAX:
        problems.append(f"The name is longer than {NAME_MAX} characters")
    postcode = normalise_postcode(values[layout.POSTCODE])
    if postcode is None:
        shown = values[layout.POSTCODE]
        problems.append(
            f"The postcode '{shown}' is not a real postcode" if shown else "There is no postcode"
        )
    opened_on = _date(values[layout.OPEN_DATE], "open date", problems)
    closed_on = _date(values[layout.CLOSE_DATE], "close date", problems)
    if opened_on and closed_on and closed_on < opened_on:
        problems.append("The close date is before the open date")
    status = values[layout.STATUS].upper()
    if status not in layout.STATUSES:
        problems.append(
            f"The status code '{values[layout.STATUS]}' is not one of A (active), C (closed), "
            "D (dormant) or P (proposed)"
        )
    phone = values[layout.PHONE]
    if len(phone) > PHONE_MAX:
        problems.append(f"The phone number is longer than {PHONE_MAX} characters")
    if problems:
        return None, problems
    codes = (
        values[layout.COMMISSIONER],
        values[layout.PROVIDER_PURCHASER],
        values[layout.HIGH_LEVEL_HEALTH_GEOGRAPHY],
        values[layout.NATIONAL_GROUPING],
    )
    return PracticeRow(
        line=row.line,
        ods_code=code,
        name=name,
        address="\n".join(v for v in values[layout.ADDRESS_LINES] if v),
        postcode=postcode,
        phone=phone,
        status=status,
        opened_on=opened_on,
        closed_on=closed_on,
        commissioner_codes=tuple(c.upper() for c in codes if c),
    ), []


def commissioner_for(codes, commissioners):
    """The commissioner a practice belongs to: the first of its codes (sub-ICB location,
    provider/purchaser, ICB, region) that is a commissioner in Gateway, or None.
    ``commissioners`` is {ODS code: id}."""
    for code in codes:
        if code in commissioners:
            return commissioners[code]
    return None


@dataclass(frozen=True)
class Existing:
    """A practice (or another organisation with the same code) as Gateway holds it."""

    id: int
    ods_code: str
    is_gp_practice: bool
    name: str = ""
    address: str = ""
    postcode: str = ""
    phone: str = ""
    commissioner: int | None = None
    closed_on: datetime.date | None = None
    is_active: bool = True


@dataclass(frozen=True)
class Problem:
    line: int
    reason: str
    ods_code: str = ""


# What an import does to one practice.
ADD, CHANGE, CLOSE = "add", "change", "close"


@dataclass(frozen=True)
class Action:
    kind: str  # ADD, CHANGE or CLOSE
    line: int
    ods_code: str
    name: str
    values: dict  # field -> value after the import (every field for ADD, changed ones else)
    before: dict  # field -> value now (empty for ADD)
    existing_id: int | None = None


@dataclass
class Plan:
    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    closed: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    unchanged: int = 0
    not_practices: int = 0  # other kinds of prescribing cost centre
    closed_not_held: int = 0  # closed practices Gateway never held: nothing to do
    other_area: int = 0  # practices of another commissioner (an area's own import)

    @property
    def actions(self):
        return [*self.added, *self.changed, *self.closed]

    @property
    def has_changes(self):
        return bool(self.added or self.changed or self.closed)

    def digest(self):
        """A fingerprint of what the import would do, to check nothing moved between the
        preview and applying it."""
        data = [
            (a.kind, a.ods_code, a.existing_id, sorted((k, str(v)) for k, v in a.values.items()))
            for a in self.actions
        ]
        return hashlib.sha256(json.dumps(data).encode()).hexdigest()


def _is_closed(practice, today):
    return practice.status == layout.CLOSED or bool(
        practice.closed_on and practice.closed_on <= today
    )


def _target(practice, existing, commissioner, today):
    """The values the practice should have after the import."""
    closed_on = practice.closed_on
    if closed_on is None and practice.status == layout.CLOSED:
        # Closed with no day given: the day Gateway first learnt of it, kept from then on.
        closed_on = (existing.closed_on if existing else None) or today
    return {
        "name": practice.name,
        "address": practice.address,
        "postcode": practice.postcode,
        "phone": practice.phone,
        "commissioner": commissioner,
        "closed_on": closed_on,
        "is_active": not _is_closed(practice, today),
    }


def plan(rows, existing, commissioners, *, today, area=None):
    """What importing ``rows`` (PracticeRow, or (None, reasons) pairs as read_row gives)
    would do. ``existing`` is {ODS code: Existing}; ``commissioners`` {ODS code: id};
    ``area`` a commissioner's id when the import is one commissioner's own (only its
    practices are touched)."""
    result = Plan()
    first_line = {}
    for row, outcome in rows:
        practice, reasons = outcome
        if practice is NOT_A_PRACTICE:
            result.not_practices += 1
            continue
        if practice is None:
            code = row.values[0][:10] if row.values else ""
            result.problems.extend(Problem(row.line, reason, code) for reason in reasons)
            continue
        code = practice.ods_code
        if code in first_line:
            result.problems.append(
                Problem(
                    practice.line,
                    f"The code {code} is in the file twice (first on line {first_line[code]})",
                    code,
                )
            )
            continue
        first_line[code] = practice.line
        held = existing.get(code)
        if held is not None and not held.is_gp_practice:
            result.problems.append(
                Problem(
                    practice.line,
                    f"The code {code} belongs to an organisation in Gateway that is not a GP "
                    "practice",
                    code,
                )
            )
            continue
        commissioner = commissioner_for(practice.commissioner_codes, commissioners)
        if area is not None and commissioner != area:
            result.other_area += 1
            continue
        if commissioner is None:
            named = ", ".join(practice.commissioner_codes) or "none"
            kept = (
                "it is linked to none"
                if held is None or held.commissioner is None
                else ("its link is left as it was")
            )
            result.warnings.append(
                Problem(
                    practice.line,
                    f"No commissioner in Gateway has the codes in this row ({named}): {kept}",
                    code,
                )
            )
            if held is not None:
                commissioner = held.commissioner
        target = _target(practice, held, commissioner, today)
        if held is None:
            if not target["is_active"]:
                result.closed_not_held += 1
                continue
            result.added.append(Action(ADD, practice.line, code, practice.name, target, {}))
            continue
        before = {name: getattr(held, name) for name in FIELDS}
        changes = {name: value for name, value in target.items() if before[name] != value}
        if not changes:
            result.unchanged += 1
            continue
        closing = "closed_on" in changes and target["closed_on"] is not None
        closing = closing or (changes.get("is_active") is False)
        action = Action(
            CLOSE if closing else CHANGE,
            practice.line,
            code,
            practice.name,
            changes,
            {name: before[name] for name in changes},
            held.id,
        )
        (result.closed if closing else result.changed).append(action)
    return result
