"""The one table of SAS episode states and the transitions between them.
Pure: no database. Services call ``check_transition`` before changing an episode; the diagram
in docs/sas-states.md is generated from this table (``mermaid()``) and a test keeps it in step.
"""

from dataclasses import dataclass

from gateway.accounts.models import Role

from .errors import IllegalTransition, NotAllowed


class State:
    REPORTED = "reported"
    SCREENING = "screening"
    MORE_INFORMATION_REQUESTED = "more_information_requested"
    AWAITING_APPROVAL = "awaiting_approval"
    ALLOCATED = "allocated"
    DECLINED = "declined"
    UNDER_REVIEW = "under_review"
    REMAINING = "remaining"
    DISCHARGE_PLANNED = "discharge_planned"
    DISCHARGED = "discharged"
    ON_HOLD_CUSTODY = "on_hold_custody"
    TRANSFERRED_OUT = "transferred_out"
    OVERTURNED = "overturned"
    ENDED_DEATH = "ended_death"
    ENDED_REGISTERED_BY_MISTAKE = "ended_registered_by_mistake"
    ENTERED_IN_ERROR = "entered_in_error"


# Each state: (short name for lists, words that complete "the episode is …" in messages).
_STATE_WORDS = {
    State.REPORTED: ("Reported", "waiting for screening"),
    State.SCREENING: ("Screening", "being screened by the commissioner"),
    State.MORE_INFORMATION_REQUESTED: (
        "More information requested",
        "waiting for more information from the practice",
    ),
    State.AWAITING_APPROVAL: ("Waiting for approval", "waiting for approval"),
    State.ALLOCATED: ("Allocated", "active, with the patient on the scheme"),
    State.DECLINED: ("Declined", "closed: the report was declined"),
    State.UNDER_REVIEW: ("Under review", "under review"),
    State.REMAINING: (
        "Remaining after review",
        "active, with the patient remaining on the scheme after review",
    ),
    State.DISCHARGE_PLANNED: ("Discharge planned", "planned for discharge"),
    State.DISCHARGED: ("Discharged", "closed: the patient was discharged"),
    State.ON_HOLD_CUSTODY: ("On hold: in custody", "on hold while the patient is in custody"),
    State.TRANSFERRED_OUT: ("Transferred out", "closed: the patient moved to another scheme"),
    State.OVERTURNED: ("Overturned on appeal", "closed: an appeal overturned it"),
    State.ENDED_DEATH: ("Ended: died", "closed: the patient died"),
    State.ENDED_REGISTERED_BY_MISTAKE: (
        "Ended: registered by mistake",
        "closed: the patient was placed on the scheme by mistake",
    ),
    State.ENTERED_IN_ERROR: ("Entered in error", "marked as entered in error"),
}
STATES = tuple(_STATE_WORDS)
STATE_CHOICES = [(state, words[0]) for state, words in _STATE_WORDS.items()]
STATE_LABELS = {state: words[1] for state, words in _STATE_WORDS.items()}

# On the scheme: the patient must attend the SAS practice only.
ACTIVE_STATES = frozenset(
    {
        State.ALLOCATED,
        State.UNDER_REVIEW,
        State.REMAINING,
        State.DISCHARGE_PLANNED,
        State.ON_HOLD_CUSTODY,
    }
)
BEFORE_ALLOCATION = frozenset(
    {
        State.REPORTED,
        State.SCREENING,
        State.MORE_INFORMATION_REQUESTED,
        State.AWAITING_APPROVAL,
    }
)
OPEN_STATES = ACTIVE_STATES | BEFORE_ALLOCATION
TERMINAL_STATES = frozenset(STATES) - OPEN_STATES
# Active and free to carry on (not paused in custody).
ON_SCHEME = ACTIVE_STATES - {State.ON_HOLD_CUSTODY}

COMMISSIONER = Role.COMMISSIONER.value
PANEL = Role.PANEL_MEMBER.value
SAS_STAFF = Role.SAS_PRACTICE_STAFF.value
PRACTICE_STAFF = Role.PRACTICE_STAFF.value


@dataclass(frozen=True)
class Transition:
    name: str
    action: str  # completes "You cannot …"
    sources: frozenset
    target: str
    roles: frozenset
    rule: str = ""  # the docs/domain rule it follows, if any
    fields: frozenset = frozenset()  # episode fields the transition may set
    required_fields: frozenset = frozenset()  # must be set once the transition is done
    reason_required: bool = False
    # Set for a transition that returns the episode to the state it was in before its source
    # state (release from custody), one of these; ``target`` is then where an episode goes
    # when that state was never recorded. See ``target_from``.
    returns_to: frozenset = frozenset()

    def target_from(self, state_before):
        """Where the transition leads, given the state before the current one."""
        if self.returns_to and state_before in self.returns_to:
            return state_before
        return self.target

    @property
    def targets(self):
        """Every state the transition can lead to."""
        return self.returns_to | {self.target}


def _t(name, action, sources, target, roles, **kwargs):
    return Transition(name, action, frozenset(sources), target, frozenset(roles), **kwargs)


# fmt: off
TRANSITIONS = {
    t.name: t
    for t in [
        _t("start_screening", "start screening", {State.REPORTED}, State.SCREENING,
           {COMMISSIONER},
           rule="docs/domain/sas-removal-and-allocation.md#what-does-not-qualify"),
        _t("request_more_information", "ask the practice for more information",
           {State.SCREENING}, State.MORE_INFORMATION_REQUESTED, {COMMISSIONER},
           reason_required=True),
        _t("provide_more_information", "send the information asked for",
           {State.MORE_INFORMATION_REQUESTED}, State.SCREENING,
           {PRACTICE_STAFF, COMMISSIONER}),
        _t("send_for_approval", "send the report for approval", {State.SCREENING},
           State.AWAITING_APPROVAL, {COMMISSIONER},
           rule="docs/domain/sas-removal-and-allocation.md#police-reference-and-approval",
           fields=frozenset({"sas_practice"})),
        _t("allocate", "allocate the patient to an SAS practice",
           {State.SCREENING, State.AWAITING_APPROVAL}, State.ALLOCATED, {COMMISSIONER},
           fields=frozenset({"sas_practice"}), required_fields=frozenset({"sas_practice"})),
        _t("decline", "decline the report",
           {State.SCREENING, State.MORE_INFORMATION_REQUESTED, State.AWAITING_APPROVAL},
           State.DECLINED, {COMMISSIONER},
           rule="docs/domain/sas-removal-and-allocation.md#what-does-not-qualify",
           reason_required=True),
        _t("start_review", "start a review", {State.ALLOCATED, State.REMAINING},
           State.UNDER_REVIEW, {COMMISSIONER, SAS_STAFF},
           rule="docs/domain/sas-reviews-and-discharge.md#reviews"),
        _t("decide_remain", "decide the patient remains on the scheme", {State.UNDER_REVIEW},
           State.REMAINING, {COMMISSIONER, PANEL, SAS_STAFF},
           rule="docs/domain/sas-reviews-and-discharge.md#reviews",
           reason_required=True),
        _t("decide_discharge", "decide to discharge the patient", {State.UNDER_REVIEW},
           State.DISCHARGE_PLANNED, {COMMISSIONER, PANEL, SAS_STAFF},
           rule="docs/domain/sas-reviews-and-discharge.md#discharge-and-step-down"),
        _t("exception_discharge", "discharge the patient early by exception",
           {State.ALLOCATED, State.UNDER_REVIEW, State.REMAINING}, State.DISCHARGE_PLANNED,
           {COMMISSIONER, PANEL},
           rule="docs/domain/sas-reviews-and-discharge.md#reviews",
           reason_required=True),
        _t("complete_discharge", "complete the discharge", {State.DISCHARGE_PLANNED},
           State.DISCHARGED, {COMMISSIONER, SAS_STAFF},
           rule="docs/domain/sas-reviews-and-discharge.md#discharge-and-step-down"),
        _t("enter_custody", "put the episode on hold for custody",
           ON_SCHEME, State.ON_HOLD_CUSTODY, {COMMISSIONER, SAS_STAFF},
           rule="docs/domain/sas-other-changes.md#custody"),
        # Release returns the episode to where custody interrupted it (docs/adr/0019).
        _t("release_from_custody", "resume the episode after release from custody",
           {State.ON_HOLD_CUSTODY}, State.ALLOCATED, {COMMISSIONER, SAS_STAFF},
           rule="docs/domain/sas-other-changes.md#custody",
           returns_to=ON_SCHEME),
        _t("transfer_out", "transfer the patient to another area's scheme", ACTIVE_STATES,
           State.TRANSFERRED_OUT, {COMMISSIONER},
           rule="docs/domain/sas-other-changes.md#moving-out-of-area",
           reason_required=True),
        _t("uphold_appeal", "uphold the appeal", ACTIVE_STATES, State.OVERTURNED,
           {PANEL, COMMISSIONER},
           rule="docs/domain/sas-appeals.md#appeals",
           reason_required=True),
        _t("record_death", "record that the patient died", OPEN_STATES, State.ENDED_DEATH,
           {COMMISSIONER, SAS_STAFF, PRACTICE_STAFF},
           rule="docs/domain/sas-other-changes.md#other-changes-to-an-episode"),
        _t("end_registered_by_mistake", "end the episode as registered by mistake",
           ACTIVE_STATES, State.ENDED_REGISTERED_BY_MISTAKE, {COMMISSIONER, PANEL},
           rule="docs/domain/sas-other-changes.md#registered-by-mistake",
           reason_required=True),
        _t("mark_entered_in_error", "mark the episode as entered in error",
           frozenset(STATES) - {State.ENTERED_IN_ERROR}, State.ENTERED_IN_ERROR,
           {COMMISSIONER}, reason_required=True),
    ]
}
# fmt: on


def _or_list(words):
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _in_sentence(label):
    """A role's label as it reads mid-sentence: "Commissioner" becomes "commissioner", but an
    acronym stays as it is ("SAS practice staff", not "sas practice staff")."""
    first = label.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return label
    return label[:1].lower() + label[1:]


def _role_names(roles):
    return _or_list(sorted((_in_sentence(Role(r).label) for r in roles), key=str.casefold))


def get_transition(name):
    try:
        return TRANSITIONS[name]
    except KeyError:
        raise ValueError(f"There is no episode transition called {name!r}") from None


def available_transitions(state, roles=None):
    """What can be done from a state (by someone holding roles, if given), in table order."""
    return [
        t
        for t in TRANSITIONS.values()
        if state in t.sources and (roles is None or t.roles & set(roles))
    ]


def check_transition(current_state, transition_name, roles):
    """Return the Transition, or raise NotAllowed / IllegalTransition with a message that
    says what is wrong and what can be done instead."""
    transition = get_transition(transition_name)
    if not transition.roles & set(roles):
        raise NotAllowed(
            f"You cannot {transition.action}: only a {_role_names(transition.roles)} can do "
            "this. Ask someone with that role, or switch to an organisation where you have it."
        )
    if current_state not in transition.sources:
        options = [t.action for t in available_transitions(current_state, roles)]
        message = (
            f"You cannot {transition.action} because the episode is {STATE_LABELS[current_state]}."
        )
        if options:
            message += f" What you can do now: {_or_list(options)}."
        raise IllegalTransition(message)
    return transition


def mermaid():
    """The state diagram, generated from the table."""
    lines = ["stateDiagram-v2", f"    [*] --> {State.REPORTED}"]
    for t in TRANSITIONS.values():
        if t.name == "mark_entered_in_error":
            continue  # from every state: one note instead of sixteen arrows
        for source in sorted(t.sources, key=STATES.index):
            for target in sorted(t.targets, key=STATES.index):
                lines.append(f"    {source} --> {target}: {t.name}")
    lines.append(f"    note right of {State.ENTERED_IN_ERROR}: marked from any state")
    lines.append(
        f"    note right of {State.ON_HOLD_CUSTODY}: release returns to the state before custody"
    )
    for state in sorted(TERMINAL_STATES, key=STATES.index):
        lines.append(f"    {state} --> [*]")
    return "\n".join(lines)
