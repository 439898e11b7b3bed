"""The SAS "done when" journey across roles, in a real browser: the removing practice
reports an incident, the commissioner screens and allocates, the allocation letter carries the
right appeal date, an appeal is lodged, acknowledged and dismissed at panel (the panel member
finding it in their queue), a review records the patient's view and decides discharge (each
decision checked before it is saved), and the new registration completes the discharge. Every page
visited has zero axe WCAG 2.2 AA violations at 1280px and at 320px.

Each step is a function named after the behaviour it shows, so a failure says which."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.utils import timezone

from gateway.accounts.models import Organisation
from gateway.core.formats import long_date
from gateway.patients.models import PatientFlag
from gateway.sas.models import Episode
from gateway.sas.states import State
from tests.browser.helpers import choose, fill_date, signed_in_page, submit
from tests.factories import AddressFactory, PatientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@dataclass
class Cast:
    """The four people the journey passes through, each signed in in a tab of their own."""

    practice: object
    commissioner: object
    panel: object
    sas_staff: object


def given_a_patient_of_the_removing_practice():
    removing = Organisation.objects.get(name="Preston Park Surgery (demo)")
    patient = PatientFactory(
        given_name="Jordan", family_name="Ashby", created_by_organisation=removing
    )
    AddressFactory(patient=patient, line_1="4 Queens Road", town="Brighton", postcode="BN1 3XE")
    return patient


def the_removing_practice_reports_the_incident_from_the_record(page, patient, yesterday, check):
    page.goto(f"/patients/{patient.public_id}")
    check(page)
    page.get_by_role("link", name="Report an immediate removal").click()
    check(page)
    page.locator("#id_signed_by_name").fill("Dr Asha Patel")
    choose(page, "Their role", "GP partner")
    fill_date(page, "id_incident_date", yesterday)
    page.locator("#id_incident_time").fill("10:30am")
    choose(page, "Where did it happen?", "At the practice")
    choose(page, "What did the patient do?", "Physical violence")
    choose(page, "What did the patient do?", "Had or used a weapon")
    page.locator("#id_description").fill(
        "Punched the receptionist at the front desk when told there were no appointments."
    )
    choose(
        page,
        "Was the patient, who was not aggressive before, in clear mental or physical distress?",
        "No",
    )
    choose(page, "Could a health condition that care could help explain the behaviour?", "No")
    choose(
        page,
        "Did you consider whether a learning disability or neurodiversity played a part?",
        "Yes",
    )
    choose(page, "Did the practice report the incident to the police?", "Yes")
    fill_date(page, "id_police_date", yesterday)
    page.locator("#id_police_time").fill("11:00am")
    page.locator("#id_police_reference").fill("CAD 1234 23/11")
    fill_date(page, "id_notice_date", yesterday)
    page.locator("#id_notice_time").fill("12:00pm")
    choose(page, "How was notice given to the commissioner?", "In writing (letter or email)")
    choose(page, "Was the patient told about the removal?", "Yes, the practice told the patient")
    submit(page, "Continue", check)
    check_page = page.locator("main").inner_text()
    assert "Physical violence" in check_page and "Had or used a weapon" in check_page
    submit(page, "Send the report", check)
    episode = Episode.objects.get(patient=patient)
    assert episode.state == State.REPORTED
    assert sorted(episode.removal_report.behaviours) == ["violence", "weapon"]
    return episode


def the_commissioner_screens_from_the_queue_and_allocates_to_the_suggested_practice(
    page, episode, check
):
    page.goto("/sas/worklist")
    check(page)
    assert "Jordan Ashby" in page.locator("main").inner_text()
    page.goto("/sas/screening")
    check(page)
    page.get_by_role("link", name=re.compile("Jordan Ashby")).first.click()
    check(page)
    screening = page.locator("main").inner_text()
    assert "Physical violence" in screening and "Had or used a weapon" in screening
    # Screening opens at the decision: no separate "start screening" step.
    page.get_by_role("link", name=re.compile("allocate to an SAS practice")).click()
    check(page)
    assert "Brighton SAS Practice (demo)" in page.locator("main").inner_text()
    assert re.search(r"\d+ patients on the scheme, capacity 60", page.content())
    submit(page, "Allocate", check)
    episode.refresh_from_db()
    brighton = Organisation.objects.get(name="Brighton SAS Practice (demo)")
    assert (episode.state, episode.sas_practice) == (State.ALLOCATED, brighton)


def the_allocation_letter_gives_the_appeal_date(page, today, check):
    page.goto("/outbox/")
    check(page)
    page.get_by_role(
        "link", name=re.compile("Special Allocation Scheme|allocation", re.I)
    ).first.click()
    check(page)
    letter = page.locator("main").inner_text()
    assert long_date(today + datetime.timedelta(days=28)) in letter
    assert "Brighton SAS Practice (demo)" in letter


def the_commissioner_records_an_appeal_by_phone(page, episode, today, check):
    page.goto(f"/sas/episodes/{episode.public_id}/appeals/new")
    check(page)
    choose(page, "What is the patient appealing against?", "Being placed on the scheme")
    choose(page, "Who made the appeal?", "The patient")
    choose(page, "How did the appeal arrive?", "Phone call")
    fill_date(page, "id_received_on", today)
    page.locator("#id_grounds").fill("I was defending myself. It was not what they say.")
    submit(page, "Record the appeal", check)
    assert episode.appeals.get().status == "lodged"


def the_commissioner_acknowledges_and_arranges_the_panel_from_the_task_list(page, today, check):
    steps = page.locator("#appeal-steps + ul").inner_text()
    assert "Acknowledge the appeal and send the appeal form" in steps
    assert "Cannot start yet" in steps
    fill_date(page, "id_acknowledge-on", today)
    submit(page, "Record acknowledgement sent", check)
    fill_date(page, "id_panel-panel_on", today)
    submit(page, "Save the panel date", check)


def the_panel_member_finds_the_appeal_in_their_queue_and_dismisses_it(page, episode, today, check):
    page.goto("/")
    page.get_by_role("link", name="Appeals for the panel").first.click()
    check(page)
    page.get_by_role("link", name=re.compile("Jordan Ashby")).first.click()
    check(page)
    page.get_by_role("link", name="Record the panel's decision").first.click()
    check(page)
    choose(page, "What did the panel decide?", "Dismissed: the patient stays on the scheme")
    page.locator("#id_reasons").fill("The CCTV and two witnesses show an assault on staff.")
    fill_date(page, "id_decided_on", today)
    submit(page, "Continue", check)
    assert "The CCTV and two witnesses" in page.locator("main").inner_text()
    submit(page, "Save the decision", check)
    assert "Appeal dismissed" in page.locator("main").inner_text()
    episode.refresh_from_db()
    assert episode.state == State.ALLOCATED


def the_sas_practice_adds_the_patients_own_view_to_the_review(page, review, check):
    page.goto(f"/sas/reviews/{review.public_id}")
    check(page)
    page.get_by_role("link", name=re.compile("patient's own view", re.I)).first.click()
    check(page)
    page.locator("#id_text").fill("I have been going to every appointment. I want a normal GP.")
    choose(page, "How did the patient give their view?", "They told us in person")
    submit(page, "Save to the review", check)


def the_commissioner_decides_discharge_checking_the_decision_before_saving(
    page, episode, review, today, check
):
    page.goto(f"/sas/reviews/{review.public_id}/decide")
    check(page)
    choose(page, "Did the patient take part, and how?", "In person at the review")
    fill_date(page, "id_held_on", today)
    choose(page, "Decision", "Discharge from the scheme")
    page.locator("#id_reasons").fill("No incidents in a year; engaging well.")
    page.get_by_label("Practice the patient will register with").select_option(index=1)
    page.locator("#id_medication_cover").fill("Repeat prescriptions until registered.")
    page.locator("#id_stay_in_touch_months").fill("6")
    submit(page, "Continue", check)
    assert "No incidents in a year; engaging well." in page.locator("main").inner_text()
    submit(page, "Save the decision", check)
    assert "must be discharged by" in page.locator("main").inner_text()
    episode.refresh_from_db()
    assert episode.state == State.DISCHARGE_PLANNED


def the_episode_page_shows_the_discharge_by_date(page, episode):
    page.goto(f"/sas/episodes/{episode.public_id}")
    assert long_date(episode.discharge_plan.discharge_by) in page.locator("main").inner_text()


def the_new_registration_completes_the_discharge(page, episode, today, check):
    page.goto(f"/sas/episodes/{episode.public_id}")
    page.get_by_role("link", name=re.compile("complete the discharge", re.I)).first.click()
    check(page)
    page.get_by_label("Practice the patient is now registered with").select_option(index=1)
    fill_date(page, "id_registered_on", today)
    submit(page, "Complete the discharge", check)
    episode.refresh_from_db()
    assert episode.state == State.DISCHARGED


def then_the_record_shows_protected_from_removal_and_no_sas_flag(page, patient, check):
    open_flags = set(
        PatientFlag.objects.filter(patient=patient, ended_at__isnull=True).values_list(
            "kind", flat=True
        )
    )
    assert open_flags == {PatientFlag.Kind.PROTECTED_FROM_REMOVAL}
    page.goto(f"/patients/{patient.public_id}")
    check(page)
    record = page.locator("main").inner_text()
    assert "protected from removal" in record.lower()
    assert "Attend SAS practice only" not in record


def test_the_whole_sas_journey_across_roles(browser, live_server, check_accessible):
    """Each step is a function named after what it shows, so a failure names the step."""
    call_command("load_demo", verbosity=0)
    patient = given_a_patient_of_the_removing_practice()
    today = timezone.localdate()
    check = check_accessible
    cast = Cast(
        *(
            signed_in_page(browser, live_server, check, who)
            for who in ("practice-staff", "commissioner", "panel-member", "sas-practice-staff")
        )
    )

    episode = the_removing_practice_reports_the_incident_from_the_record(
        cast.practice, patient, today - datetime.timedelta(days=1), check
    )
    the_commissioner_screens_from_the_queue_and_allocates_to_the_suggested_practice(
        cast.commissioner, episode, check
    )
    the_allocation_letter_gives_the_appeal_date(cast.commissioner, today, check)

    the_commissioner_records_an_appeal_by_phone(cast.commissioner, episode, today, check)
    the_commissioner_acknowledges_and_arranges_the_panel_from_the_task_list(
        cast.commissioner, today, check
    )
    the_panel_member_finds_the_appeal_in_their_queue_and_dismisses_it(
        cast.panel, episode, today, check
    )

    review = episode.reviews.get()
    the_sas_practice_adds_the_patients_own_view_to_the_review(cast.sas_staff, review, check)
    the_commissioner_decides_discharge_checking_the_decision_before_saving(
        cast.commissioner, episode, review, today, check
    )
    the_episode_page_shows_the_discharge_by_date(cast.commissioner, episode)

    the_new_registration_completes_the_discharge(cast.commissioner, episode, today, check)
    then_the_record_shows_protected_from_removal_and_no_sas_flag(cast.commissioner, patient, check)
