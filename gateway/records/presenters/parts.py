"""The parts of a person's own record, in the order the summary shows them, each with a
heading and a sentence a nine-year-old could follow, and what each record of a kind is called.
record.json uses the same keys (``guide`` in the file says what each part holds)."""

from dataclasses import dataclass

from gateway.sas.rules import long_date


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    intro: str


PARTS = (
    Part("relationships", "Who can see your record", "These places can see your record, and why."),
    Part("addresses", "Where you live", "Every address we have had for you, old and new."),
    Part("flags", "Notes on your record", "Notes staff see when they open your record."),
    Part(
        "contact_routes",
        "How we contact you",
        "The ways we can reach you, in the order you chose.",
    ),
    Part("consents", "What you said yes to", "What you said we could do, and when."),
    Part(
        "link_requests",
        "Places that asked to see your record",
        "A place that could not see your record tried to add you. We asked the NHS team in "
        "charge to decide if they should see it.",
    ),
    Part(
        "linked_records",
        "Your other record",
        "We found you had two records. We linked them so staff see them together. Both are "
        "still here.",
    ),
    Part(
        "made_in_error_requests",
        "Records made by mistake",
        "Someone asked for your record to be treated as made by mistake. Two staff must agree.",
    ),
    Part(
        "sas_episodes",
        "Your time on the Special Allocation Scheme",
        "The scheme helps you see a GP in a safe way. This is what happened, step by step.",
    ),
    Part(
        "messages",
        "Letters and messages",
        "Letters, texts and emails about you, and what happened to each one. "
        "Each letter is in the letters folder.",
    ),
    Part(
        "practice_moves",
        "When your practice closed",
        "When a GP practice closed, we moved you or your referral to another practice.",
    ),
    Part(
        "registration_referrals",
        "Help to join a GP practice",
        "When someone asked a GP practice to take you on, and what the practice said.",
    ),
    Part("needs", "What you need help with", "Things in your life we are helping with."),
    Part(
        "multiple_disadvantage_statuses",
        "Help with many things at once",
        "If you can get extra help because you face many problems at once, and why.",
    ),
    Part(
        "assessments",
        "Checks we did with you",
        "Forms staff filled in with you about your health and safety.",
    ),
    Part(
        "marac_referrals",
        "Safety meetings (MARAC)",
        "When a worker asked a safety meeting to help keep you safe.",
    ),
    Part("abuse_incidents", "Times you were hurt", "Times you told us someone hurt you."),
    Part("support_team", "Your support team", "The people and services who help you."),
    Part("working_agreements", "Plans you made with your team", "What you and your team agreed."),
    Part(
        "meetings",
        "Meetings about you",
        "Meetings where people talked about how to help you, and what they decided.",
    ),
    Part("actions", "Jobs people said they would do", "Things staff said they would do for you."),
    Part(
        "service_referrals",
        "Help from other services",
        "When we asked another service to help you, and what they said.",
    ),
    Part("death", "Record of death", "What was written down about a death."),
    Part("own_page_codes", "Codes for your own page", "Codes we gave you to see your page online."),
    Part("own_page_visits", "Visits to your own page", "When you used your page online."),
    Part(
        "subject_access_exports",
        "Copies of your record",
        "Each time someone asked for a copy of your record, like this one.",
    ),
)

# The parts inside a record of a kind: (attribute, key, title, one row rather than a list).
CHILDREN = {
    "sas.Episode": (
        ("removal_report", "removal_report", "What the practice reported", True),
        (
            "record_before_gateway",
            "record_before_gateway",
            "What records from before Gateway said",
            True,
        ),
        ("history", "history", "What happened, step by step", False),
        ("deadlines", "deadlines", "Dates things were due", False),
        ("information_requests", "information_requests", "Questions to the practice", False),
        ("allocations", "allocations", "Which SAS practice", False),
        ("custody_periods", "custody_periods", "Time in prison or custody", False),
        ("appeals", "appeals", "Appeals", False),
        ("reviews", "reviews", "Reviews", False),
        ("discharge_plan", "discharge_plan", "Leaving the scheme", True),
    ),
    "comms.Message": (("attempts_made", "delivery", "What happened to it", False),),
    "registration.RegistrationReferral": (
        ("changes", "changes", "What happened", False),
        ("alerts", "alerts", "Reminders to staff", False),
    ),
    "support.Meeting": (
        ("attendees", "attendees", "Who was there", False),
        ("actions", "actions", "Jobs people said they would do", False),
    ),
    "support.ServiceReferral": (("changes", "changes", "What happened", False),),
    "support.Death": (("revisions", "revisions", "Earlier versions", False),),
}


def _on(day, words):
    return f"{words} {long_date(day)}" if day else words


# What one record of a kind is called in the summary (default: the record's own name).
TITLES = {
    "imports.ClosureMove": lambda o: _on(o.created_at.date(), f"Moved to {o.to_practice} on"),
    "patients.LinkRequest": lambda o: _on(o.created_at.date(), f"{o.organisation} asked on"),
    "patients.PatientLink": lambda o: _on(
        o.created_at.date(), f"Linked as the same person by {o.linked_by_organisation} on"
    ),
    "patients.RecordMadeInError": lambda o: f"Asked to treat as made in error: {o.reason}",
    "patients.Patient": lambda o: o.full_name,
    "patients.Address": lambda o: ", ".join(o.lines) or o.get_kind_display(),
    "patients.Consent": lambda o: _on(o.starts_on, f"{o.get_purpose_display()}, from"),
    "sas.Episode": lambda o: _on(o.created_at.date(), "Started on"),
    "sas.Appeal": lambda o: _on(o.received_on, "Appeal received on"),
    "sas.Review": lambda o: _on(o.due_on, "Review due on"),
    "sas.RemovalReport": lambda o: _on(o.incident_at.date(), "Incident on"),
    "sas.StatusHistory": lambda o: f"{o.get_to_state_display()}",
    "sas.DischargePlan": lambda o: _on(o.discharge_by, "Leave the scheme by"),
    "comms.Message": lambda o: f"{o.get_kind_display()}: {o.subject or o.template}",
    "registration.RegistrationReferral": lambda o: _on(o.referred_on, "Referral made on"),
    "support.Assessment": lambda o: _on(o.assessed_on, f"{o.get_kind_display()}, on"),
    "support.Meeting": lambda o: _on(o.held_on, "Meeting on"),
    "support.ServiceReferral": lambda o: _on(o.sent_on, f"{o.get_service_type_display()}, sent on"),
    "support.Death": lambda o: _on(o.died_on, "Died on"),
    "records.SubjectAccessExport": lambda o: _on(o.received_on, "Request received on"),
}


def title_of(obj):
    make = TITLES.get(obj._meta.label)
    text = make(obj) if make else str(obj)
    return text[:1].upper() + text[1:]
