"""What the support pages show: assessment item rows and a history chart drawn on the server
as SVG with the same figures in a table (no JavaScript; the table is the accessible
equivalent)."""

from gateway.core import charts
from gateway.core.formats import long_date, plural

from .models import Assessment
from .questions import dash_questions
from .rules import dash, edmonton, ndta

MAX_TOTALS = {
    Assessment.Kind.EDMONTON: edmonton.MAX_TOTAL,
    Assessment.Kind.NDTA: ndta.MAX_TOTAL,
    Assessment.Kind.DASH: dash.QUESTION_COUNT,
}
SCORE_NAMES = {
    Assessment.Kind.EDMONTON: "Total (0 to 17)",
    Assessment.Kind.NDTA: "Total (0 to 48)",
    Assessment.Kind.DASH: "'Yes' answers (0 to 24)",
}
EDMONTON_ANSWER_WORDS = {
    "no_errors": "No errors",
    "minor_errors": "Minor spacing errors",
    "other_errors": "Other errors",
    "good": "Excellent, very good or good",
    "fair": "Fair",
    "poor": "Poor",
    "always": "Always",
    "sometimes": "Sometimes",
    "never": "Never",
}
DASH_WORDS = {dash.YES: "Yes", dash.NO: "No", dash.DONT_KNOW: "Don't know"}


def _edmonton_answer(assessment, key):
    answers = assessment.answers
    if key == "get_up_and_go":
        if answers.get("get_up_and_go_unable"):
            return "Unable"
        return f"{answers.get('get_up_and_go_seconds')} seconds"
    value = answers.get(key)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return EDMONTON_ANSWER_WORDS.get(value, str(value))


def item_rows(assessment):
    """(label, answer, points) for every item, in form order."""
    if assessment.kind == Assessment.Kind.EDMONTON:
        return [
            (label, _edmonton_answer(assessment, key), assessment.item_scores.get(key))
            for key, label in edmonton.LABELS.items()
        ]
    if assessment.kind == Assessment.Kind.NDTA:
        rows = []
        for key, label, weight in ndta.ITEMS:
            rating = assessment.answers.get(key)
            shown = f"{rating} (counts double)" if weight > 1 else str(rating)
            rows.append((label, shown, assessment.item_scores.get(key)))
        return rows
    return [
        (text, DASH_WORDS.get(assessment.answers.get(str(number)), "Not answered"), None)
        for number, text in dash_questions()
    ]


def history_chart(assessments, kind):
    """A line chart of totals, oldest first, drawn as SVG by gateway.core.charts, with a
    summary in words (the table on the page holds the same figures). assessments: any order;
    at most one page of them is drawn, so the chart stays readable and the query bounded."""
    ordered = sorted(assessments, key=lambda a: (a.assessed_on, a.pk))
    first, last = ordered[0], ordered[-1]
    summary = (
        f"{plural(len(ordered), 'assessment')} from {long_date(first.assessed_on)} to "
        f"{long_date(last.assessed_on)}, latest {last.total}. The same figures are in the "
        "table below."
    )
    score_name = SCORE_NAMES[kind]
    return {
        "svg": charts.line_chart(
            "history",
            title=f"{Assessment.Kind(kind).label}: {score_name} over time",
            summary=summary,
            labels=[a.assessed_on for a in ordered],
            values=[a.total for a in ordered],
            value_title=score_name,
            maximum=MAX_TOTALS[kind],
        ),
        "summary": summary,
        "score_name": score_name,
    }
