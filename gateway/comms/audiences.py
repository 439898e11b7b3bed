"""Who reads each message template, so every one the person reads is checked for plain
English (tests/test_plain_english.py) and every letter to the person has an
Easy Read variant (letters/easy_read/<key>.jinja, chosen for people who need easy read).

Message templates are found by convention: every file under letters/, texts/ or emails/ in
any app's jinja2 folder. Each must be listed here (tests/test_architecture.py fails when one
is not), so a new template cannot skip the check. The person's own pages are found the same
way: every template under portal/ except portal/staff/."""

from functools import cache
from pathlib import Path

from django.apps import apps

PATIENT = "patient"  # the person reads it: plain English at reading age 9, Easy Read letters
ORGANISATION = "organisation"  # a practice, commissioner or partner reads it
STAFF_WORDS = "staff words"  # only a frame: the words are typed by staff when it is sent
# A piece several letters to the person include (plain English; no Easy Read of its own).
PATIENT_PART = "part of letters to the person"

MESSAGE_TEMPLATES = {
    # The letter frame every letter is printed in (header, addresses, date, reference).
    "letters/letter.jinja": PATIENT,
    "letters/comms/plain.jinja": STAFF_WORDS,
    "texts/comms/plain.jinja": STAFF_WORDS,
    "emails/comms/plain.jinja": STAFF_WORDS,
    # Sent instead of a letter when the person is reached by text or email (routing/tries.py).
    "texts/comms/letter_waiting.jinja": PATIENT,
    "emails/comms/letter_waiting.jinja": PATIENT,
    "emails/support/referral_update.jinja": ORGANISATION,  # to the referring worker
    "texts/portal/code.jinja": PATIENT,
    "emails/portal/code.jinja": PATIENT,
    # How to reach the commissioner: printed in every letter to the person (routing/queue.py
    # refuses a letter that prints it while the commissioner's record lacks any of it).
    "letters/sas/_contact.jinja": PATIENT_PART,
    "letters/sas/allocation.jinja": PATIENT,
    "letters/sas/appeal_acknowledgement.jinja": PATIENT,
    "letters/sas/appeal_decision_patient.jinja": PATIENT,
    "letters/sas/discharge.jinja": PATIENT,
    "letters/sas/report_declined_patient.jinja": PATIENT,
    "letters/sas/review_invitation.jinja": PATIENT,
    "letters/sas/review_outcome_discharge.jinja": PATIENT,
    "letters/sas/review_outcome_remain.jinja": PATIENT,
    "letters/sas/practice_change.jinja": PATIENT,
    "letters/sas/appeal_decision_practice.jinja": ORGANISATION,
    "letters/sas/appeal_form_to_practice.jinja": ORGANISATION,
    "letters/sas/removal_acknowledgement.jinja": ORGANISATION,
    "letters/sas/report_declined_practice.jinja": ORGANISATION,
    "letters/sas/sas_practice_notice.jinja": ORGANISATION,
    "letters/sas/practice_change_notice.jinja": ORGANISATION,
    "letters/registration/referral.jinja": ORGANISATION,
    # Their lead worker changed because a worker left or changed role (ADR 0039).
    "letters/support/new_lead_worker.jinja": PATIENT,
    "letters/registration/reminder.jinja": ORGANISATION,
}
MESSAGE_FOLDERS = ("letters", "texts", "emails")
EASY_READ = "letters/easy_read/"
FRAME = "letters/letter.jinja"
CONTACT_PART = "letters/sas/_contact.jinja"
PATIENT_PAGES = "portal/"
STAFF_PAGES = "portal/staff/"


def _template_dirs():
    for config in apps.get_app_configs():
        folder = Path(config.path) / "jinja2"
        if folder.is_dir():
            yield folder


def _found(prefixes):
    found = {}
    for folder in _template_dirs():
        for path in folder.rglob("*.jinja"):
            name = path.relative_to(folder).as_posix()
            if name.startswith(prefixes):
                found[name] = path
    return found


def message_templates():
    """{template name: file} for every message template except Easy Read variants."""
    prefixes = tuple(f"{folder}/" for folder in MESSAGE_FOLDERS)
    return {n: p for n, p in _found(prefixes).items() if not n.startswith(EASY_READ)}


def easy_read_templates():
    return _found((EASY_READ,))


def patient_letters():
    """Letters the person reads (their own text, not the frame)."""
    return sorted(
        n
        for n, who in MESSAGE_TEMPLATES.items()
        if who == PATIENT and n.startswith("letters/") and n != FRAME
    )


def promises_commissioner_contact(key):
    """Whether the letter with this key ('sas/allocation'), or its Easy Read variant, prints
    the commissioner's contact details (it includes the contact part)."""
    return key in _letters_with_contact()


@cache
def _letters_with_contact():
    found = {**message_templates(), **easy_read_templates()}
    keys = set()
    for name, path in found.items():
        if name != CONTACT_PART and CONTACT_PART in path.read_text(encoding="utf-8"):
            keys.add(name.removeprefix(EASY_READ).removeprefix("letters/").removesuffix(".jinja"))
    return frozenset(keys)


def easy_read_name(letter):
    """'letters/sas/allocation.jinja' -> 'letters/easy_read/sas/allocation.jinja'."""
    return EASY_READ + letter.removeprefix("letters/")


def patient_pages():
    return {n: p for n, p in _found((PATIENT_PAGES,)).items() if not n.startswith(STAFF_PAGES)}


def patient_facing():
    """{template name: file} for everything the person reads: their messages, the Easy Read
    letters and their own pages."""
    messages = message_templates()
    chosen = {
        n: p for n, p in messages.items() if MESSAGE_TEMPLATES.get(n) in (PATIENT, PATIENT_PART)
    }
    return {**chosen, **easy_read_templates(), **patient_pages()}
