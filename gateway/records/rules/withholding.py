"""What a subject access export leaves out, and why, as data
(docs/domain/standards.md#right-of-access). Only the grounds the law gives are here, each
worded for the person who reads the export. Nothing is left out silently: every field a rule
takes out is named in the export with what it was and why (the record.json ``withheld`` list
and the summary's last section), so the organisation can check it and release it later.

A rule says which kind of record (the model's label), when it applies (a function of the
record's plain values), which fields it takes out, and on what ground. Adding a rule is
adding a line here and a test that names it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Ground:
    code: str
    why: str  # for the person, in plain words
    law: str


SERIOUS_HARM = Ground(
    code="serious_harm",
    why=(
        "The practice said that telling you this could harm you or put someone else at risk. "
        "A health professional must check it before we can give it to you."
    ),
    law="Data Protection Act 2018, Schedule 3, paragraph 5 (serious harm)",
)
OTHER_PEOPLE = Ground(
    code="other_people",
    why=(
        "These notes may be about other people, such as someone who hurt you. We must check "
        "them and ask before we give them to you."
    ),
    law="Data Protection Act 2018, Schedule 2, paragraph 16 (information about other people)",
)
GROUNDS = {ground.code: ground for ground in (SERIOUS_HARM, OTHER_PEOPLE)}


@dataclass(frozen=True)
class Rule:
    record: str  # the model's label, e.g. "sas.RemovalReport"
    applies: object  # values -> bool
    fields: tuple
    what: str  # what was left out, in plain words
    ground: Ground


RULES = (
    # A removal report the practice did not tell the person about, because telling them
    # would harm them or put someone at risk: its account of the incident and the health
    # notes wait for a health professional's check.
    Rule(
        record="sas.RemovalReport",
        applies=lambda values: values.get("patient_told") == "would_harm",
        fields=(
            "description",
            "alternatives_tried",
            "mental_health_conditions",
            "conditions_affecting_behaviour",
        ),
        what="What the practice wrote about the incident and your health in its report",
        ground=SERIOUS_HARM,
    ),
    # A domestic abuse risk checklist's notes and reasons may describe the person who
    # harms them; the answers themselves are the person's own and are included.
    Rule(
        record="support.Assessment",
        applies=lambda values: values.get("kind") == "dash",
        fields=("notes", "judgement_reasons"),
        what="The worker's notes on your domestic abuse risk checklist",
        ground=OTHER_PEOPLE,
    ),
    Rule(
        record="support.MaracReferral",
        applies=lambda values: bool(values.get("reasons_text")),
        fields=("reasons_text",),
        what="The worker's reasons for your referral to a MARAC (a meeting about your safety)",
        ground=OTHER_PEOPLE,
    ),
)


@dataclass(frozen=True)
class Withheld:
    record: str
    fields: tuple
    what: str
    ground: Ground


def withheld_from(record, values):
    """What the rules take out of one record (label, plain values): a Withheld for each rule
    that applies and has something to take out."""
    found = []
    for rule in RULES:
        if rule.record != record or not rule.applies(values):
            continue
        fields = tuple(name for name in rule.fields if values.get(name) not in ("", None))
        if fields:
            found.append(Withheld(record=record, fields=fields, what=rule.what, ground=rule.ground))
    return found


# Fields never put in the export because they are not information about the person (or are
# a copy of what is there already), each with why. Shown in the export too.
NOT_INCLUDED = {
    "portal.AccessCode": {
        "fields": ("selector", "secret_hash"),
        "why": "Security values that check a code for your own page. They are not about you.",
    },
    "portal.PortalSession": {
        "fields": ("token_hash",),
        "why": "A security value that kept you signed in. It is not about you.",
    },
    "comms.Message": {
        "fields": ("pdf", "body_html", "variants"),
        "why": (
            "Letters are in the letters folder as PDF files. The other copies of the same "
            "words are not repeated."
        ),
    },
    "patients.Patient": {
        "fields": ("search_given_name", "search_family_name"),
        "why": "Lower-case copies of your name that Gateway uses to search.",
    },
}
