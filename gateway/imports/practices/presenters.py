"""How a practice's values read in the import's preview: field names, dates, open or closed,
the commissioner's name. Display only; no database."""

from gateway.core.formats import long_date

LABELS = {
    "name": "Name",
    "address": "Address",
    "postcode": "Postcode",
    "phone": "Phone",
    "commissioner": "Commissioner",
    "closed_on": "Close date",
    "is_active": "Open",
}


def shown(name, value, commissioner_names):
    if value is None or value == "":
        return "None"
    if name == "commissioner":
        return commissioner_names.get(value, "Not known")
    if name == "closed_on":
        return long_date(value)
    if name == "is_active":
        return "Open" if value else "Closed"
    if name == "address":
        return ", ".join(value.splitlines())
    return str(value)


def describe(action, commissioner_names):
    """[[field, before, after], ...] for the preview: every field for a practice to add,
    the fields that change otherwise."""
    return [
        [
            LABELS[name],
            shown(name, action.before[name], commissioner_names) if action.before else "",
            shown(name, value, commissioner_names),
        ]
        for name, value in action.values.items()
    ]


# The preview's lists: (line kind, heading, the import's count of them).
LISTS = (
    ("add", "Practices to add", "added_count"),
    ("change", "Practices that change", "changed_count"),
    ("close", "Practices that close", "closed_count"),
    ("problem", "Rows that cannot be read", "problem_count"),
    ("warning", "Warnings", "warning_count"),
)


def list_to_show(practice_import, requested):
    """Which list the page shows: the one asked for if it has anything in it, else the
    first that has; None before the file has been checked."""
    if practice_import.phase == "check" and practice_import.state != "done":
        return None
    found = [kind for kind, _heading, count in LISTS if getattr(practice_import, count)]
    if requested in found:
        return requested
    return found[0] if found else None
