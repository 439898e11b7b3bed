"""Dates of an episode that began before Gateway: a commissioner brings the people already on
their scheme from their own records (gateway/imports/caseloads), with the dates those records
hold. Pure: plain values in, plain values out (docs/adr/0031).

The next review follows the scheme policy (docs/domain/sas-reviews-and-discharge.md#reviews):
N months from allocation, or M months from the last review. The commissioner's own records may
name a different date. An earlier date is kept (the commissioner already planned it, and an
earlier review never breaks the policy); a later one is not, because the policy's interval is
the longest a person waits for a review. Both dates are kept on the episode's record either
way, so anyone can see what the records said."""

from .days import long_date
from .deadlines import Deadline, first_review_due, next_review_due

FROM_RECORDS_RULE = "Review date from the commissioner's own records"


def policy_review_due(allocated_on, last_reviewed_on, policy):
    """The review the policy asks for: from the last review if there was one, else from
    allocation."""
    if last_reviewed_on is not None:
        return next_review_due(last_reviewed_on, policy)
    return first_review_due(allocated_on, policy)


def review_due_before_gateway(allocated_on, last_reviewed_on, records_next_review_on, policy):
    """The next review of an episode that began before Gateway, as a Deadline: the policy's
    date, or the date in the commissioner's records when that is earlier."""
    by_policy = policy_review_due(allocated_on, last_reviewed_on, policy)
    if records_next_review_on is None or records_next_review_on >= by_policy.due_on:
        return by_policy
    return Deadline(
        kind="review",
        label="Review",
        starts_on=last_reviewed_on or allocated_on,
        due_on=records_next_review_on,
        rule=FROM_RECORDS_RULE,
        explanation=(
            "the date in the commissioner's records, earlier than the policy's "
            f"{long_date(by_policy.due_on)} ({by_policy.explanation})"
        ),
        policy_version=policy.version,
    )


def dates_in_order(removed_on, allocated_on, last_reviewed_on, next_review_on, today):
    """What is wrong with the order of an episode's dates, in plain words (empty when
    nothing is): removal, then allocation, then the last review, none after today; the next
    review after the last one (or after allocation)."""
    problems = []
    if allocated_on is not None and allocated_on > today:
        problems.append("The date allocated is after today")
    if removed_on is not None and removed_on > today:
        problems.append("The date of removal is after today")
    if removed_on is not None and allocated_on is not None and removed_on > allocated_on:
        problems.append("The date of removal is after the date allocated")
    if last_reviewed_on is not None:
        if last_reviewed_on > today:
            problems.append("The last review is after today")
        if allocated_on is not None and last_reviewed_on < allocated_on:
            problems.append("The last review is before the date allocated")
    if next_review_on is not None:
        after = last_reviewed_on or allocated_on
        if after is not None and next_review_on <= after:
            what = "the last review" if last_reviewed_on else "the date allocated"
            problems.append(f"The next review due is not after {what}")
    return problems
