"""Which parts of a person's records each role needs, decided with the Caldicott principles
(justify the purpose, use the minimum necessary, access on a need-to-know basis). The one
statement of it: docs/access/caldicott-access-table.md is this table in words (a test keeps
them the same), the support permissions are built from it (gateway/support/rules/
permissions.py) and the access matrix test checks every page it names against it.

Cells: FULL (every page of that part), SUMMARY (what the row's summary says, on the pages
that part shares with others; none of its own pages) or NONE. Whose records a role sees at
all is the scope's to say (gateway/patients/queries/scope.py): the organisation's people, or
for a panel member the people before their panel."""

from dataclasses import dataclass

FULL = "full"
SUMMARY = "summary"
NONE = "none"

# The columns, in order: each role (gateway.accounts.models.Role values).
COLUMNS = (
    "commissioner",
    "practice_staff",
    "sas_practice_staff",
    "support_worker",
    "panel_member",
    "organisation_admin",
    "auditor",
    "national_analyst",
)
NOT_PEOPLE = {
    "organisation_admin": (NONE, "Runs staff accounts; no care role"),
    "auditor": (NONE, "Reads the audit trail of who opened what, not the records"),
    "national_analyst": (NONE, "Sees suppressed figures only, never a person"),
}
DIRECT_CARE = "Direct care"


@dataclass(frozen=True)
class Row:
    key: str
    title: str
    cells: dict  # role -> (level, reason)
    pages: tuple = ()  # URL names that show this part in full (FULL needed to open them)


def _row(key, title, pages=(), **cells):
    cells = {**NOT_PEOPLE, **cells}
    assert set(cells) == set(COLUMNS), key
    return Row(key, title, {role: cells[role] for role in COLUMNS}, tuple(pages))


TABLE = (
    _row(
        "record",
        "Identity, address, contact plan and consents",
        commissioner=(FULL, "Commissions care and runs the scheme; writes to the person"),
        practice_staff=(FULL, "Direct care; a practice asked to register sees this part only"),
        sas_practice_staff=(FULL, DIRECT_CARE),
        support_worker=(FULL, DIRECT_CARE),
        panel_member=(FULL, "To know who is before the panel (those people only)"),
    ),
    _row(
        "sas",
        "SAS episode, removal report, appeals and reviews",
        commissioner=(FULL, "Runs the scheme: screens, allocates, hears appeals"),
        practice_staff=(FULL, "The removing practice reports and answers questions"),
        sas_practice_staff=(FULL, "Cares for the person on the scheme and reviews them"),
        support_worker=(FULL, "Gives the person's view at reviews and helps with appeals"),
        panel_member=(FULL, "Decides the appeals and reviews before the panel"),
    ),
    _row(
        "registration",
        "GP registration referral",
        commissioner=(FULL, "Oversees refusals and chases answers"),
        practice_staff=(FULL, "The practice it was sent to answers it"),
        sas_practice_staff=(FULL, "When it is sent to their practice"),
        support_worker=(FULL, "The referrer follows it up"),
        panel_member=(NONE, "Not part of an appeal or review"),
    ),
    _row(
        "support",
        "Needs, multiple-disadvantage status, safety flags, support team and death",
        commissioner=(FULL, "Commissions support, keeps staff safe and leads learning reviews"),
        practice_staff=(FULL, DIRECT_CARE),
        sas_practice_staff=(FULL, DIRECT_CARE),
        support_worker=(FULL, DIRECT_CARE),
        panel_member=(NONE, "The panel hears the appeal from its own papers"),
    ),
    _row(
        "assessments",
        "Assessments: Edmonton Frail Scale and NDTA answers",
        pages=(
            "support:assessment-history",
            "support:assessment-detail",
            "support:assessment-new",
        ),
        commissioner=(SUMMARY, "The latest score on the support page, not the answers"),
        practice_staff=(FULL, DIRECT_CARE),
        sas_practice_staff=(FULL, DIRECT_CARE),
        support_worker=(FULL, DIRECT_CARE),
        panel_member=(NONE, "Not needed to decide an appeal"),
    ),
    _row(
        "dash",
        "DASH domestic abuse checklist, incidents and MARAC referrals",
        pages=("support:marac-new", "support:incident-new", "support:marac-escalation"),
        commissioner=(SUMMARY, "That a checklist exists and whom to ask"),
        practice_staff=(SUMMARY, "That a checklist exists and whom to ask"),
        sas_practice_staff=(SUMMARY, "That a checklist exists and whom to ask"),
        support_worker=(
            FULL,
            "At refuge, charity or probation partners, or who recorded it; others: summary",
        ),
        panel_member=(NONE, "Not needed to decide an appeal"),
    ),
    _row(
        "meetings",
        "Support meetings: notes, the person's views and actions",
        pages=(
            "support:meetings",
            "support:meeting-new",
            "support:meeting-check",
            "support:meeting-detail",
            "support:meeting-recorded",
            "support:action-new",
        ),
        commissioner=(SUMMARY, "Only actions given to them, on their own list"),
        practice_staff=(FULL, "Direct care: part of the support team"),
        sas_practice_staff=(FULL, "Direct care: part of the support team"),
        support_worker=(FULL, DIRECT_CARE),
        panel_member=(NONE, "Not needed to decide an appeal"),
    ),
    _row(
        "service_referrals",
        "Referrals to services, such as a refuge",
        pages=(
            "support:referrals",
            "support:referral-new",
            "support:referral-check",
            "support:referral-detail",
            "support:referral-sent",
            "support:my-referrals",
        ),
        commissioner=(SUMMARY, "Counts of declines by reason, never a person or a place"),
        practice_staff=(FULL, "Direct care: a practice may refer"),
        sas_practice_staff=(FULL, "Direct care: a practice may refer"),
        support_worker=(FULL, DIRECT_CARE),
        panel_member=(NONE, "Not needed to decide an appeal"),
    ),
    _row(
        "letters",
        "Letters and messages the organisation sent about the person",
        commissioner=(FULL, "Its own letters, while it may see the person"),
        practice_staff=(FULL, "Its own letters, while it may see the person"),
        sas_practice_staff=(FULL, "Its own letters, while it may see the person"),
        support_worker=(FULL, "Its own letters, while it may see the person"),
        panel_member=(FULL, "The commissioner's letters about the people before the panel"),
    ),
)
ROWS = {row.key: row for row in TABLE}


def level(row_key, role):
    return ROWS[row_key].cells[str(role)][0]


def roles_with(row_key, *levels):
    """The roles whose cell in the row is one of ``levels``."""
    return tuple(role for role, (cell, _) in ROWS[row_key].cells.items() if cell in levels)


def as_markdown():
    """The table as docs/access/caldicott-access-table.md holds it."""
    lines = [
        "| Part of the record | " + " | ".join(COLUMNS) + " |",
        "|---|" + "---|" * len(COLUMNS),
    ]
    for row in TABLE:
        cells = [f"{cell}: {reason}" for cell, reason in row.cells.values()]
        lines.append(f"| {row.title} (`{row.key}`) | " + " | ".join(cells) + " |")
    return "\n".join(lines)
