"""Pages anyone may open, checked in a real browser."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/accessibility", "Accessibility statement for Gateway"),
        ("/privacy", "Privacy"),
    ],
)
def test_public_pages_have_no_accessibility_violations_at_desktop_and_320px(
    page, check_accessible, path, heading
):
    page.goto(path)
    assert heading in page.locator("h1").inner_text()
    check_accessible(page)


def test_skip_link_is_the_first_thing_a_keyboard_user_reaches_and_jumps_to_main_content(page):
    page.goto("/accessibility")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'maincontent'")
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"


def test_the_accessibility_check_names_each_violation_it_finds(page, axe_check):
    # Guards the guard: a page with known faults must fail, with a readable reason.
    page.set_content('<html><body><main><img src="/x.png"><input type="text"></main></body></html>')
    with pytest.raises(AssertionError) as failure:
        axe_check(page)
    report = str(failure.value)
    assert "image-alt [critical]" in report
    assert "first at: img" in report
    assert "html-has-lang" in report
