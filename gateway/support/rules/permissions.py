"""Who may see and record support information, as `rules` permissions over (user, current
organisation) like gateway.accounts.rules.

DASH details (answers, score, MARAC referrals) are restricted field by field: only support
workers and commissioners at refuge, charity or probation partners, and the organisation that
recorded the checklist, see them. Everyone else who can see the person learns only that a
checklist exists and whom to ask."""

import rules

from gateway.accounts import caldicott
from gateway.accounts.models import Organisation, Role
from gateway.accounts.rules import has_role, is_commissioner, works_with_patients

DASH_PARTNER_TYPES = {
    Organisation.PartnerType.REFUGE,
    Organisation.PartnerType.CHARITY,
    Organisation.PartnerType.PROBATION,
}


@rules.predicate
def at_dash_partner(user, organisation=None):
    return (
        organisation is not None
        and organisation.kind == Organisation.Kind.PARTNER
        and organisation.partner_type in DASH_PARTNER_TYPES
    )


rules.add_perm("support.view_support", works_with_patients)
rules.add_perm("support.record_support", works_with_patients)
# The parts of the support record with pages of their own, opened only by the roles whose
# cell in the Caldicott access table is "full" (docs/access/caldicott-access-table.md).
OPENS = {
    "assessments": "support.open_assessments",
    "meetings": "support.open_meetings",
    "service_referrals": "support.open_service_referrals",
}
for _row, _perm in OPENS.items():
    rules.add_perm(_perm, has_role(*caldicott.roles_with(_row, caldicott.FULL)))
# Deaths: anyone who works with the person's records (services/deaths.py says why).
rules.add_perm("support.record_death", works_with_patients)
# Declines by reason and by service, counts only
# (docs/domain/multiple-disadvantage.md#referrals-and-their-outcomes: evidence for commissioning).
rules.add_perm("support.view_referral_report", is_commissioner)
rules.add_perm(
    "support.view_dash_details",
    has_role(Role.SUPPORT_WORKER, Role.COMMISSIONER) & at_dash_partner,
)


def can_view_dash_details(user, organisation, assessment=None):
    """The permission, or (for one checklist) being in the organisation that recorded it."""
    if user.has_perm("support.view_dash_details", organisation):
        return True
    return (
        assessment is not None
        and organisation is not None
        and assessment.organisation_id == organisation.pk
        and user.has_perm("support.view_support", organisation)
    )


def parts_opened(user, organisation):
    """The parts of the support record (OPENS keys) the person may open in full here."""
    return {part for part, perm in OPENS.items() if user.has_perm(perm, organisation)}
