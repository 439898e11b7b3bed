"""Referrals to services (docs/domain/multiple-disadvantage.md#referrals-and-their-outcomes: record
every referral's outcome and rejection reason — this evidence changes commissioning). One shape for
every kind of service; the transition table is the whole truth about what may follow what."""

SENT, ACCEPTED, DECLINED, COMPLETED, WITHDRAWN = (
    "sent",
    "accepted",
    "declined",
    "completed",
    "withdrawn",
)

# from status -> the statuses it may move to. Declined, completed and withdrawn are final.
TRANSITIONS = {
    SENT: frozenset({ACCEPTED, DECLINED, WITHDRAWN}),
    ACCEPTED: frozenset({COMPLETED, WITHDRAWN}),
    DECLINED: frozenset(),
    COMPLETED: frozenset(),
    WITHDRAWN: frozenset(),
}
OPEN = frozenset(s for s, nexts in TRANSITIONS.items() if nexts)

# The decline reason code the death of the person records on a withdrawal.
PERSON_DIED = "person died"


def next_statuses(status):
    return TRANSITIONS.get(status, frozenset())


def check_change(current, new, *, decline_reason_code="", decline_needs_detail=False, note=""):
    """Pure: the errors (by field) for moving a referral from current to new. A decline needs
    a reason from the registry, and words when that reason needs them ("other"); a
    withdrawal needs words saying why."""
    errors = {}
    if new not in next_statuses(current):
        if not next_statuses(current):
            errors["status"] = f"This referral is {current} and cannot change any more"
        else:
            errors["status"] = "Choose what has happened from the list"
        return errors
    note = (note or "").strip()
    if new == DECLINED:
        if not decline_reason_code:
            errors["decline_reason"] = "Choose the reason the service gave for declining"
        elif decline_needs_detail and not note:
            errors["note"] = "Say what the service's reason was"
    if new == WITHDRAWN and not note:
        errors["note"] = "Say why the referral is withdrawn"
    return errors
