"""Who may see the insight pages, as `rules` permissions over (user, current organisation)
like gateway.accounts.rules. A commissioner sees their own area's dashboard and, because
they already see every person on their scheme, the people behind each figure."""

import rules

from gateway.accounts.rules import is_commissioner

from .queries.scope import PEOPLE_PERMISSION

DASHBOARD_PERMISSION = "insight.view_dashboard"

rules.add_perm(DASHBOARD_PERMISSION, is_commissioner)
rules.add_perm(PEOPLE_PERMISSION, is_commissioner)
