"""Plain English on everything the person reads (DESIGN.md: patient text at
reading age 9). Every patient-facing template is found by convention
(gateway/comms/audiences.py: the letters, texts and emails listed as read by the patient,
every Easy Read letter, every page of the person's own page) and measured here.

The measure: the Flesch-Kincaid grade of the template's prose, as a UK reading age (grade +
5, the usual conversion). Prose is the template with its markup stripped: Jinja comments and
tags removed, each {{ value }} read as one short word (a name or date the reader knows), HTML
tags removed, and each line of text that does not end a sentence treated as one (headings and
list items are read on their own). Syllables come from pyphen's en_GB dictionary (textstat's
own fallback; its CMU dictionary needs a download the build cannot make), sentences and words
from textstat. A document average can hide one long, hard sentence, so no sentence may be
longer than LONGEST_SENTENCE words either (NHS content guidance: aim for 15 to 20)."""

import html
import re

import pyphen
import pytest
import textstat

from gateway.comms import audiences

READING_AGE_LIMIT = 9
FLESCH_KINCAID_TO_READING_AGE = 5
LONGEST_SENTENCE = 25
EASY_READ_LONGEST_SENTENCE = 15
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+")
_hyphenator = pyphen.Pyphen(lang="en_GB")


def prose(source):
    text = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    text = re.sub(r"\{%.*?%\}", "\n", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", "Sam", text, flags=re.S)
    text = re.sub(r"<[^>]+>", "\n", text)
    text = html.unescape(text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(line if line[-1] in ".!?:" else f"{line}." for line in lines)


def _syllables(word):
    if not word[0].isalpha():
        return 1
    return len(_hyphenator.positions(word.lower())) + 1


def reading_age(text):
    words = WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, textstat.sentence_count(text))
    syllables = sum(_syllables(w) for w in words)
    grade = 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59
    return grade + FLESCH_KINCAID_TO_READING_AGE


def sentences(text):
    return [s for s in re.split(r"(?<=[.!?:])\s+", text) if s.strip()]


def longest_sentence(text):
    return max((len(WORD.findall(s)), s) for s in sentences(text)) if text else (0, "")


PATIENT_FACING = audiences.patient_facing()


def test_the_convention_finds_the_persons_letters_texts_and_pages():
    names = set(PATIENT_FACING)
    assert {
        "letters/sas/allocation.jinja",
        "texts/portal/code.jinja",
        "emails/portal/code.jinja",
        "portal/home.jinja",
        "portal/sign_in.jinja",
    } <= names
    assert not any(n.startswith("portal/staff/") for n in names)
    assert "letters/sas/sas_practice_notice.jinja" not in names  # to a practice


def test_the_measure_tells_plain_from_hard_english():
    plain = prose("<p>You can see a GP. Phone {{ practice.phone }} to book.</p>")
    hard = prose(
        "<p>Notwithstanding the aforementioned considerations, your continued registration "
        "is contingent upon satisfactory demonstration of appropriate behavioural modification.</p>"
    )
    assert reading_age(plain) <= READING_AGE_LIMIT < reading_age(hard)


@pytest.mark.parametrize("name", sorted(PATIENT_FACING))
def test_patient_facing_template_reads_at_age_9_or_below(name):
    text = prose(PATIENT_FACING[name].read_text())
    age = reading_age(text)
    assert age <= READING_AGE_LIMIT, (
        f"{name} reads at age {age:.1f}; rewrite it for reading age {READING_AGE_LIMIT} or "
        "below: shorter sentences, everyday words"
    )
    limit = EASY_READ_LONGEST_SENTENCE if name.startswith(audiences.EASY_READ) else LONGEST_SENTENCE
    words, sentence = longest_sentence(text)
    assert words <= limit, f"{name} has a {words}-word sentence (limit {limit}): {sentence}"


# Words the person reads that live in Python, not templates: the portal's form labels and
# errors, messages after an action, and the sign-in refusals. Module -> the parts to read
# (None: all of it) and the parts to skip (staff-facing).
PORTAL_WORDS = {
    "gateway/portal/views/own_page.py": (None, set()),
    "gateway/portal/views/actions.py": (None, set()),
    "gateway/portal/auth.py": (None, set()),
    "gateway/portal/actions.py": (None, set()),
    "gateway/portal/forms.py": (None, {"IssueCodeForm"}),
    "gateway/portal/services.py": ({"CODE_DID_NOT_WORK", "TOO_MANY_TRIES"}, set()),
}


def _words_in(path, only, skip):
    import ast
    from pathlib import Path

    tree = ast.parse((Path(__file__).resolve().parent.parent / path).read_text())
    found = []

    def docstring(node):
        return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)

    def walk(node, inside):
        for child in ast.iter_child_nodes(node):
            name = getattr(child, "name", None)
            if isinstance(child, ast.Assign) and isinstance(child.targets[0], ast.Name):
                name = child.targets[0].id
            if name in skip or docstring(child):
                continue
            wanted = inside or only is None or name in only
            if wanted and isinstance(child, ast.Constant) and isinstance(child.value, str):
                text = re.sub(r"\{\w*\}", "Sam", child.value.strip())  # format fields
                if text.count(" ") >= 2 and not re.search(r"[/_]|\.jinja", text):
                    found.append(text if text[-1] in ".!?" else f"{text}.")
            walk(child, wanted and only is not None or inside)

    walk(tree, False)
    return found


@pytest.mark.parametrize("path", sorted(PORTAL_WORDS))
def test_the_persons_words_in_python_read_at_age_9_or_below(path):
    only, skip = PORTAL_WORDS[path]
    words = _words_in(path, only, skip)
    assert words, f"found no words for the person in {path}"
    text = " ".join(words)
    age = reading_age(text)
    assert age <= READING_AGE_LIMIT, f"{path}: the person's words read at age {age:.1f}"
    longest, sentence = longest_sentence(text)
    assert longest <= LONGEST_SENTENCE, f"{path}: a {longest}-word sentence: {sentence}"
