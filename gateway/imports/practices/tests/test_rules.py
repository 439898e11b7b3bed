"""The practice data rules without a database: what a row of the epraccur file means, and
what importing a file would add, change and close
(docs/domain/identifiers-and-reference-data.md#ods-practice-code)."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from gateway.imports.practices import layout, rules
from gateway.imports.tables import Row

from .epraccur import row as epraccur_row

TODAY = datetime.date(2026, 3, 10)


def read(values, line=1):
    return rules.read_row(Row(line, tuple(values)))


def planned(*rows, existing=None, commissioners=None, area=None):
    pairs = [(Row(n, tuple(v)), read(v, n)) for n, v in enumerate(rows, start=1)]
    return rules.plan(pairs, existing or {}, commissioners or {}, today=TODAY, area=area)


def test_the_layout_has_the_27_columns_of_the_ods_file():
    assert layout.WIDTH == 27
    assert layout.COLUMNS[layout.CODE] == "Organisation code"
    assert layout.COLUMNS[layout.POSTCODE] == "Postcode"
    assert layout.COLUMNS[layout.STATUS] == "Status code"
    assert layout.COLUMNS[layout.COMMISSIONER] == "Commissioner"
    assert layout.COLUMNS[layout.PRESCRIBING_SETTING] == "Prescribing setting"


def test_a_practice_row_gives_the_practice_s_values():
    practice, problems = read(
        epraccur_row("a81001", "THE DENSHAM SURGERY", postcode="ts181hu", commissioner="16C")
    )
    assert problems == []
    assert practice.ods_code == "A81001"
    assert practice.name == "THE DENSHAM SURGERY"
    assert practice.address == "HEALTH CENTRE\n1 HIGH STREET\nBRIGHTON\nEAST SUSSEX"
    assert practice.postcode == "TS18 1HU"
    assert practice.opened_on == datetime.date(1974, 4, 1)
    assert practice.closed_on is None
    assert practice.commissioner_codes == ("16C", "16C", "Y59")


def test_other_prescribing_cost_centres_are_not_practices_and_not_problems():
    assert read(epraccur_row("Y01234", setting="25")) == (rules.NOT_A_PRACTICE, [])


def test_each_bad_value_is_a_reason_in_plain_words():
    short = read(epraccur_row("A81001")[:20])
    assert short == (None, [short[1][0]])
    assert "has 20 columns: NHS practice data has 27" in short[1][0]
    _, reasons = read(epraccur_row("81001", postcode="NOT A CODE", opened="2020-01-01", status="X"))
    assert reasons == [
        "The organisation code '81001' is not a practice code: 1 letter and 5 numbers, like A81001",
        "The postcode 'NOT A CODE' is not a real postcode",
        "The open date '2020-01-01' is not a date written as CCYYMMDD, like 20240131",
        "The status code 'X' is not one of A (active), C (closed), D (dormant) or P (proposed)",
    ]
    assert read(epraccur_row("A81001", closed="20241340"))[1] == [
        "The close date '20241340' is not a date written as CCYYMMDD, like 20240131"
    ]
    assert read(epraccur_row("A81001", opened="20200101", closed="20190101"))[1] == [
        "The close date is before the open date"
    ]
    assert read(epraccur_row("A81001", setting="GP"))[1] == [
        "The prescribing setting 'GP' (column 26) is not a number"
    ]


@given(st.lists(st.text(max_size=12), min_size=0, max_size=40))
def test_any_row_is_read_or_refused_with_reasons_never_an_error(values):
    practice, reasons = read(values)
    assert (practice is None) == bool(reasons)


def test_a_new_practice_is_added_and_linked_to_the_most_specific_commissioner_held():
    plan = planned(
        epraccur_row("A81001", commissioner="09D", icb="QNX", region="Y59"),
        commissioners={"QNX": 7, "Y59": 9},
    )
    [added] = plan.added
    assert added.values["commissioner"] == 7
    assert added.values["is_active"] is True
    assert plan.warnings == []


def test_an_unknown_commissioner_leaves_the_link_empty_with_a_warning():
    plan = planned(epraccur_row("A81001", commissioner="09D", icb="QNX", region="Y59"))
    [added] = plan.added
    assert added.values["commissioner"] is None
    [warning] = plan.warnings
    assert warning.line == 1
    assert "(09D, 09D, QNX, Y59): it is linked to none" in warning.reason


def held(**values):
    base = {
        "id": 1,
        "ods_code": "A81001",
        "is_gp_practice": True,
        "name": "THE SURGERY",
        "address": "HEALTH CENTRE\n1 HIGH STREET\nBRIGHTON\nEAST SUSSEX",
        "postcode": "BN1 1AA",
        "phone": "01273 000000",
        "commissioner": 7,
    }
    return {"A81001": rules.Existing(**{**base, **values})}


def test_the_same_practice_again_is_no_change():
    plan = planned(epraccur_row("A81001", icb="QNX"), existing=held(), commissioners={"QNX": 7})
    assert not plan.has_changes
    assert plan.unchanged == 1
    assert plan.digest() == rules.Plan().digest()


def test_a_changed_field_is_a_change_with_before_and_after():
    plan = planned(
        epraccur_row("A81001", name="NEW NAME SURGERY", icb="QNX"),
        existing=held(),
        commissioners={"QNX": 7},
    )
    [change] = plan.changed
    assert change.values == {"name": "NEW NAME SURGERY"}
    assert change.before == {"name": "THE SURGERY"}


def test_a_practice_that_closes_is_closed_never_removed():
    closed = planned(
        epraccur_row("A81001", status="C", closed="20260301", icb="QNX"),
        existing=held(),
        commissioners={"QNX": 7},
    )
    [action] = closed.closed
    assert action.values == {"closed_on": datetime.date(2026, 3, 1), "is_active": False}
    # Closed with no day given: the day Gateway learnt of it.
    no_day = planned(
        epraccur_row("A81001", status="C", icb="QNX"), existing=held(), commissioners={"QNX": 7}
    )
    assert no_day.closed[0].values == {"closed_on": TODAY, "is_active": False}
    # A close date still to come: closing, open until then.
    soon = planned(
        epraccur_row("A81001", closed="20260601", icb="QNX"),
        existing=held(),
        commissioners={"QNX": 7},
    )
    assert soon.closed[0].values == {"closed_on": datetime.date(2026, 6, 1)}


def test_a_closed_practice_gateway_never_held_is_not_added():
    plan = planned(epraccur_row("A81001", status="C", closed="20200101"))
    assert not plan.has_changes
    assert plan.closed_not_held == 1


def test_a_code_twice_in_the_file_or_held_by_another_kind_is_a_problem():
    plan = planned(epraccur_row("A81001"), epraccur_row("A81001"))
    assert [(p.line, p.reason) for p in plan.problems] == [
        (2, "The code A81001 is in the file twice (first on line 1)")
    ]
    other = planned(epraccur_row("A81001"), existing={"A81001": rules.Existing(5, "A81001", False)})
    assert other.problems[0].reason.startswith("The code A81001 belongs to an organisation")
    assert not other.has_changes


def test_an_area_s_import_touches_only_its_own_practices():
    plan = planned(
        epraccur_row("A81001", icb="QNX"),
        epraccur_row("A81002", icb="QHM"),
        epraccur_row("A81003", icb="ZZZ"),
        commissioners={"QNX": 7, "QHM": 8},
        area=7,
    )
    assert [a.ods_code for a in plan.added] == ["A81001"]
    assert plan.other_area == 2
