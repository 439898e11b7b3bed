"""What the support pages show: assessment item rows and a history chart drawn as inline SVG
with the same figures in a table (no JavaScript; the table is the accessible equivalent)."""

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


def history_chart(assessments, kind, width=600, height=240):
    """Points of a line chart of totals, oldest first. assessments: any order; at most one
    page of them is drawn, so the chart stays readable and the query bounded."""
    ordered = sorted(assessments, key=lambda a: (a.assessed_on, a.pk))
    maximum = MAX_TOTALS[kind]
    left, right, top, bottom = 48, 16, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / (len(ordered) - 1) if len(ordered) > 1 else 0
    points = []
    for index, assessment in enumerate(ordered):
        x = left + (index * step if len(ordered) > 1 else plot_w / 2)
        y = top + plot_h - (assessment.total / maximum) * plot_h
        points.append({"x": round(x, 1), "y": round(y, 1), "assessment": assessment})
    ticks = sorted({0, maximum // 2, maximum})
    return {
        "width": width,
        "height": height,
        "left": left,
        "top": top,
        "bottom_y": top + plot_h,
        "right_x": left + plot_w,
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "y_ticks": [
            {"value": t, "y": round(top + plot_h - t / maximum * plot_h, 1)} for t in ticks
        ],
        "score_name": SCORE_NAMES[kind],
        "maximum": maximum,
    }
