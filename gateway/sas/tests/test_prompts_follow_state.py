"""What the episode page asks people to do comes from where the episode is now and what is
still open on it: once an appeal is decided, the report allocated or a review held, the page
stops asking for it."""

import datetime
import html as html_module
import re

import pytest
import time_machine
from django.urls import reverse

from conftest import sign_in
from gateway.sas import services
from gateway.sas.services import reviews as review_service
from tests.factories import SasPracticeFactory

from . import report_helpers
from .appeal_helpers import appeal_data
from .factories import OnScheme
from .review_helpers import remain_data

pytestmark = pytest.mark.django_db
MARCH_20 = datetime.datetime(2026, 3, 20, 12, 0)


def words(html):
    """The page as a person reads it: no tags, spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def page(client, name, obj):
    return words(client.get(reverse(name, kwargs={"public_id": obj.public_id})).content.decode())


@time_machine.travel(MARCH_20, tick=False)
def test_after_an_appeal_is_dismissed_the_episode_page_no_longer_asks_for_an_appeal(client):
    scheme = OnScheme()
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    before = page(client, "sas:episode-detail", scheme.episode)
    assert "Appeal by 30 March 2026" in before
    assert "Record an appeal" in before

    appeal = services.lodge_appeal(
        scheme.commissioner_user, scheme.commissioner, scheme.episode, appeal_data()
    )
    services.decide_appeal(
        scheme.commissioner_user,
        scheme.commissioner,
        appeal,
        appeal.version,
        "dismissed",
        "The incident happened as the practice said.",
        datetime.date(2026, 3, 19),
        out_of_order_reason="The panel met the same week the appeal arrived.",
    )

    after = page(client, "sas:episode-detail", scheme.episode)
    assert "Appeal by" not in after
    assert "Record an appeal" not in after
    assert "Review by 2 March 2027" in after  # what is still due stays
    assert "Record an appeal" not in page(client, "sas:appeal-list", scheme.episode)


@time_machine.travel(MARCH_20, tick=False)
def test_a_withdrawn_appeal_gives_back_the_rest_of_the_appeal_window(client):
    scheme = OnScheme()
    appeal = services.lodge_appeal(
        scheme.commissioner_user, scheme.commissioner, scheme.episode, appeal_data()
    )
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    assert "Record an appeal" not in page(client, "sas:episode-detail", scheme.episode)
    services.withdraw_appeal(
        scheme.commissioner_user, scheme.commissioner, appeal, appeal.version, "Changed mind"
    )
    after = page(client, "sas:episode-detail", scheme.episode)
    assert "Appeal by 30 March 2026" in after
    assert "Record an appeal" in after


def test_after_allocation_the_episode_page_no_longer_asks_to_screen_the_report(client):
    scheme = report_helpers.Scheme()
    practice = SasPracticeFactory(commissioner=scheme.commissioner, catchment_districts=["BN1"])
    episode = scheme.screening()
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    assert "Read the report and screen it" in page(client, "sas:episode-detail", episode)

    episode.refresh_from_db()
    services.allocate(
        scheme.commissioner_user, scheme.commissioner, episode, practice, episode.version
    )

    after = page(client, "sas:episode-detail", episode)
    assert "Read the report and screen it" not in after
    assert "Read the removal report" in after
    report = page(client, "sas:screen", episode)
    assert "Screen the removal report" not in report
    assert "The removal report" in report


def test_a_held_review_is_named_by_the_day_it_was_held_a_year_later(client):
    with time_machine.travel(datetime.datetime(2026, 6, 1, 12), tick=False):
        scheme = OnScheme.awaiting_first_review()
        review = scheme.review()
        review_service.decide_review(
            scheme.commissioner_user,
            scheme.commissioner,
            review,
            scheme.refresh().version,
            remain_data(),
        )
    with time_machine.travel(datetime.datetime(2027, 6, 10, 12), tick=False):
        sign_in(client, scheme.commissioner_user, scheme.commissioner)
        held = page(client, "sas:review-detail", review)
        assert "Review held 1 June 2026" in held
        assert "Review due 1 June 2026" not in held
        episode_page = page(client, "sas:episode-detail", scheme.episode)
        assert "Review held 1 June 2026 : remain on the scheme" in episode_page
        assert "Review due 1 June 2026" not in episode_page
        assert "Review due 1 June 2027" in episode_page  # the next one, still to hold
