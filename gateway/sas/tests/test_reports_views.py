"""The removal report, screening and allocation pages as practice staff and commissioners
use them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.core.page_checks import box_text, boxes
from gateway.patients.models import PatientFlag
from gateway.sas import services
from gateway.sas.models import Episode, RemovalReport
from gateway.sas.states import State
from tests.factories import CommissionerFactory, MembershipFactory, SasPracticeFactory

from .factories import EpisodeFactory
from .report_helpers import Scheme

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    parts = {"day": yesterday.day, "month": yesterday.month, "year": yesterday.year}
    data = {
        "signed_by_name": "Dr Sam Okafor",
        "signed_by_role": "gp_partner",
        **{f"incident_date_{k}": v for k, v in parts.items()},
        "incident_time": "10:15",
        "setting": "practice_premises",
        "behaviours": ["violence"],
        "description": "Punched the receptionist.",
        "previously_non_aggressive_in_anguish": "no",
        "health_condition_could_explain": "no",
        "learning_disability_or_neurodiversity_considered": "yes",
        "alternatives_tried": "Nothing: it was sudden.",
        "police_reported": "yes",
        **{f"police_date_{k}": v for k, v in parts.items()},
        "police_time": "10:45",
        "police_reference": "CAD 1234",
        **{f"notice_date_{k}": v for k, v in parts.items()},
        "notice_time": "11:30am",
        "notice_method": "phone",
        "patient_told": "yes",
    }
    data.update(overrides)
    return data


@pytest.fixture
def scheme():
    return Scheme()


def as_practice(client, scheme):
    return sign_in(client, scheme.practice_user, scheme.practice)


def as_commissioner(client, scheme, user=None):
    return sign_in(client, user or scheme.commissioner_user, scheme.commissioner)


def report_url(scheme):
    return f"{reverse('sas:report-new')}?patient={scheme.patient.public_id}"


def test_patient_record_offers_practice_staff_the_removal_report(client, scheme):
    response = as_practice(client, scheme).get(
        reverse("patients:detail", kwargs={"public_id": scheme.patient.public_id})
    )
    assert report_url(scheme) in response.content.decode()


def test_practice_reports_a_removal_through_the_check_page(client, scheme):
    client = as_practice(client, scheme)
    response = client.post(report_url(scheme), form_data())
    assert response.status_code == 302
    check = client.get(response["Location"])
    assert "Check the report before you send it" in check.content.decode()
    sent = client.post(response["Location"], {})
    episode = Episode.objects.get(patient=scheme.patient)
    detail = reverse("sas:episode-detail", kwargs={"public_id": episode.public_id})
    assert sent["Location"] == detail
    report = episode.removal_report
    assert report.notice_given_at == timezone.make_aware(
        datetime.datetime.combine(
            timezone.localdate() - datetime.timedelta(days=1), datetime.time(11, 30)
        )
    )
    assert report.police_reference == "CAD 1234"


def test_missing_answers_are_explained_and_what_was_typed_is_kept(client, scheme):
    client = as_practice(client, scheme)
    response = client.post(
        report_url(scheme),
        form_data(police_date_day="", police_date_month="", police_date_year="", setting=""),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the date the police were told" in page
    assert "Choose where the incident happened" in page
    assert "Punched the receptionist." in page


def test_hospital_incident_warns_and_needs_an_explanation_before_sending(client, scheme):
    client = as_practice(client, scheme)
    check_url = client.post(report_url(scheme), form_data(setting="hospital"))["Location"]
    page = client.get(check_url).content.decode()
    assert "This report may not qualify" in page
    assert "hospital" in page

    refused = client.post(check_url, {"explanation": ""})
    assert "Explain why you are sending it anyway" in refused.content.decode()
    assert not Episode.objects.exists()

    client.post(check_url, {"explanation": "Our branch surgery is inside the hospital."})
    report = RemovalReport.objects.get()
    assert report.explanation == "Our branch surgery is inside the hospital."


def test_the_may_not_qualify_reasons_are_read_by_the_practice_and_the_commissioner(client, scheme):
    """An incident in a hospital does not qualify (only the practice's premises or a home
    visit do): the warning box says so on the check page and on the screening page."""
    client = as_practice(client, scheme)
    check_url = client.post(report_url(scheme), form_data(setting="hospital"))["Location"]
    heading = "This report may not qualify for the scheme"
    reasons = box_text(client.get(check_url).content.decode(), heading)
    assert "hospital" in reasons.lower()
    client.post(check_url, {"explanation": "Our branch surgery is inside the hospital."})

    episode = Episode.objects.get(patient=scheme.patient)
    as_commissioner(client, scheme)
    screen = client.get(reverse("sas:screen", kwargs={"public_id": episode.public_id}))
    html = screen.content.decode()
    warning = next(title for _, title, _ in boxes(html) if "may not qualify" in title)
    assert "hospital" in box_text(html, warning).lower()


def test_report_on_a_patient_protected_after_discharge_asks_if_the_incident_is_new(client, scheme):
    # SI 2020/911: a patient discharged from the scheme must not be removed for the old
    # incident. The practice is asked, and the commissioner decides.
    flag = PatientFlag.objects.create(
        patient=scheme.patient, kind=PatientFlag.Kind.PROTECTED_FROM_REMOVAL
    )
    PatientFlag.objects.filter(pk=flag.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2026, 1, 15, 12, 0))
    )
    client = as_practice(client, scheme)
    check_url = client.post(report_url(scheme), form_data())["Location"]
    page = client.get(check_url).content.decode()
    assert "Is this a new incident since 15 January 2026?" in page
    refused = client.post(check_url, {"explanation": ""})
    assert "Explain why you are sending it anyway" in refused.content.decode()
    assert not Episode.objects.exists()

    client.post(check_url, {"explanation": "A new assault on 1 March, after discharge."})
    report = RemovalReport.objects.get()
    assert report.screening_route == "doubtful"
    assert "protected_after_discharge" in {w["code"] for w in report.screening_warnings}


def test_report_of_something_else_only_needs_an_explanation_before_sending(client, scheme):
    # docs/domain/sas-removal-and-allocation.md#condition-a-violence-or-fear-for-safety is not shown
    # by "Something else" alone.
    client = as_practice(client, scheme)
    check_url = client.post(report_url(scheme), form_data(behaviours=["other"]))["Location"]
    page = client.get(check_url).content.decode()
    assert "This report may not qualify" in page
    assert "violent or made someone fear for their safety" in page
    client.post(check_url, {"explanation": ""})
    assert not Episode.objects.exists()


def test_missing_police_reference_is_asked_for_once_more_but_not_required(client, scheme):
    client = as_practice(client, scheme)
    check_url = client.post(report_url(scheme), form_data(police_reference=""))["Location"]
    assert "Do you have a police reference?" in client.get(check_url).content.decode()
    client.post(check_url, {"police_reference": ""})
    assert RemovalReport.objects.get().police_reference == ""


def test_practice_staff_cannot_screen(client, scheme):
    episode = scheme.report()
    response = as_practice(client, scheme).get(
        reverse("sas:screen", kwargs={"public_id": episode.public_id})
    )
    assert response.status_code == 403
    assert "Only the commissioner responsible" in response.content.decode()


def episode_page(client, episode):
    return client.get(reverse("sas:episode-detail", kwargs={"public_id": episode.public_id}))


def test_only_the_commissioner_is_offered_the_screening_page_a_panel_member_may_not_open(
    client, scheme
):
    # A panel member works for the commissioner but does not screen reports, and sees only
    # the people whose appeal or review is before the panel (docs/access/
    # caldicott-access-table.md): a report being screened is not theirs to open at all.
    episode = scheme.report()
    screen = reverse("sas:screen", kwargs={"public_id": episode.public_id})
    panel = MembershipFactory(organisation=scheme.commissioner, role=Role.PANEL_MEMBER).user
    sign_in(client, panel, scheme.commissioner)
    assert episode_page(client, episode).status_code == 404
    assert client.get(screen).status_code in (403, 404)

    page = episode_page(as_commissioner(client, scheme), episode).content.decode()
    assert f'<a href="{screen}">Read the report and screen it</a>' in page
    assert client.get(screen).status_code == 200


def test_unrelated_commissioner_gets_not_found(client, scheme):
    episode = scheme.report()
    stranger = MembershipFactory(organisation=CommissionerFactory(), role="commissioner")
    sign_in(client, stranger.user, stranger.organisation)
    response = client.get(reverse("sas:screen", kwargs={"public_id": episode.public_id}))
    assert response.status_code == 404


def test_screening_queue_oldest_first_with_overdue_marked_in_bounded_queries(
    client, scheme, django_assert_max_num_queries
):
    late = scheme.report(
        notice_given_at=timezone.now() - datetime.timedelta(hours=30),
        incident_at=timezone.now() - datetime.timedelta(hours=31),
        police_reported_at=timezone.now() - datetime.timedelta(hours=30, minutes=30),
    )
    client = as_commissioner(client, scheme)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("sas:screening-queue"))
    for _ in range(5):
        scheme.report_new_patient()
    # The page reads only what it shows of each episode (ADR 0065): six rows cost what one
    # does (a field it did not read would cost a query a row).
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("sas:screening-queue"))
    page = response.content.decode()
    assert page.count('/screen"') == 6  # one link per report (the menu links to /sas/screening)
    assert page.count(scheme.practice.name) == 6  # the removing practice
    assert page.count("<strong>Qualifies</strong>") == 6  # the screening route
    assert late.patient.display_name in page
    # Oldest notice first, and only that one is past the 24-hour target.
    assert page.index(str(late.public_id)) < page.index("Overdue")
    assert page.count("Overdue: past the 24-hour target") == 1


def test_allocate_page_shows_capacity_and_refuses_an_unexplained_override(client, scheme):
    suggested = SasPracticeFactory(
        commissioner=scheme.commissioner, catchment_districts=["BN1"], list_capacity=40
    )
    other = SasPracticeFactory(commissioner=scheme.commissioner, catchment_districts=["TN1"])
    EpisodeFactory(commissioner=scheme.commissioner, sas_practice=suggested, state="allocated")
    episode = scheme.screening()
    client = as_commissioner(client, scheme)
    url = reverse("sas:allocate", kwargs={"public_id": episode.public_id})
    page = client.get(url).content.decode()
    assert "1 patient on the scheme, capacity 40" in page
    assert f"{suggested.name} (suggested)" in page

    response = client.post(url, {"version": episode.version, "sas_practice": other.public_id})
    assert f"Say why you chose {other.name}" in response.content.decode()
    assert Episode.objects.get(pk=episode.pk).state == State.SCREENING


def test_stale_page_gets_a_conflict_message_and_nothing_is_overwritten(client, scheme):
    practice = SasPracticeFactory(commissioner=scheme.commissioner, catchment_districts=["BN1"])
    episode = scheme.screening()
    stale = episode.version
    services.decline(scheme.commissioner_user, scheme.commissioner, episode, episode.version, "No")
    client = as_commissioner(client, scheme)
    response = client.post(
        reverse("sas:allocate", kwargs={"public_id": episode.public_id}),
        {"version": stale, "sas_practice": practice.public_id},
    )
    assert "Someone else changed this episode" in response.content.decode()
    assert Episode.objects.get(pk=episode.pk).state == State.DECLINED


def test_two_person_check_on_the_page_refuses_the_same_person(client):
    scheme = Scheme(two_person_allocation_check=True)
    practice = SasPracticeFactory(commissioner=scheme.commissioner, catchment_districts=["BN1"])
    episode = scheme.screening()
    client = as_commissioner(client, scheme)
    url = reverse("sas:allocate", kwargs={"public_id": episode.public_id})
    client.post(url, {"version": episode.version, "sas_practice": practice.public_id})
    episode.refresh_from_db()
    assert episode.state == State.AWAITING_APPROVAL

    response = client.post(url, {"version": episode.version})
    assert "a different commissioner must confirm it" in response.content.decode()

    as_commissioner(client, scheme, scheme.second_commissioner()).post(
        url, {"version": episode.version}
    )
    assert Episode.objects.get(pk=episode.pk).state == State.ALLOCATED


def test_flag_banner_shows_on_the_patient_record_with_who_set_it(client, scheme):
    practice = SasPracticeFactory(commissioner=scheme.commissioner, catchment_districts=["BN1"])
    episode = scheme.screening()
    services.allocate(
        scheme.commissioner_user, scheme.commissioner, episode, practice, episode.version
    )
    assert PatientFlag.objects.filter(patient=scheme.patient).exists()
    response = as_practice(client, scheme).get(
        reverse("patients:detail", kwargs={"public_id": scheme.patient.public_id})
    )
    page = response.content.decode()
    assert "Flag on this person" in page
    assert "Attend SAS practice only" in page
    assert scheme.commissioner_user.display_name in page


def test_practice_answers_the_commissioners_questions(client, scheme):
    episode = scheme.screening()
    services.request_more_information(
        scheme.commissioner_user,
        scheme.commissioner,
        episode,
        episode.version,
        "Was anyone hurt?",
        timezone.localdate() + datetime.timedelta(days=7),
    )
    client = as_practice(client, scheme)
    url = reverse("sas:answer-information", kwargs={"public_id": episode.public_id})
    assert "Was anyone hurt?" in client.get(url).content.decode()
    client.post(url, {"version": episode.version, "answer": "A bruised arm."})
    assert Episode.objects.get(pk=episode.pk).state == State.SCREENING


def test_only_the_reporting_practice_is_offered_the_page_that_answers_the_questions(client, scheme):
    # The practice that made the report answers the commissioner's questions; the
    # commissioner is not sent to that page, which refuses them.
    episode = scheme.screening()
    services.request_more_information(
        scheme.commissioner_user,
        scheme.commissioner,
        episode,
        episode.version,
        "Was anyone hurt?",
        timezone.localdate() + datetime.timedelta(days=7),
    )
    answer = reverse("sas:answer-information", kwargs={"public_id": episode.public_id})

    page = episode_page(as_commissioner(client, scheme), episode).content.decode()
    assert "Send the information asked for" not in page
    assert answer not in page
    assert "Decline the report" in page  # what the commissioner can do meanwhile
    assert client.get(answer).status_code == 403

    page = episode_page(as_practice(client, scheme), episode).content.decode()
    assert f'<a href="{answer}">Send the information asked for</a>' in page
    assert f'<a href="{answer}">Answer the commissioner\'s questions</a>' in page
    assert client.get(answer).status_code == 200
