"""Every page that shows a rule or something due says the rule in words and where it comes
from (the regulation, or the commissioner's scheme policy by name and version), and never an
internal reference such as a section of the project's own notes."""

import html as html_module
import re

import pytest
from django.urls import reverse

from conftest import sign_in
from gateway.sas import services
from tests.factories import SasPracticeFactory

from . import report_helpers
from .appeal_helpers import appeal_data

pytestmark = pytest.mark.django_db


def words(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def read(client, name, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    return words(response.content.decode())


def assert_no_internal_references(text):
    assert "DOMAIN" not in text
    assert "§" not in text
    assert "issue 3" not in text


def test_rules_on_the_pages_are_in_words_with_their_source_and_no_section_references(client):
    scheme = report_helpers.Scheme()
    policy = f"{scheme.commissioner} scheme policy version {scheme.policy.version}"
    practice = SasPracticeFactory(commissioner=scheme.commissioner, catchment_districts=["BN1"])
    episode = scheme.report(
        setting="community", behaviours=["swearing"], explanation="It was frightening."
    )
    sign_in(client, scheme.commissioner_user, scheme.commissioner)

    screening = read(client, "sas:screen", public_id=episode.public_id)
    assert_no_internal_references(screening)
    assert "NHS England primary medical care policy manual: what does not qualify" in screening

    before = read(client, "sas:episode-detail", public_id=episode.public_id)
    assert_no_internal_references(before)
    assert (
        "Rule: Allocate the patient to an SAS practice soon after the removal notice. "
        f"Source: PCSE's target for processing immediate removals; the time allowed is set by "
        f"{policy}." in before
    )

    services.start_screening(scheme.commissioner_user, scheme.commissioner, episode, 1)
    episode.refresh_from_db()
    services.allocate(
        scheme.commissioner_user,
        scheme.commissioner,
        episode,
        practice,
        episode.version,
    )
    episode.refresh_from_db()
    allocated = read(client, "sas:episode-detail", public_id=episode.public_id)
    assert_no_internal_references(allocated)
    assert "Rule: The patient may appeal against being placed on the scheme." in allocated
    assert "Rule: First review of the patient's place on the scheme." in allocated
    assert f"the time allowed is set by {policy}" in allocated

    appeal = services.lodge_appeal(
        scheme.commissioner_user,
        scheme.commissioner,
        episode,
        appeal_data(received_on=episode.state_changed_at.date()),
    )
    appeal_page = read(client, "sas:appeal-detail", public_id=appeal.public_id)
    assert_no_internal_references(appeal_page)
    assert "Rule: Acknowledge an appeal and send the appeal form. " in appeal_page
    assert f"Source: {policy}." in appeal_page

    worklist = read(client, "sas:worklist")
    assert_no_internal_references(worklist)
    assert "Acknowledge the appeal and send the appeal form" in worklist
