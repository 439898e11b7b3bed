"""Plain English on everything the person reads (issue 4 item 5; DESIGN.md: patient text at
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
