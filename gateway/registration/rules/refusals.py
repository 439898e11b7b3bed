"""Refusals (docs/domain/gp-registration.md#national-rules): a practice may refuse only on
reasonable grounds (list closed, outside its boundary), never because the person has no ID, no proof
of address or no immigration status. A refusal on a reason that is not a reasonable ground is
flagged to the commissioner. Pure."""

# Reason codes in the registry (RefusalReason rows, seeded by migration 0002) that are not
# reasonable grounds under the national rules. Kept here too so the rule can be tested alone
# and a reason added later without the flag still defaults to flagged (fails safe).
NOT_REASONABLE = frozenset({"no_id", "no_proof_of_address", "immigration_status"})

NATIONAL_RULES_STATEMENT = (
    "Anyone in England may register with a GP practice. No proof of identity, proof of "
    "address or immigration status is needed to register. A temporary address, or the "
    "address of a service such as a probation office, may be used. A practice may refuse only "
    "on reasonable grounds, such as the list being closed or the person living outside the "
    "practice boundary, and must write to the person within 14 days to say why."
)


def flag_to_commissioner(reason_code, is_reasonable_ground):
    """True when the refusal must go on the commissioner's worklist."""
    return reason_code in NOT_REASONABLE or not is_reasonable_ground
