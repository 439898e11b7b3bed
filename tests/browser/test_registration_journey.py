"""GP registration in a real browser: a probation worker refers a person with no address, using the
probation office as a proxy address, and records their consent; the practice accepts; the
worker sees "Registered". Every page visited has zero axe WCAG 2.2 AA violations at 1280px
and at 320px (check_accessible)."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from .helpers import choose, fill_date, signed_in_page, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_probation_worker_refers_with_proxy_address_and_consent_and_practice_accepts(
    browser, live_server, check_accessible
):
    call_command("load_demo", verbosity=0)
    worker = signed_in_page(browser, live_server, check_accessible, "probation-worker")
    worker.get_by_role("link", name="GP registration referrals").click()
    check_accessible(worker)
    worker.get_by_role("button", name="Refer someone to a GP practice").click()
    check_accessible(worker)

    # Nothing ticked for consent: refused, with what was typed kept.
    worker.get_by_label("First name").fill("Casey")
    worker.get_by_label("Last name").fill("Nomad")
    worker.get_by_label("Or, if they do not know it, the year they were born (estimated)").fill(
        "1990"
    )
    choose(worker, "Sex", "Not known")
    choose(worker, "Address for registration", "Our office as a proxy address")
    worker.get_by_role("button", name="Continue").click()
    worker.wait_for_load_state()
    assert worker.title().startswith("Error")
    assert "must agree to the referral" in worker.locator("main").inner_text()
    check_accessible(worker)

    choose(
        worker,
        "Does the person agree to be referred to a GP practice to register?",
        "Yes, they agree",
    )
    choose(worker, "How did they agree?", "They said so")
    submit(worker, "Continue", check_accessible)
    # Check your answers: the proxy address itself, with a way back to change any answer.
    main = worker.locator("main").inner_text()
    assert "Check your answers before you save the referral" in main
    assert "Proxy address" in main
    submit(worker, "Save and choose a practice", check_accessible)
    assert "where your office is (the proxy address)" in worker.locator("main").inner_text()
    choose(worker, "Practice", "Preston Park Surgery (demo)")
    submit(worker, "Send the referral", check_accessible)
    main = worker.locator("main").inner_text()
    assert "Referral sent" in main and "What happens next" in main
    worker.get_by_role("link", name="See the referral").click()
    check_accessible(worker)
    assert "Sent to the practice" in worker.locator("main").inner_text()

    practice = signed_in_page(browser, live_server, check_accessible, "practice-staff")
    practice.goto("/registration/inbox")
    check_accessible(practice)
    practice.get_by_role("link", name="Casey Nomad").click()
    check_accessible(practice)
    practice.get_by_role("button", name="Accept: the person is registered").click()
    check_accessible(practice)
    fill_date(practice, "id_registered_on", timezone.localdate())
    submit(practice, "Confirm registration", check_accessible)
    assert "is registered" in practice.locator("main").inner_text()

    worker.goto("/registration/")
    check_accessible(worker)
    row = worker.locator("tr", has_text="Casey Nomad")
    assert "Registered" in row.inner_text()


def test_a_refusal_is_not_a_dead_end_the_worker_challenges_and_the_commissioner_assigns(
    browser, live_server, check_accessible
):
    """Refusal only on reasonable grounds: the demo's refusal for no proof of address is an
    alert on the worker's home page; the worker challenges it; the challenge is on the
    commissioner's worklist, with the referral's history; the commissioner assigns another
    practice, and the worker is told. Links only, from each home page."""
    call_command("load_demo", verbosity=0)
    worker = signed_in_page(browser, live_server, check_accessible, "probation-worker")
    worker.goto("/")
    check_accessible(worker)
    assert "0 alerts" not in worker.locator("main").inner_text()
    worker.get_by_role("link", name="GP registration referrals").click()
    check_accessible(worker)
    assert "The practice refused: choose what to do next" in worker.locator("main").inner_text()
    worker.get_by_role("link", name="Dee Marsh").first.click()
    check_accessible(worker)
    assert "12 Edward Street" in worker.locator("#address").inner_text()
    worker.get_by_role("button", name="Choose what to do next").click()
    check_accessible(worker)
    choose(
        worker,
        "What do you want to do next?",
        "Challenge the refusal: ask the commissioner to look at it",
    )
    worker.get_by_label("Why?").fill("No proof of address is needed to register")
    submit(worker, "Continue", check_accessible)
    assert "Challenged the refusal" in worker.locator("#after-refusal").inner_text()

    commissioner = signed_in_page(browser, live_server, check_accessible, "commissioner")
    commissioner.goto("/")
    check_accessible(commissioner)
    commissioner.get_by_role("link", name="Registration worklist").click()
    check_accessible(commissioner)
    assert "The referrer challenged the refusal" in commissioner.locator("main").inner_text()
    commissioner.get_by_role("link", name="Dee Marsh").first.click()
    check_accessible(commissioner)
    assert "Refusal challenged by" in commissioner.locator("main").inner_text()
    commissioner.get_by_role("link", name="Record contacting the practice").click()
    check_accessible(commissioner)
    fill_date(commissioner, "id_on", timezone.localdate())
    commissioner.get_by_label("What did the practice say?").fill("It still wants a bill")
    submit(commissioner, "Record contacting the practice", check_accessible)
    commissioner.get_by_role("link", name="Record the outcome or assign a practice").click()
    check_accessible(commissioner)
    choose(commissioner, "What is the outcome?", "The commissioner assigned another practice")
    commissioner.get_by_label("Practice to assign").select_option(index=1)
    commissioner.get_by_label("What was decided and why?").fill("Assigned to a practice nearby")
    submit(commissioner, "Record the outcome", check_accessible)

    worker.goto("/")
    check_accessible(worker)
    worker.get_by_role("link", name="GP registration referrals").click()
    check_accessible(worker)
    assert "The commissioner assigned" in worker.locator("main").inner_text()
