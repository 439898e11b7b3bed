"""What the support section of the home page counts, in one query (issue 17 cause 3, ADR
0053): the person's open actions (overdue and due in the next 7 days among them), the working
agreements they lead that are due for review, and their referrals to services with news and
still open. Each figure is a scalar subquery over the rows "Your actions" and "Your
referrals" list, scoped as they are to people the organisation can still see."""

import datetime

from django.db.models import Q
from django.utils import timezone

from gateway.accounts.models import Organisation, User
from gateway.core.figures import CountUpTo, compiled, figures_query, named
from gateway.core.prepared import Statement
from gateway.patients.queries import (
    WHOLE_ORGANISATION,
    organisation_scope_ids,
    scope_shape,
    visible_patient_ids_compiled,
)

from ..rules import referrals as referral_rules
from .referrals import referrals_made_by
from .team import SOON_DAYS, agreements_due_for_review, open_actions_for


def _asked(user, organisation, today, week_end, patients):
    """The section's figures over the people ``patients`` (the organisation's compiled scope),
    "soon" meaning from today to week_end."""
    actions = open_actions_for(user, organisation, patients=patients)
    referrals = referrals_made_by(user, organisation, patients=patients)
    soon = Q(due_on__gte=today, due_on__lte=week_end)
    return figures_query(
        Organisation.objects.filter(pk=organisation.pk),
        actions_open=CountUpTo(actions),
        actions_overdue=CountUpTo(actions.filter(due_on__lt=today)),
        actions_due_soon=CountUpTo(actions.filter(soon)),
        reviews_due=CountUpTo(
            agreements_due_for_review(user, organisation, today, patients=patients, due_by=week_end)
        ),
        referrals_news=CountUpTo(referrals.filter(news_for_referrer=True)),
        referrals_open=CountUpTo(referrals.filter(status__in=referral_rules.OPEN)),
    )


def _built(shape, *, user_id, organisation_id, today, week_end):
    """The section's statement for an organisation-wide scope, from values alone."""
    patients = compiled(organisation_scope_ids(organisation_id, today), None)
    return _asked(User(pk=user_id), Organisation(pk=organisation_id), today, week_end, patients)


# Built and compiled once a process (ADR 0068).
HOME = Statement(_built, planned_once=True)


def home_figures(user, organisation, today=None):
    """({"open", "overdue", "due_soon", "reviews_due"}, {"news", "open"}): the counts
    ``worklist_counts`` and ``referral_counts`` give, read in one query."""
    today = today or timezone.localdate()
    week_end = today + datetime.timedelta(days=SOON_DAYS)
    whole = scope_shape(user, organisation) == WHOLE_ORGANISATION

    def orm():
        # The people the organisation may see, compiled once for every figure.
        patients = visible_patient_ids_compiled(user, organisation)
        return _asked(user, organisation, today, week_end, patients)

    rows = HOME.rows_or(
        orm,
        "support home" if whole else None,
        user_id=user.pk,
        organisation_id=organisation.pk,
        today=today,
        week_end=week_end,
    )
    found = (named(rows[0]) if rows else None) or {}
    counts = {
        "open": found.get("actions_open", 0),
        "overdue": found.get("actions_overdue", 0),
        "due_soon": found.get("actions_due_soon", 0),
        "reviews_due": found.get("reviews_due", 0),
    }
    return counts, {"news": found.get("referrals_news", 0), "open": found.get("referrals_open", 0)}
