"""The episode list and an episode's page: what each organisation sees,
deadlines with the rule that set them, audited views, bounded queries."""

import datetime

import pytest
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.core.formats import long_date
from gateway.core.tests.list_helpers import first_column, rows, search
from gateway.sas import presenters
from gateway.sas.models import Deadline
from gateway.sas.states import TRANSITIONS, State
from gateway.sas.tests.factories import EpisodeFactory, SchemePolicyFactory
from tests.factories import CommissionerFactory, PatientFactory, PracticeFactory, SasPracticeFactory

pytestmark = pytest.mark.django_db

LIST = "/sas/episodes"


def make_episode(commissioner, *, state=State.ALLOCATED, sas_practice=None, removing=None):
    """An episode the commissioner, its SAS practice and the removing practice can all see
    (the relationships the parts' services add)."""
    removing = removing or PracticeFactory(commissioner=commissioner)
    related = [commissioner] + ([sas_practice] if sas_practice else [])
    patient = PatientFactory(created_by_organisation=removing, related_to=related)
    return EpisodeFactory(
        patient=patient,
        commissioner=commissioner,
        removing_practice=removing,
        sas_practice=sas_practice,
        state=state,
    )


def add_deadline(episode, due_on, *, kind="appeal_against_placement", label="Appeal", **kw):
    policy = kw.pop("policy", None) or _policy(episode.commissioner)
    return Deadline.objects.create(
        episode=episode,
        kind=kind,
        label=label,
        starts_on=due_on - datetime.timedelta(days=28),
        due_on=due_on,
        rule=kw.pop("rule", "The patient may appeal against being placed on the scheme"),
        explanation=kw.pop("explanation", "28 days from the allocation letter"),
        policy=policy,
        **kw,
    )


def _policy(commissioner):
    from gateway.sas.models import SchemePolicy

    return SchemePolicy.objects.filter(commissioner=commissioner).first() or (
        SchemePolicyFactory(commissioner=commissioner)
    )


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


class TestEpisodeList:
    def test_shows_the_organisations_episodes_with_state_practice_and_next_deadline(
        self, staff_client
    ):
        client, _, icb = staff_client(Role.COMMISSIONER, CommissionerFactory())
        sas = SasPracticeFactory(commissioner=icb, name="Brighton SAS Practice")
        episode = make_episode(icb, sas_practice=sas)
        add_deadline(episode, days(40), label="Review", kind="review")
        add_deadline(episode, days(-3))
        hidden = make_episode(CommissionerFactory())

        page = client.get(LIST).content.decode()

        assert episode.patient.display_name in page
        assert "Allocated" in page
        assert "Brighton SAS Practice" in page
        assert f"Appeal by {long_date(days(-3))}" in page
        assert "Overdue by 3 days" in page
        assert hidden.patient.display_name not in page

    def test_filters_by_state_group(self, staff_client):
        client, _, icb = staff_client(Role.COMMISSIONER, CommissionerFactory())
        before = make_episode(icb, state=State.SCREENING)
        on = make_episode(icb, state=State.REMAINING, sas_practice=SasPracticeFactory())
        closed = make_episode(icb, state=State.DISCHARGED)

        shown = {
            group: first_column(search(client, LIST, state=group))
            for group in ("before-allocation", "on-the-scheme", "closed")
        }

        assert shown["before-allocation"] == [before.patient.display_name]
        assert shown["on-the-scheme"] == [on.patient.display_name]
        assert shown["closed"] == [closed.patient.display_name]

    def test_filters_by_one_state(self, staff_client):
        client, _, icb = staff_client(Role.COMMISSIONER, CommissionerFactory())
        make_episode(icb, state=State.SCREENING)
        reported = make_episode(icb, state=State.REPORTED)
        assert first_column(search(client, LIST, state=State.REPORTED)) == [
            reported.patient.display_name
        ]

    def test_an_unknown_state_is_refused_in_plain_words_and_nothing_is_hidden(self, staff_client):
        client, _, icb = staff_client(Role.COMMISSIONER, CommissionerFactory())
        episode = make_episode(icb, state=State.DISCHARGED)
        response = search(client, LIST, state="nonsense", name="Zed")
        page = response.content.decode()
        assert "Choose a state" in page
        assert 'value="Zed"' in page
        assert first_column(response) == [episode.patient.display_name]

    @pytest.mark.parametrize("size", [40, 70])
    def test_pages_hold_25_and_the_queries_do_not_grow_with_the_list(
        self, staff_client, django_assert_max_num_queries, size
    ):
        client, _, icb = staff_client(Role.COMMISSIONER, CommissionerFactory())
        sas = SasPracticeFactory(commissioner=icb)
        for n in range(size):
            episode = make_episode(icb, sas_practice=sas)
            add_deadline(episode, days(n - 10))
        with django_assert_max_num_queries(16):
            first = client.get(LIST)
        with django_assert_max_num_queries(16):
            second = client.get(f"{LIST}?page=2&sort=-patient")
        searched = search(client, LIST, due_from=days(0))
        with django_assert_max_num_queries(16):
            filtered = client.get(searched.wsgi_request.get_full_path() + "&page=2")
        assert len(rows(first)) == 25
        assert f"{size} episodes, showing 26 to {min(size, 50)}" in second.content.decode()
        assert f"{size - 10} episodes match, showing 26 to" in filtered.content.decode()

    def test_someone_who_does_not_work_with_patients_is_refused(self, staff_client):
        client, _, _ = staff_client(Role.AUDITOR)
        assert client.get(LIST).status_code == 403


class TestEpisodePage:
    def url(self, episode):
        return f"/sas/episodes/{episode.public_id}"

    def test_shows_each_open_deadline_with_its_explanation_rule_and_policy_version(
        self, staff_client
    ):
        client, _, icb = staff_client(Role.COMMISSIONER, CommissionerFactory())
        episode = make_episode(icb, sas_practice=SasPracticeFactory(commissioner=icb))
        policy = SchemePolicyFactory(commissioner=icb, version=3)
        add_deadline(episode, datetime.date(2026, 3, 21), policy=policy)
        add_deadline(episode, days(30), label="Review", kind="review", met_at=timezone.now())

        page = client.get(self.url(episode)).content.decode()

        assert "Appeal by 21 March 2026 — 28 days from the allocation letter" in page
        assert "Rule: The patient may appeal against being placed on the scheme." in page
        assert f"{icb} scheme policy version 3" in page
        assert "Review by" not in page  # met, so no longer due

    def test_marks_an_overdue_deadline(self, staff_client):
        client, _, icb = staff_client(Role.COMMISSIONER, CommissionerFactory())
        episode = make_episode(icb, sas_practice=SasPracticeFactory(commissioner=icb))
        add_deadline(episode, days(-1))
        assert "Overdue by 1 day" in client.get(self.url(episode)).content.decode()

    def test_says_what_the_state_means_in_plain_words(self, staff_client):
        client, _, icb = staff_client(Role.COMMISSIONER, CommissionerFactory())
        episode = make_episode(icb, state=State.ON_HOLD_CUSTODY)
        page = client.get(self.url(episode)).content.decode()
        assert "The episode is on hold while the patient is in custody." in page
        assert "When the patient is released, the episode goes back to where it was" in page

    def test_the_view_is_audited_against_the_patient(self, staff_client):
        client, user, icb = staff_client(Role.COMMISSIONER, CommissionerFactory())
        episode = make_episode(icb)
        client.get(self.url(episode))
        event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
        assert (event.actor, event.organisation, event.patient_id) == (
            user,
            icb,
            episode.patient_id,
        )

    def test_an_unrelated_organisation_gets_not_found(self, staff_client):
        client, _, _ = staff_client(Role.COMMISSIONER, CommissionerFactory())
        episode = make_episode(CommissionerFactory())
        assert client.get(self.url(episode)).status_code == 404
        assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()

    def test_the_removing_practice_sees_the_episode_but_not_the_commissioners_actions(
        self, staff_client, monkeypatch
    ):
        monkeypatch.setitem(presenters.ACTION_URLS, "decline", ("sas:episode-detail", "episode"))
        monkeypatch.setitem(
            presenters.ACTION_URLS, "provide_more_information", ("sas:timeline", "episode")
        )
        practice = PracticeFactory()
        client, _, _ = staff_client(Role.PRACTICE_STAFF, practice)
        episode = make_episode(
            practice.commissioner, state=State.MORE_INFORMATION_REQUESTED, removing=practice
        )
        page = client.get(self.url(episode)).content.decode()
        assert "Send the information asked for" in page
        assert "Decline the report" not in page

    def test_shows_the_patients_flags(self, staff_client):
        from gateway.patients.models import PatientFlag

        client, _, icb = staff_client(Role.COMMISSIONER, CommissionerFactory())
        episode = make_episode(icb)
        PatientFlag.objects.create(
            patient=episode.patient, kind=PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY
        )
        assert "Attend SAS practice only" in client.get(self.url(episode)).content.decode()

    def test_detail_queries_do_not_grow_with_deadlines_and_history(
        self, staff_client, django_assert_max_num_queries
    ):
        client, _, icb = staff_client(Role.COMMISSIONER, CommissionerFactory())
        episode = make_episode(icb, sas_practice=SasPracticeFactory(commissioner=icb))
        for n in range(30):
            add_deadline(episode, days(n))
        # A fixed overhead: each part's panel reads its rows in one query.
        with django_assert_max_num_queries(30):
            assert client.get(self.url(episode)).status_code == 200


class TestActionLinks:
    def test_a_page_not_built_yet_is_left_out_and_a_built_one_is_linked(self, monkeypatch):
        monkeypatch.setitem(presenters.ACTION_URLS, "allocate", ("sas:episode-detail", "episode"))
        monkeypatch.setitem(presenters.ACTION_URLS, "decline", ("sas:no-such-page", "episode"))
        episode = EpisodeFactory.build()
        links = presenters.action_links([TRANSITIONS["allocate"], TRANSITIONS["decline"]], episode)
        assert links == [
            {
                "href": f"/sas/episodes/{episode.public_id}",
                "text": "Allocate the patient to an SAS practice",
            }
        ]

    def test_a_step_on_an_appeal_needs_the_open_appeal(self, monkeypatch):
        monkeypatch.setitem(
            presenters.ACTION_URLS, "uphold_appeal", ("sas:episode-detail", "appeal")
        )
        episode = EpisodeFactory.build()
        assert presenters.action_links([TRANSITIONS["uphold_appeal"]], episode) == []
