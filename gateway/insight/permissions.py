"""Who may see the insight pages, as `rules` permissions over (user, current organisation)
like gateway.accounts.rules. A commissioner sees their own area's dashboard and, because
they already see every person on their scheme, the people behind each figure. What each
figure counts is no one's personal data: the commissioner and NHS England's analyst (whose
national view links each column to it) both read the definitions page."""

import rules

from gateway.accounts.rules import is_commissioner, is_national_analyst

from .queries.scope import PEOPLE_PERMISSION

DASHBOARD_PERMISSION = "insight.view_dashboard"
DEFINITIONS_PERMISSION = "insight.view_definitions"

rules.add_perm(DASHBOARD_PERMISSION, is_commissioner)
rules.add_perm(PEOPLE_PERMISSION, is_commissioner)
rules.add_perm(DEFINITIONS_PERMISSION, is_commissioner | is_national_analyst)
