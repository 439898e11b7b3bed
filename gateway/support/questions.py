"""DASH question wording, loaded from the JSON file named by settings.DASH_QUESTIONS_FILE
(shape: {"questions": {"1": "...", ..., "24": "..."}}). The wording is SafeLives' and
licensed, so Gateway ships neutral placeholders and the deploying organisation supplies the
real file. A missing or incomplete file falls back to "Question N" for the gaps rather than
hiding a question."""

import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from .rules.dash import QUESTION_COUNT


@lru_cache(maxsize=4)
def _load(path):
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    questions = data.get("questions", {}) if isinstance(data, dict) else {}
    return {str(k): str(v) for k, v in questions.items() if str(v).strip()}


def dash_questions():
    """[(question number, text)] for questions 1–24, in order."""
    loaded = _load(str(settings.DASH_QUESTIONS_FILE))
    return [
        (number, loaded.get(str(number), f"Question {number}"))
        for number in range(1, QUESTION_COUNT + 1)
    ]
