"""Each row rule of the caseload import (gateway/imports/caseloads/rules.py), by name, with the
plain words a commissioner reads; the column guess; and the next review of an episode that
began before Gateway (gateway/sas/rules/before_gateway.py)."""

import dataclasses
import datetime

import pytest

from gateway.imports.caseloads import mapping, rules
from gateway.sas.rules import PolicyValues
from gateway.sas.rules.before_gateway import FROM_RECORDS_RULE, review_due_before_gateway

TODAY = datetime.date(2026, 5, 4)
PRACTICES = rules.Practices(
    gp_practices=frozenset({"Y91101", "Y91001", "Y92001"}),
    area_sas_practices=frozenset({"Y91001"}),
)
GOOD = {
    "nhs_number": "943 476 5919",
    "given_name": "Alex",
    "family_name": "Taylor",
    "date_of_birth": "14/03/1985",
    "address_line_1": "Flat 2",
    "town": "Brighton",
    "postcode": "bn1 3xe",
    "removing_practice": "y91101",
    "sas_practice": "Y91001",
    "removed_on": "01/02/2025",
    "allocated_on": "03/02/2025",
    "last_reviewed_on": "2026-02-01",
    "next_review_on": "",
    "notes": "Morning appointments",
}


def check(**changes):
    return rules.check_row(
        5, {**GOOD, **changes}, practices=PRACTICES, today=TODAY, allow_test_range=True
    )


def reasons(**changes):
    row, found = check(**changes)
    assert row is None
    return found


def test_a_good_row_gives_every_value_cleaned():
    row, found = check()
    assert found == []
    assert row == rules.CaseloadRow(
        line=5,
        nhs_number="9434765919",
        given_name="Alex",
        family_name="Taylor",
        date_of_birth=datetime.date(1985, 3, 14),
        address_kind="home",
        address_line_1="Flat 2",
        address_line_2="",
        town="Brighton",
        postcode="BN1 3XE",
        removing_practice="Y91101",
        sas_practice="Y91001",
        removed_on=datetime.date(2025, 2, 1),
        allocated_on=datetime.date(2025, 2, 3),
        last_reviewed_on=datetime.date(2026, 2, 1),
        next_review_on=None,
        notes="Morning appointments",
    )


def test_rule_nhs_number_modulus_11():
    assert reasons(nhs_number="943 476 5918") == [
        "NHS number is not valid: enter a valid NHS number — check you typed it correctly"
    ]
    assert reasons(nhs_number="12345") == ["NHS number is not valid: NHS number must be 10 numbers"]
    assert reasons(nhs_number="") == ["NHS number is missing"]


def test_rule_practice_codes_are_gp_practices_and_the_sas_practice_is_in_the_area():
    assert reasons(removing_practice="Z99999") == [
        "Removing practice code Z99999 is not a GP practice on Gateway"
    ]
    assert reasons(sas_practice="Y92001") == [
        "SAS practice code Y92001 is not one of your area's SAS practices"
    ]
    assert reasons(sas_practice="") == ["SAS practice code is missing"]
    # No removing practice: the commissioner placed the person.
    assert check(removing_practice="")[0].removing_practice == ""


def test_rule_dates_are_dates():
    assert reasons(allocated_on="31/02/2025") == ["Date allocated is not a real date"]
    assert reasons(removed_on="last spring") == [
        "Date of removal is not a date (write it like 31/01/2024)"
    ]
    assert reasons(date_of_birth="14/03/85") == [
        "Date of birth needs a year with 4 numbers, like 31/01/2024"
    ]
    assert reasons(allocated_on="") == ["Date allocated is missing"]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2025-02-03", datetime.date(2025, 2, 3)),
        ("03/02/2025", datetime.date(2025, 2, 3)),
        ("3.2.2025", datetime.date(2025, 2, 3)),
        ("3 Feb 2025", datetime.date(2025, 2, 3)),
        ("3rd February 2025", datetime.date(2025, 2, 3)),
        ("2025-02-03 00:00:00", datetime.date(2025, 2, 3)),
    ],
)
def test_rule_dates_are_read_day_first_as_uk_spreadsheets_write_them(text, day):
    assert rules.parse_date(text) == day


def test_rule_dates_in_order_removal_allocation_last_review_today_next_review():
    assert reasons(removed_on="05/02/2025") == ["The date of removal is after the date allocated"]
    assert reasons(last_reviewed_on="01/01/2025") == [
        "The last review is before the date allocated"
    ]
    assert reasons(last_reviewed_on="05/05/2026") == ["The last review is after today"]
    assert reasons(allocated_on="05/05/2026", last_reviewed_on="", removed_on="") == [
        "The date allocated is after today"
    ]
    assert reasons(next_review_on="01/02/2026") == [
        "The next review due is not after the last review"
    ]


def test_rule_name_and_date_of_birth_are_needed():
    assert reasons(given_name="", family_name="") == [
        "First name is missing",
        "Last name is missing",
    ]
    assert reasons(date_of_birth="") == ["Date of birth is missing"]
    assert reasons(date_of_birth="01/01/2030")[0] == "Date of birth is after today"
    row, _ = check(given_name="", family_name="", full_name="Alex Jo Taylor")
    assert (row.given_name, row.family_name) == ("Alex Jo", "Taylor")


def test_rule_postcode_is_real():
    assert reasons(postcode="XX") == ["Postcode is not a real postcode"]
    assert reasons(postcode="") == [
        "Postcode is missing (write NFA in address line 1 for no fixed abode)"
    ]
    row, _ = check(address_line_1="NFA", town="", postcode="")
    assert row.address_kind == "no_fixed_abode"


def test_rule_one_person_once_in_the_file():
    found = rules.duplicate_reasons([(2, "9434765919"), (3, "4010232137"), (7, "9434765919")])
    assert found == {7: "The same NHS number is on line 2 too"}


def test_rule_one_person_once_on_gateway():
    row, _ = check()
    same = rules.KnownPerson("taylor", datetime.date(1985, 3, 14), on_scheme=False)
    assert rules.known_person_reason(row, None) is None
    assert rules.known_person_reason(row, same) is None
    on_scheme = rules.KnownPerson("Taylor", datetime.date(1985, 3, 14), on_scheme=True)
    assert rules.known_person_reason(row, on_scheme) == rules.ALREADY_ON_SCHEME
    other = rules.KnownPerson("Jones", datetime.date(1985, 3, 14), on_scheme=False)
    assert rules.known_person_reason(row, other) == rules.SOMEONE_ELSE


def test_the_guess_matches_headings_to_fields_and_prefers_remembered_columns():
    headings = ["NHS No", "Forename", "Surname", "D.O.B.", "SAS GP", "Allocated", "Misc"]
    guessed = mapping.guess(headings)
    assert guessed == {
        "nhs_number": 0,
        "given_name": 1,
        "family_name": 2,
        "date_of_birth": 3,
        "sas_practice": 4,
        "allocated_on": 5,
    }
    assert mapping.guess(headings, {"notes": "Misc"})["notes"] == 6
    assert mapping.mapping_problems(guessed) == {}
    assert mapping.mapping_problems({**guessed, "notes": 0}) == {
        "notes": "The same column is chosen for NHS number and notes: choose a different one"
    }


def policy():
    defaults = {f.name: 12 for f in dataclasses.fields(PolicyValues)}
    return PolicyValues(**{**defaults, "version": 3, "minimum_stay_months": None})


def test_rule_next_review_from_policy_or_the_records_when_earlier():
    allocated, last = datetime.date(2025, 2, 3), datetime.date(2026, 2, 1)
    by_policy = review_due_before_gateway(allocated, last, None, policy())
    assert by_policy.due_on == datetime.date(2027, 2, 1)
    assert by_policy.explanation == "12 months from the last review"
    earlier = review_due_before_gateway(allocated, last, datetime.date(2026, 8, 1), policy())
    assert (earlier.due_on, earlier.rule) == (datetime.date(2026, 8, 1), FROM_RECORDS_RULE)
    assert "earlier than the policy's 1 February 2027" in earlier.explanation
    later = review_due_before_gateway(allocated, last, datetime.date(2027, 6, 1), policy())
    assert later.due_on == datetime.date(2027, 2, 1)
    first = review_due_before_gateway(allocated, None, None, policy())
    assert first.due_on == datetime.date(2026, 2, 3)
