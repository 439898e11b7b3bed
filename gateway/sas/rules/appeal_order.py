"""The order of an appeal's steps before the panel decides (docs/domain/sas-appeals.md#appeals: the
appeal is acknowledged in writing with the appeal form, then the panel is arranged and meets). A
decision recorded before the appeal was acknowledged or the panel arranged means the person
may never have been told their appeal was received, or the panel met without being set up:
the panel may still go out of order (a decision can be urgent), but only with a reason,
which is kept with the appeal. Pure: plain values in, plain values out."""

# Each step a decision waits for: (what it is, how it is missing in plain words).
STEPS_BEFORE_DECISION = (
    ("acknowledged", "the appeal has not been acknowledged"),
    ("panel_arranged", "the panel has not been arranged"),
)


def steps_missing_before_decision(acknowledged_on, panel_on):
    """The steps not yet done that the panel's decision should wait for, in plain words, in
    the order they happen. Empty when the decision is in order."""
    done = {"acknowledged": acknowledged_on is not None, "panel_arranged": panel_on is not None}
    return [words for step, words in STEPS_BEFORE_DECISION if not done[step]]


def out_of_order_explanation(missing):
    """What is missing as one sentence ("The appeal has not been acknowledged and the panel
    has not been arranged."), or "" when nothing is."""
    if not missing:
        return ""
    sentence = " and ".join(missing)
    return sentence[0].upper() + sentence[1:] + "."
