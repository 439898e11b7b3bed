"""What a review has heard: the review's inputs as the decision page shows them, each with
its words or plainly why it is missing."""

from django.utils import timezone

from gateway.core.formats import long_date

# The order the decision page reads the review's inputs in: the patient's own view first.
HEARD_ORDER = ("patient-view", "practice-report", "support-worker")
NOT_ASKED_YET = {
    "patient-view": (
        "Not gathered: the patient has not been asked yet. They are asked 4 weeks before "
        "the review is due."
    ),
    "practice-report": (
        "Not received: the SAS practice has not been asked yet. It is asked 4 weeks before "
        "the review is due."
    ),
}


def _missing_reason(kind, request, unreachable, today):
    if request is None:
        return NOT_ASKED_YET[kind]
    asked = f"asked for on {long_date(request.starts_on)}, by {long_date(request.due_on)}"
    if kind == "patient-view":
        text = f"Not gathered: the patient's view was {asked}, and nobody has recorded it."
        if unreachable:
            text += (
                " The letter asking for it did not reach them: no way in their contact plan "
                "worked. Ask their support worker or SAS practice to ask them in person."
            )
        elif request.due_on < today:
            text += " Ask the patient, or their support worker, before deciding without it."
        return text
    return f"Not received: the SAS practice's report was {asked}, and nobody has recorded it."


def review_heard(input_rows, requests, invitation_unreachable, today=None):
    """The review's inputs as the decision page shows them: the patient's own view, then the
    SAS practice's report, each with its words or plainly why it is missing, then the
    support worker's input when there is one. ``requests`` are the deadlines that asked for
    the inputs, by deadline kind (gateway.sas.queries.review_input_requests)."""
    today = today or timezone.localdate()
    by_kind = {row["kind"]: row for row in input_rows}
    heard = []
    for kind in HEARD_ORDER:
        row = dict(by_kind[kind])
        if not row["text"]:
            if kind == "support-worker":
                continue
            request = requests.get(_REQUEST_KINDS[kind])
            row["missing"] = _missing_reason(kind, request, invitation_unreachable, today)
        heard.append(row)
    return heard


_REQUEST_KINDS = {
    "patient-view": "review_patient_view",
    "practice-report": "review_practice_report",
    "support-worker": "review_support_worker_input",
}
