"""Deadline rows keep the rule, the explanation and the policy version that produced them, so
a page can say "Appeal by 21 March 2026 — 28 days from the allocation letter".
"""

import datetime

import pytest

from gateway.sas import rules
from gateway.sas.models import Deadline

from .factories import EpisodeFactory, SchemePolicyFactory

pytestmark = pytest.mark.django_db


def test_a_deadline_row_names_its_rule_explanation_and_policy_version():
    episode = EpisodeFactory()
    policy = SchemePolicyFactory(commissioner=episode.commissioner, version=3)
    value = rules.appeal_deadline(datetime.date(2026, 2, 21), "placement", policy.values())

    row = Deadline.from_rule(episode, value, policy)
    row.save()

    row.refresh_from_db()
    assert row.due_on == datetime.date(2026, 3, 21)
    assert row.policy.version == 3
    assert row.rule == "The patient may appeal against being placed on the scheme"
    assert row.source() == (
        "NHS England: an appeal process with 28 days to appeal; the time allowed is set by "
        f"{episode.commissioner} scheme policy version 3"
    )
    assert row.describe() == "Appeal by 21 March 2026 — 28 days from the allocation letter"


def test_a_deadline_worked_out_under_another_policy_version_is_refused():
    episode = EpisodeFactory()
    policy = SchemePolicyFactory(commissioner=episode.commissioner, version=3)
    value = rules.panel_due(datetime.date(2026, 6, 1), rules.PolicyValues(version=2))
    with pytest.raises(ValueError):
        Deadline.from_rule(episode, value, policy)
