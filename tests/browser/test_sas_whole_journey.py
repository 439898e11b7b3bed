"""The SAS "done when" journey across roles, in a real browser: the removing practice
reports an incident, the commissioner screens and allocates, the allocation letter carries the
right appeal date, an appeal is lodged, acknowledged and dismissed at panel (the panel member
finding it in their queue), a review records the patient's view and decides discharge (each
decision checked before it is saved), and the new registration completes the discharge. Every page
visited has zero axe WCAG 2.2 AA violations at 1280px and at 320px."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import totp

from gateway.accounts.demo import DEMO_TOTP_SECRET_HEX
from gateway.accounts.models import Organisation
from gateway.core.formats import long_date
from gateway.nonprod.demo_data import DEMO_PASSWORD, demo_email
from gateway.patients.models import PatientFlag
from gateway.sas.models import Episode
from gateway.sas.states import State
from tests.browser.helpers import TIMEOUT_MS
from tests.factories import AddressFactory, PatientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in_page(browser, live_server, check_accessible, who):
    """A tab of its own for one demo user, signed in with password and the demo TOTP code.
    Each demo user has their own authenticator device, so one code serves them all."""
    from .helpers import DESKTOP

    context = browser.new_context(
        base_url=live_server.url, viewport=DESKTOP, bypass_csp=True, locale="en-GB"
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(demo_email(who))
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/sign-in/verify")
    code = f"{totp(bytes.fromhex(DEMO_TOTP_SECRET_HEX)):06d}"
    page.get_by_label("Enter the code from your authenticator app").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/$"))
    check_accessible(page)
    return page


def choose(page, question, answer):
    """Tick a radio button or checkbox by its question (legend) and answer (label)."""
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def fill_date(page, field_id, date):
    page.locator(f"#{field_id}-day").fill(str(date.day))
    page.locator(f"#{field_id}-month").fill(str(date.month))
    page.locator(f"#{field_id}-year").fill(str(date.year))


def submit(page, name, check_accessible):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()
    assert not page.title().startswith("Error"), page.locator("main").inner_text()[:2000]
    check_accessible(page)


def test_the_whole_sas_journey_across_roles(browser, live_server, check_accessible):
    call_command("load_demo", verbosity=0)
    removing = Organisation.objects.get(name="Preston Park Surgery (demo)")
    brighton = Organisation.objects.get(name="Brighton SAS Practice (demo)")
    patient = PatientFactory(
        given_name="Jordan", family_name="Ashby", created_by_organisation=removing
    )
    AddressFactory(patient=patient, line_1="4 Queens Road", town="Brighton", postcode="BN1 3XE")
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)

    practice = signed_in_page(browser, live_server, check_accessible, "practice-staff")
    commissioner = signed_in_page(browser, live_server, check_accessible, "commissioner")
    panel = signed_in_page(browser, live_server, check_accessible, "panel-member")
    sas_staff = signed_in_page(browser, live_server, check_accessible, "sas-practice-staff")

    # 1. The removing practice reports the incident from the patient's record.
    practice.goto(f"/patients/{patient.public_id}")
    check_accessible(practice)
    practice.get_by_role("link", name="Report an immediate removal").click()
    check_accessible(practice)
    practice.locator("#id_signed_by_name").fill("Dr Asha Patel")
    choose(practice, "Their role", "GP partner")
    fill_date(practice, "id_incident_date", yesterday)
    practice.locator("#id_incident_time").fill("10:30am")
    choose(practice, "Where did it happen?", "At the practice")
    choose(practice, "What did the patient do?", "Physical violence")
    choose(practice, "What did the patient do?", "Had or used a weapon")
    practice.locator("#id_description").fill(
        "Punched the receptionist at the front desk when told there were no appointments."
    )
    choose(
        practice,
        "Was the patient, who was not aggressive before, in clear mental or physical distress?",
        "No",
    )
    choose(
        practice,
        "Could a health condition that care could help explain the behaviour?",
        "No",
    )
    choose(
        practice,
        "Did you consider whether a learning disability or neurodiversity played a part?",
        "Yes",
    )
    choose(practice, "Did the practice report the incident to the police?", "Yes")
    fill_date(practice, "id_police_date", yesterday)
    practice.locator("#id_police_time").fill("11:00am")
    practice.locator("#id_police_reference").fill("CAD 1234 23/11")
    fill_date(practice, "id_notice_date", yesterday)
    practice.locator("#id_notice_time").fill("12:00pm")
    choose(practice, "How was notice given to the commissioner?", "In writing (letter or email)")
    choose(
        practice, "Was the patient told about the removal?", "Yes, the practice told the patient"
    )
    submit(practice, "Continue", check_accessible)
    check_page = practice.locator("main").inner_text()
    assert "Physical violence" in check_page and "Had or used a weapon" in check_page
    submit(practice, "Send the report", check_accessible)
    episode = Episode.objects.get(patient=patient)
    assert episode.state == State.REPORTED
    assert sorted(episode.removal_report.behaviours) == ["violence", "weapon"]

    # 2. The commissioner screens it from the queue and allocates to the suggested practice.
    commissioner.goto("/sas/worklist")
    check_accessible(commissioner)
    assert "Jordan Ashby" in commissioner.locator("main").inner_text()
    commissioner.goto("/sas/screening")
    check_accessible(commissioner)
    commissioner.get_by_role("link", name=re.compile("Jordan Ashby")).first.click()
    check_accessible(commissioner)
    screening = commissioner.locator("main").inner_text()
    assert "Physical violence" in screening and "Had or used a weapon" in screening
    # Screening opens at the decision: no separate "start screening" step.
    commissioner.get_by_role("link", name=re.compile("allocate to an SAS practice")).click()
    check_accessible(commissioner)
    assert "Brighton SAS Practice (demo)" in commissioner.locator("main").inner_text()
    assert re.search(r"\d+ patients on the scheme, capacity 60", commissioner.content())
    submit(commissioner, "Allocate", check_accessible)
    episode.refresh_from_db()
    assert (episode.state, episode.sas_practice) == (State.ALLOCATED, brighton)

    # 3. The allocation letter exists with the right appeal date.
    appeal_by = long_date(today + datetime.timedelta(days=28))
    commissioner.goto("/outbox/")
    check_accessible(commissioner)
    commissioner.get_by_role(
        "link", name=re.compile("Special Allocation Scheme|allocation", re.I)
    ).first.click()
    check_accessible(commissioner)
    letter = commissioner.locator("main").inner_text()
    assert appeal_by in letter
    assert "Brighton SAS Practice (demo)" in letter

    # 4. An appeal arrives by phone and the panel dismisses it.
    commissioner.goto(f"/sas/episodes/{episode.public_id}/appeals/new")
    check_accessible(commissioner)
    choose(commissioner, "What is the patient appealing against?", "Being placed on the scheme")
    choose(commissioner, "Who made the appeal?", "The patient")
    choose(commissioner, "How did the appeal arrive?", "Phone call")
    fill_date(commissioner, "id_received_on", today)
    commissioner.locator("#id_grounds").fill("I was defending myself. It was not what they say.")
    submit(commissioner, "Record the appeal", check_accessible)
    assert episode.appeals.get().status == "lodged"
    # The commissioner acknowledges it and arranges the panel from the appeal's task list.
    steps = commissioner.locator("#appeal-steps + ul").inner_text()
    assert "Acknowledge the appeal and send the appeal form" in steps
    assert "Cannot start yet" in steps
    fill_date(commissioner, "id_acknowledge-on", today)
    submit(commissioner, "Record acknowledgement sent", check_accessible)
    fill_date(commissioner, "id_panel-panel_on", today)
    submit(commissioner, "Save the panel date", check_accessible)
    # The panel member finds it in their queue and records the decision, checks it, saves.
    panel.goto("/")
    panel.get_by_role("link", name="Appeals for the panel").first.click()
    check_accessible(panel)
    panel.get_by_role("link", name=re.compile("Jordan Ashby")).first.click()
    check_accessible(panel)
    panel.get_by_role("link", name="Record the panel's decision").first.click()
    check_accessible(panel)
    choose(panel, "What did the panel decide?", "Dismissed: the patient stays on the scheme")
    panel.locator("#id_reasons").fill("The CCTV and two witnesses show an assault on staff.")
    fill_date(panel, "id_decided_on", today)
    submit(panel, "Continue", check_accessible)
    assert "The CCTV and two witnesses" in panel.locator("main").inner_text()
    submit(panel, "Save the decision", check_accessible)
    assert "Appeal dismissed" in panel.locator("main").inner_text()
    episode.refresh_from_db()
    assert episode.state == State.ALLOCATED

    # 5. A review hears the patient's view and decides discharge.
    review = episode.reviews.get()
    sas_staff.goto(f"/sas/reviews/{review.public_id}")
    check_accessible(sas_staff)
    sas_staff.get_by_role("link", name=re.compile("patient's own view", re.I)).first.click()
    check_accessible(sas_staff)
    sas_staff.locator("#id_text").fill(
        "I have been going to every appointment. I want a normal GP."
    )
    choose(sas_staff, "How did the patient give their view?", "They told us in person")
    submit(sas_staff, "Save to the review", check_accessible)

    commissioner.goto(f"/sas/reviews/{review.public_id}/decide")
    check_accessible(commissioner)
    choose(commissioner, "Did the patient take part, and how?", "In person at the review")
    fill_date(commissioner, "id_held_on", today)
    choose(commissioner, "Decision", "Discharge from the scheme")
    commissioner.locator("#id_reasons").fill("No incidents in a year; engaging well.")
    commissioner.get_by_label("Practice the patient will register with").select_option(index=1)
    commissioner.locator("#id_medication_cover").fill("Repeat prescriptions until registered.")
    commissioner.locator("#id_stay_in_touch_months").fill("6")
    submit(commissioner, "Continue", check_accessible)
    assert "No incidents in a year; engaging well." in commissioner.locator("main").inner_text()
    submit(commissioner, "Save the decision", check_accessible)
    assert "must be discharged by" in commissioner.locator("main").inner_text()
    episode.refresh_from_db()
    assert episode.state == State.DISCHARGE_PLANNED
    discharge_by = long_date(episode.discharge_plan.discharge_by)
    commissioner.goto(f"/sas/episodes/{episode.public_id}")
    assert discharge_by in commissioner.locator("main").inner_text()

    # 6. The new registration completes the discharge.
    commissioner.goto(f"/sas/episodes/{episode.public_id}")
    commissioner.get_by_role("link", name=re.compile("complete the discharge", re.I)).first.click()
    check_accessible(commissioner)
    commissioner.get_by_label("Practice the patient is now registered with").select_option(index=1)
    fill_date(commissioner, "id_registered_on", today)
    submit(commissioner, "Complete the discharge", check_accessible)
    episode.refresh_from_db()
    assert episode.state == State.DISCHARGED
    open_flags = set(
        PatientFlag.objects.filter(patient=patient, ended_at__isnull=True).values_list(
            "kind", flat=True
        )
    )
    assert open_flags == {PatientFlag.Kind.PROTECTED_FROM_REMOVAL}
    commissioner.goto(f"/patients/{patient.public_id}")
    check_accessible(commissioner)
    record = commissioner.locator("main").inner_text()
    assert "protected from removal" in record.lower()
    assert "Attend SAS practice only" not in record
