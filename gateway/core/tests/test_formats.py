"""Dates read '1 January 2026' in UK time whatever the clocks are doing; NHS numbers read in
the 3 3 4 groups people see on their NHS letters."""

import datetime

import pytest

from gateway.core import formats

UTC = datetime.UTC


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (datetime.date(2026, 1, 1), "1 January 2026"),
        (datetime.date(2026, 12, 25), "25 December 2026"),
        (None, ""),
    ],
)
def test_long_date_has_no_leading_zero_and_the_month_in_full(value, shown):
    assert formats.long_date(value) == shown


def test_long_date_of_a_moment_is_the_date_in_the_uk():
    # 11:30pm UTC on 30 June is already 1 July in British Summer Time.
    summer_night = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    winter_night = datetime.datetime(2026, 1, 31, 23, 30, tzinfo=UTC)
    assert formats.long_date(summer_night) == "1 July 2026"
    assert formats.long_date(winter_night) == "31 January 2026"


@pytest.mark.parametrize(
    ("utc", "shown"),
    [
        # Clocks go forward at 1am UTC on 29 March 2026.
        (datetime.datetime(2026, 3, 29, 0, 30, tzinfo=UTC), "29 March 2026 at 12:30am"),
        (datetime.datetime(2026, 3, 29, 1, 30, tzinfo=UTC), "29 March 2026 at 2:30am"),
        # Clocks go back at 1am UTC on 25 October 2026.
        (datetime.datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "25 October 2026 at 1:30am"),
        (datetime.datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "25 October 2026 at 1:30am"),
        (datetime.datetime(2026, 1, 1, 15, 15, tzinfo=UTC), "1 January 2026 at 3:15pm"),
        (datetime.datetime(2026, 7, 1, 11, 0, tzinfo=UTC), "1 July 2026 at 12:00pm"),
        (datetime.datetime(2026, 7, 1, 23, 5, tzinfo=UTC), "2 July 2026 at 12:05am"),
        (None, ""),
    ],
)
def test_date_time_is_shown_in_uk_time_across_the_clock_changes(utc, shown):
    assert formats.date_time(utc) == shown


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("9991234560", "999 123 4560"), ("9990000018", "999 000 0018"), ("", ""), (None, "")],
)
def test_nhs_number_is_shown_in_3_3_4_groups(stored, shown):
    assert formats.nhs_number(stored) == shown


def test_template_filters_use_the_same_formats():
    from django.template import engines

    template = engines["jinja2"].from_string(
        "{{ n | nhs_number }}|{{ d | long_date }}|{{ t | date_time }}"
    )
    rendered = template.render(
        {
            "n": "9991234560",
            "d": datetime.date(2026, 1, 1),
            "t": datetime.datetime(2026, 1, 1, 15, 15, tzinfo=UTC),
        }
    )
    assert rendered == "999 123 4560|1 January 2026|1 January 2026 at 3:15pm"


@pytest.mark.parametrize(
    ("count", "words", "shown"),
    [
        (1, ("patient",), "1 patient"),
        (2, ("patient",), "2 patients"),
        (0, ("patient",), "0 patients"),
        (1, ("person", "people"), "1 person"),
        (3, ("person", "people"), "3 people"),
    ],
)
def test_a_count_is_shown_with_its_noun_in_the_right_number(count, words, shown):
    assert formats.plural(count, *words) == shown


# Pages whose owners are changing them on other branches; each still says "of 1 entries"
# or "1 places" and should move to the helper.
NOT_YET_ON_THE_HELPER = {
    "gateway/audit/jinja2/audit/patient_access.jinja",
    "gateway/audit/jinja2/audit/events.jinja",
    "gateway/accounts/jinja2/accounts/organisations.jinja",
}


def test_templates_use_the_plural_helper_not_a_count_then_a_plural_noun():
    """Never "1 patients": a count followed by a fixed plural noun in a template."""
    import re
    from pathlib import Path

    counted_plural = re.compile(
        r"\}\}\s+(patients|alerts|items|people|referrals|messages|episodes|entries|days|"
        r"hours|needs|letters|places|minutes|assessments)\b|~ \" patients"
    )
    root = Path(__file__).resolve().parents[3]
    found = {
        path.relative_to(root).as_posix()
        for path in (root / "gateway").rglob("*.jinja")
        if counted_plural.search(path.read_text())
    }
    assert found <= NOT_YET_ON_THE_HELPER, sorted(found - NOT_YET_ON_THE_HELPER)
