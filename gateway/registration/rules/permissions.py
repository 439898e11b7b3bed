"""Who may do what with registration referrals, as `rules` permissions over (user, current
organisation), like gateway.accounts.rules (shared; not edited here).

- Referrers: support workers at partner organisations (probation, youth justice, substance
  misuse, prison healthcare, charities:
  docs/domain/gp-registration.md#registration-through-probation-and-other-services) refer, and
  record what happened next.
- Practices: practice staff (and SAS practice staff) answer referrals sent to them.
- Commissioners: oversee their practices' referrals, escalations and the evidence."""

import rules

from gateway.accounts.models import Organisation, Role
from gateway.accounts.rules import has_role


@rules.predicate
def at_partner(user, organisation=None):
    return organisation is not None and organisation.kind == Organisation.Kind.PARTNER


@rules.predicate
def at_practice(user, organisation=None):
    return organisation is not None and organisation.kind == Organisation.Kind.GP_PRACTICE


@rules.predicate
def at_commissioner(user, organisation=None):
    return organisation is not None and organisation.kind == Organisation.Kind.COMMISSIONER


refers = has_role(Role.SUPPORT_WORKER) & at_partner
answers = has_role(Role.PRACTICE_STAFF, Role.SAS_PRACTICE_STAFF) & at_practice
oversees = has_role(Role.COMMISSIONER) & at_commissioner

rules.add_perm("registration.refer", refers)
rules.add_perm("registration.answer", answers)
rules.add_perm("registration.oversee", oversees)
rules.add_perm("registration.view_referral", refers | answers | oversees)
