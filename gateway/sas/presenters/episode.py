"""What the episode page says about the episode: what its state means, the links to the
transitions the person may do now, and whether to offer recording an appeal."""

from django.urls import NoReverseMatch, reverse

from gateway.core.formats import long_date

from ..services.reports import ANSWER_ROLES, SCREEN_ROLES
from ..states import ACTIVE_STATES, State

# What custody pauses and what happens on release (docs/adr/0019).
_CUSTODY_PAUSE = (
    "Review and discharge dates are paused: they are on no worklist and do not go overdue. "
    "When the patient is released, the episode goes back to where it was, and those dates "
    "move on by the time spent in custody. Appeal dates keep running."
)

# What each state means for the people involved, beyond the few words of STATE_LABELS.
STATE_MEANINGS = {
    State.REPORTED: (
        "The practice has reported an immediate removal. The removal took effect when they "
        "gave notice. The commissioner has not started screening the report yet."
    ),
    State.SCREENING: (
        "The commissioner is checking the report against the scheme's rules before "
        "deciding whether to allocate the patient to an SAS practice."
    ),
    State.MORE_INFORMATION_REQUESTED: (
        "The commissioner has asked the removing practice for more information. Screening "
        "carries on when the practice answers."
    ),
    State.AWAITING_APPROVAL: (
        "The police were not told about the incident, or were told late, so the "
        "commissioner must approve the removal before the patient is allocated."
    ),
    State.ALLOCATED: (
        "The patient is on the scheme and must go to their SAS practice only. They can "
        "appeal, and they will be reviewed."
    ),
    State.DECLINED: (
        "The report did not qualify. The patient stays registered with the practice, and "
        "the practice and patient have been told."
    ),
    State.UNDER_REVIEW: (
        "A review of whether the patient still needs to be on the scheme is under way. "
        "The patient's own view is part of the review."
    ),
    State.REMAINING: (
        "A review decided the patient stays on the scheme for now. The review says what "
        "would change that decision and when the next review is."
    ),
    State.DISCHARGE_PLANNED: (
        "A review decided the patient can leave the scheme. The SAS practice is helping "
        "them register with a mainstream practice."
    ),
    State.DISCHARGED: (
        "The patient has left the scheme. A practice cannot remove them because of the "
        "old incident."
    ),
    State.ON_HOLD_CUSTODY: ("The patient is in custody. " + _CUSTODY_PAUSE),
    State.TRANSFERRED_OUT: (
        "The patient moved to another area. That area's scheme now looks after them."
    ),
    State.OVERTURNED: (
        "An appeal panel upheld the patient's appeal. They are free to register with any practice."
    ),
    State.ENDED_DEATH: "The patient has died. The episode is closed.",
    State.ENDED_REGISTERED_BY_MISTAKE: (
        "The patient was placed on the scheme by mistake. The episode is closed."
    ),
    State.ENTERED_IN_ERROR: ("This episode was recorded in error. It is kept for the record only."),
}


def state_meaning(episode, custody_period=None):
    """What the episode's state means; in custody, since when."""
    if episode.state == State.ON_HOLD_CUSTODY and custody_period is not None:
        since = long_date(custody_period.started_on)
        return f"The patient has been in custody since {since}. {_CUSTODY_PAUSE}"
    return STATE_MEANINGS[episode.state]


# Where each transition is done: (URL name, what the URL's id is).
ACTION_URLS = {
    "start_screening": ("sas:screen", "episode"),
    "request_more_information": ("sas:request-information", "episode"),
    "provide_more_information": ("sas:answer-information", "episode"),
    "send_for_approval": ("sas:screen", "episode"),
    "allocate": ("sas:allocate", "episode"),
    "decline": ("sas:decline", "episode"),
    "start_review": ("sas:review-detail", "review"),
    "decide_remain": ("sas:review-decide", "review"),
    "decide_discharge": ("sas:review-decide", "review"),
    "exception_discharge": ("sas:exception-discharge", "episode"),
    "complete_discharge": ("sas:discharge-complete", "episode"),
    "enter_custody": ("sas:episode-change", "episode"),
    "release_from_custody": ("sas:episode-change", "episode"),
    "transfer_out": ("sas:episode-change", "episode"),
    "uphold_appeal": ("sas:appeal-decide", "appeal"),
    "record_death": ("sas:episode-change", "episode"),
    "end_registered_by_mistake": ("sas:episode-change", "episode"),
    "mark_entered_in_error": ("sas:episode-change", "episode"),
}
# Pages that serve several transitions are told which one.
SHARED_PAGES = {"sas:episode-change", "sas:screen", "sas:review-decide"}
# Pages that let in fewer roles than the transitions they serve: the episode page offers
# their links only to the roles the page lets in, so nobody is sent to "you cannot do this".
PAGE_ROLES = {
    "sas:screen": SCREEN_ROLES,
    "sas:answer-information": ANSWER_ROLES,
}


def _reverse(name, public_id):
    try:
        return reverse(name, kwargs={"public_id": public_id})
    except NoReverseMatch:
        return None


def action_links(transitions, episode, appeal=None, review=None, roles=None):
    """Links for the transitions the user may do now. A page another part has not built
    yet has no URL name, so its link is left out rather than breaking this page; so is a
    page that does not let in any of the user's roles on the episode (when roles is given)."""
    targets = {"episode": episode, "appeal": appeal, "review": review}
    links = []
    for transition in transitions:
        name, target = ACTION_URLS.get(transition.name, (None, None))
        obj = targets.get(target)
        if name is None or obj is None:
            continue
        if roles is not None and name in PAGE_ROLES and not PAGE_ROLES[name] & set(roles):
            continue
        href = _reverse(name, obj.public_id)
        if href is None:
            continue
        if name in SHARED_PAGES:
            href = f"{href}?action={transition.name}"
        links.append({"href": href, "text": transition.action[:1].upper() + transition.action[1:]})
    return links


APPEAL_WINDOW_PREFIX = "appeal_against_"


def can_record_appeal(episode, may_lodge, open_deadlines, open_appeal):
    """Offer "Record an appeal" only while there is something to appeal against that has not
    been appealed: an appeal window still open on the episode (lodging an appeal closes it,
    so a dismissed appeal does not bring the offer back; a window past its date stays open
    for a late appeal) and no appeal in progress. may_lodge: the user holds a role that
    records appeals on this episode."""
    return (
        episode.state in ACTIVE_STATES
        and may_lodge
        and open_appeal is None
        and any(d.kind.startswith(APPEAL_WINDOW_PREFIX) for d in open_deadlines)
    )
