"""A person's record made in error (gateway.patients.services.made_in_error, docs/adr/0041):
their open GP registration referrals are withdrawn, whoever made them, so no practice is
chased (and no deadline runs) about a person who is not there."""

from gateway.patients.services.made_in_error import when_made_in_error

from .referrals import withdraw_on_death

BECAUSE = "The person's record was made in error"


@when_made_in_error
def withdraw_referrals(actor, organisation, patient, reason):
    # The same withdrawal as after a death, with this reason.
    return withdraw_on_death(actor, organisation, patient, BECAUSE)
