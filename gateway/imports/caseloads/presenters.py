"""What the caseload import's pages say, in words."""

from dataclasses import dataclass

from gateway.core.formats import long_date


def _people(n):
    return "1 person" if n == 1 else f"{n:,} people"


def _rows(n):
    return "1 row" if n == 1 else f"{n:,} rows"


@dataclass
class Preview:
    heading: str
    added: str
    not_used: str
    good_count: int
    problem_count: int
    file_kept: bool


def preview(work):
    problems = len(work.problems)
    if not problems:
        heading = f"Every row can be used: {_people(work.good_count)} will be added"
    elif work.good_count:
        heading = f"{_rows(problems)} cannot be used"
    else:
        heading = "No rows can be used"
    return Preview(
        heading=heading,
        added=f"{_people(work.good_count)} will be added to the scheme in Gateway",
        not_used=f"{_rows(problems)} cannot be used" if problems else "",
        good_count=work.good_count,
        problem_count=problems,
        file_kept=work.content is not None,
    )


@dataclass
class Result:
    heading: str
    summary: str
    when: str


def result(work):
    added = sum(1 for r in work.results if r["added"])
    not_added = len(work.results) - added
    summary = f"{_people(added)} added from {work.file_name}."
    if not_added:
        summary += f" {_rows(not_added)} not added: the reasons are below."
    return Result(
        heading=f"{_people(added)} added to the scheme",
        summary=summary,
        when=long_date(work.finished_at) if work.finished_at else "",
    )


def step_words(work):
    """What the import is doing, for the list of imports."""
    if work.step == work.Step.ABANDONED:
        return "Abandoned"
    if work.step == work.Step.MAPPING:
        return "Choose the columns"
    if not work.finished:
        return work.get_step_display()
    if work.state == work.State.FAILED:
        return "Stopped with a problem"
    if work.step == work.Step.CHECK:
        return "Checked: ready to add people"
    return "People added"
