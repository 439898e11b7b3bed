"""The SAS episode list as a list people can work with: find a person by name or NHS number,
filter by state, SAS practice, removing practice and when the next deadline is due, sort by
a column, download what is shown as CSV (audited, safe to open in a spreadsheet), and never
put a name or NHS number in a URL (docs/adr/0006)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.core.tests.list_helpers import (
    csv_link,
    csv_rows,
    every_url,
    first_column,
    rows,
    search,
    select_choices,
    sort_link,
)
from gateway.patients.models import PatientRelationship
from gateway.sas.states import State
from tests.factories import (
    CommissionerFactory,
    MembershipFactory,
    PatientFactory,
    PracticeFactory,
    SasPracticeFactory,
)

from .factories import EpisodeFactory
from .test_episode_pages import add_deadline, days

pytestmark = pytest.mark.django_db

LIST = "/sas/episodes"


@pytest.fixture
def icb_list(staff_client):
    """A commissioner with five episodes across two SAS practices and two removing
    practices, each with its own next deadline."""
    client, user, icb = staff_client(Role.COMMISSIONER, CommissionerFactory())
    hove = SasPracticeFactory(commissioner=icb, name="Hove SAS Practice")
    brighton = SasPracticeFactory(commissioner=icb, name="Brighton SAS Practice")
    albion = PracticeFactory(commissioner=icb, name="Albion Surgery")
    beacon = PracticeFactory(commissioner=icb, name="Beacon Surgery")
    made = {}
    for given, family, state, sas, removing, due in [
        ("Casey", "Doe", State.ALLOCATED, hove, albion, 5),
        ("Ari", "Zeller", State.REMAINING, brighton, albion, 40),
        ("Morgan", "Doe", State.SCREENING, None, beacon, 1),
        ("Billie", "Adams", State.DISCHARGED, brighton, beacon, None),
        ("Sam", "Quinn", State.ALLOCATED, hove, beacon, 20),
    ]:
        patient = PatientFactory(
            given_name=given,
            family_name=family,
            search_given_name=given.lower(),
            search_family_name=family.lower(),
            created_by_organisation=removing,
            related_to=[icb],
        )
        episode = EpisodeFactory(
            patient=patient,
            commissioner=icb,
            removing_practice=removing,
            sas_practice=sas,
            state=state,
        )
        if due is not None:
            add_deadline(episode, days(due), label="Review", kind="review")
        made[given] = episode
    return client, user, icb, made


def names(response):
    return first_column(response)


def test_search_by_name_shows_only_the_people_with_that_name(icb_list):
    client, _, _, _ = icb_list
    assert sorted(names(search(client, LIST, name="doe"))) == ["Casey Doe", "Morgan Doe"]
    assert names(search(client, LIST, name="Casey Do")) == ["Casey Doe"]


def test_search_by_nhs_number_finds_the_one_person(icb_list):
    client, _, _, made = icb_list
    nhs = made["Sam"].patient.nhs_number
    typed = f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"
    response = search(client, LIST, nhs_number=typed)
    assert names(response) == ["Sam Quinn"]
    assert "1 episode matches, showing 1 to 1." in response.content.decode()


def test_a_mistyped_nhs_number_is_explained_and_kept(icb_list):
    client, _, _, _ = icb_list
    response = search(client, LIST, nhs_number="12345")
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "10 numbers" in page
    assert 'value="12345"' in page


def test_filters_by_sas_practice_removing_practice_and_due_dates(icb_list):
    client, _, icb, made = icb_list
    hove = made["Casey"].sas_practice
    beacon = made["Morgan"].removing_practice
    assert sorted(names(search(client, LIST, sas_practice=str(hove.public_id)))) == [
        "Casey Doe",
        "Sam Quinn",
    ]
    assert sorted(names(search(client, LIST, removing_practice=str(beacon.public_id)))) == [
        "Billie Adams",
        "Morgan Doe",
        "Sam Quinn",
    ]
    due_soon = search(client, LIST, due_from=days(0), due_to=days(10))
    assert names(due_soon) == ["Morgan Doe", "Casey Doe"]
    together = search(client, LIST, removing_practice=str(beacon.public_id), state=State.ALLOCATED)
    assert names(together) == ["Sam Quinn"]


def test_the_practice_filters_offer_exactly_the_practices_on_its_scheme(
    icb_list, django_assert_max_num_queries
):
    client, _, icb, made = icb_list
    hove, albion = made["Casey"].sas_practice, made["Casey"].removing_practice
    # Another commissioner's episode: its practices are never offered here.
    EpisodeFactory(
        commissioner=CommissionerFactory(),
        sas_practice=SasPracticeFactory(name="Elsewhere SAS Practice"),
        removing_practice=PracticeFactory(name="Abbey Surgery"),
    )
    # One of its SAS practices with no episode yet: not offered either.
    SasPracticeFactory(commissioner=icb, name="Unused SAS Practice")
    # Its one person at Kemp Town, removed by Carden Surgery, then out of its scope.
    kemp = SasPracticeFactory(commissioner=icb, name="Kemp Town SAS Practice")
    carden = PracticeFactory(commissioner=icb, name="Carden Surgery")
    gone = EpisodeFactory(
        patient=PatientFactory(related_to=[icb]),
        commissioner=icb,
        sas_practice=kemp,
        removing_practice=carden,
    )
    for _ in range(30):
        EpisodeFactory(
            patient=PatientFactory(related_to=[icb]),
            commissioner=icb,
            sas_practice=hove,
            removing_practice=albion,
        )
    with django_assert_max_num_queries(15), CaptureQueriesContext(connection) as read:
        page = client.get(LIST)
    # Both filters' choices in one query (one scan of the practices, two index probes each).
    probe = '_practice_id" = ("accounts_organisation"."id")'
    choices = [q["sql"] for q in read.captured_queries if probe in q["sql"]]
    assert len(choices) == 1
    assert '"sas_practice_id" = ("accounts' in choices[0]
    assert '"removing_practice_id" = ("accounts' in choices[0]
    brighton, beacon = made["Ari"].sas_practice, made["Morgan"].removing_practice
    offered = (
        [
            ("", "Any"),
            (str(brighton.public_id), "Brighton SAS Practice"),
            (str(hove.public_id), "Hove SAS Practice"),
            (str(kemp.public_id), "Kemp Town SAS Practice"),
        ],
        [
            ("", "Any"),
            (str(albion.public_id), "Albion Surgery"),
            (str(beacon.public_id), "Beacon Surgery"),
            (str(carden.public_id), "Carden Surgery"),
        ],
    )
    assert (
        select_choices(page, "sas_practice"),
        select_choices(page, "removing_practice"),
    ) == offered
    # Read off an index of its scheme's episodes, not the people it may see (ADR 0051
    # section 7): Kemp Town and Carden stay choices after their one person leaves its scope,
    # but choosing either lists nobody: the rows fail closed.
    PatientRelationship.objects.filter(patient=gone.patient, organisation=icb).update(
        is_active=False
    )
    page = client.get(LIST)
    assert (
        select_choices(page, "sas_practice"),
        select_choices(page, "removing_practice"),
    ) == offered
    assert names(search(client, LIST, sas_practice=str(kemp.public_id))) == []
    assert names(search(client, LIST, removing_practice=str(carden.public_id))) == []


def test_an_sas_practice_is_offered_the_removing_practices_of_its_own_episodes(icb_list):
    _, _, icb, made = icb_list
    hove = made["Casey"].sas_practice
    for given in ("Casey", "Sam"):
        PatientRelationship.objects.create(
            patient=made[given].patient,
            organisation=hove,
            kind=PatientRelationship.Kind.RESPONSIBLE,
        )
    client = Client()
    sign_in(client, MembershipFactory(organisation=hove, role=Role.SAS_PRACTICE_STAFF).user, hove)
    page = client.get(LIST)
    # Its list is its own episodes (Casey, removed by Albion; Sam, by Beacon), and the filter
    # reads them; one SAS practice (itself) is nothing to choose between.
    albion, beacon = made["Casey"].removing_practice, made["Sam"].removing_practice
    assert select_choices(page, "removing_practice") == [
        ("", "Any"),
        (str(albion.public_id), "Albion Surgery"),
        (str(beacon.public_id), "Beacon Surgery"),
    ]
    assert 'name="sas_practice"' not in page.content.decode()


def test_a_to_date_before_the_from_date_is_refused_in_plain_words(icb_list):
    client, _, _, _ = icb_list
    page = search(client, LIST, due_from=days(10), due_to=days(1)).content.decode()
    assert "The &#39;to&#39; date must be the same as or after the &#39;from&#39; date" in page


def test_sorting_by_a_column_heading_orders_the_rows_and_a_second_click_reverses(icb_list):
    client, _, _, _ = icb_list
    first = client.get(LIST)
    # Next deadline first by default, soonest first; nothing due comes last.
    assert names(first) == ["Morgan Doe", "Casey Doe", "Sam Quinn", "Ari Zeller", "Billie Adams"]
    by_name = client.get(sort_link(first, "Patient"))
    assert names(by_name) == [
        "Billie Adams",
        "Casey Doe",
        "Morgan Doe",
        "Sam Quinn",
        "Ari Zeller",
    ]
    assert 'aria-sort="ascending"' in by_name.content.decode()
    reversed_names = client.get(sort_link(by_name, "Patient"))
    assert names(reversed_names) == [
        "Ari Zeller",
        "Sam Quinn",
        "Morgan Doe",
        "Casey Doe",
        "Billie Adams",
    ]
    assert 'aria-sort="descending"' in reversed_names.content.decode()
    by_practice = client.get(sort_link(first, "SAS practice"))
    assert [row[2] for row in rows(by_practice)][:2] == ["Brighton SAS Practice"] * 2
    assert rows(by_practice)[-1][2] == "Not allocated"


def test_sorting_keeps_the_search_and_the_search_keeps_the_sort(icb_list):
    client, _, _, _ = icb_list
    by_name = client.get(f"{LIST}?sort=-patient")
    searched = search(client, by_name.wsgi_request.get_full_path(), name="doe", sort="-patient")
    assert names(searched) == ["Morgan Doe", "Casey Doe"]
    again = client.get(sort_link(searched, "Patient"))
    assert names(again) == ["Casey Doe", "Morgan Doe"]


def test_no_name_or_nhs_number_appears_in_any_url(icb_list):
    client, _, _, made = icb_list
    nhs = made["Casey"].patient.nhs_number
    for response in (
        search(client, LIST, name="Casey"),
        search(client, LIST, nhs_number=nhs),
    ):
        response = client.get(sort_link(response, "State"))
        urls = every_url(response)
        assert any("search=" in url for url in urls)
        for url in urls:
            assert "casey" not in url.lower(), url
            assert nhs not in url, url


def test_a_search_is_audited_by_the_fields_used_not_what_was_typed(icb_list):
    client, user, icb, made = icb_list
    nhs = made["Casey"].patient.nhs_number
    search(client, LIST, name="Casey", nhs_number=nhs, state=State.ALLOCATED)
    event = AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH).latest("id")
    assert event.actor == user and event.organisation == icb
    assert event.detail == {"list": "sas-episodes", "by": ["name", "nhs_number", "state"]}
    assert "Casey" not in str(event.detail) and nhs not in str(event.detail)


def test_another_sessions_search_token_finds_nothing_of_theirs(icb_list):
    client, _, icb, _ = icb_list
    token_url = search(client, LIST, name="Casey").wsgi_request.get_full_path()
    colleague = MembershipFactory(role=Role.COMMISSIONER, organisation=icb).user
    other = sign_in(Client(), colleague, icb)
    response = other.get(token_url, follow=True)
    assert "Your search has expired" in response.content.decode()
    assert len(names(response)) == 5


def test_the_csv_is_the_filtered_sorted_list_and_its_download_is_audited(icb_list):
    client, user, icb, made = icb_list
    searched = search(client, LIST, name="doe")
    response = client.get(csv_link(searched))
    assert response["Content-Disposition"].startswith('attachment; filename="sas-episodes-')
    assert "doe" not in response["Content-Disposition"].lower()
    table = csv_rows(response)
    assert table[0] == [
        "Patient",
        "State",
        "SAS practice",
        "Next deadline",
        "Due on",
        "Removing practice",
    ]
    assert table[1:] == [
        [
            "Morgan Doe",
            "Screening",
            "Not allocated",
            "Review",
            days(1).isoformat(),
            "Beacon Surgery",
        ],
        [
            "Casey Doe",
            "Allocated",
            "Hove SAS Practice",
            "Review",
            days(5).isoformat(),
            "Albion Surgery",
        ],
    ]
    event = AuditEvent.objects.filter(detail__export="csv").latest("id")
    assert event.action == AuditEvent.Action.EXPORT
    assert event.actor == user and event.organisation == icb
    assert event.object_type == "sas.Episode"
    assert event.detail == {
        "export": "csv",
        "list": "sas-episodes",
        "by": ["name"],
        "sort": "due",
        "rows": 2,
    }


def test_the_csv_neutralises_a_name_a_spreadsheet_would_run(icb_list):
    client, _, icb, _ = icb_list
    patient = PatientFactory(
        given_name="=HYPERLINK(1)",
        family_name="@Evil",
        search_given_name="=hyperlink(1)",
        search_family_name="@evil",
        related_to=[icb],
    )
    EpisodeFactory(patient=patient, commissioner=icb, state=State.REPORTED)
    table = csv_rows(client.get(f"{LIST}.csv?sort=patient"))
    assert table[1][0] == "'=HYPERLINK(1) @Evil"


@pytest.mark.parametrize("size", [30, 60])
def test_the_csv_takes_a_fixed_number_of_queries(staff_client, django_assert_max_num_queries, size):
    client, _, icb = staff_client(Role.COMMISSIONER, CommissionerFactory())
    sas = SasPracticeFactory(commissioner=icb)
    for n in range(size):
        patient = PatientFactory(related_to=[icb])
        episode = EpisodeFactory(patient=patient, commissioner=icb, sas_practice=sas)
        add_deadline(episode, days(n))
    with django_assert_max_num_queries(16):
        response = client.get(f"{LIST}.csv")
    assert len(csv_rows(response)) == size + 1


def test_someone_who_may_not_see_patients_cannot_download_the_list(staff_client):
    client, _, _ = staff_client(Role.AUDITOR)
    assert client.get(f"{LIST}.csv").status_code == 403
