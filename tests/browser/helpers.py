"""Checks a browser test runs on every page it visits (axe, WCAG 2.2 AA, and reflow at 320px),
and the steps every journey takes: signing in as a demo user and filling NHS.UK forms."""

import re
from pathlib import Path

from django.conf import settings
from django_otp.oath import totp

from gateway.accounts.demo import DEMO_TOTP_SECRET_HEX
from gateway.nonprod.demo_data import DEMO_PASSWORD, demo_email

# How long a page, click or wait may take. Generous on purpose: CI runs two test workers on
# two cores, and a browser test checks behaviour and accessibility, never speed (benchmarks
# do that).
TIMEOUT_MS = 30_000

AXE_PATH = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 320, "height": 640}


def _describe(violation):
    first = violation["nodes"][0] if violation["nodes"] else {}
    target = " ".join(str(t) for t in first.get("target", [])) or "(page)"
    return (
        f"- {violation['id']} [{violation.get('impact') or 'unknown'}]: {violation['help']}\n"
        f"    first at: {target}  ({len(violation['nodes'])} element(s))\n"
        f"    {violation.get('helpUrl', '')}"
    )


def axe_violations(page):
    """Run axe-core on the page as it is now and return its violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_PATH))
    return page.evaluate(
        """async (tags) => {
            const results = await window.axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return results.violations;
        }""",
        WCAG_TAGS,
    )


def assert_accessible(page):
    """Fail with a readable list when axe finds any WCAG 2.2 A/AA violation."""
    violations = axe_violations(page)
    if violations:
        width = page.viewport_size["width"] if page.viewport_size else "?"
        listing = "\n".join(_describe(v) for v in violations)
        raise AssertionError(
            f"{len(violations)} accessibility violation(s) on {page.url} at {width}px wide:\n"
            f"{listing}"
        )


def assert_no_horizontal_scroll(page):
    """WCAG 1.4.10 reflow: at 320px nothing should make the page scroll sideways."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px at 320px wide"


def set_width(page, size):
    """Resize, then wait for the layout to settle: the NHS.UK header moves navigation items
    that no longer fit into its "More" menu from a ResizeObserver and an animation frame, and
    checking before that finishes judges a half-drawn header."""
    page.set_viewport_size(size)
    page.evaluate(
        """() => new Promise((done) => {
            let frames = 4;
            const next = () => (frames-- > 0 ? requestAnimationFrame(next) : done());
            requestAnimationFrame(next);
        })"""
    )


def assert_accessible_at_all_widths(page):
    """Check the page at desktop width, again at 320px (axe and reflow), then go back to
    desktop so the test carries on as it was."""
    set_width(page, DESKTOP)
    assert_accessible(page)
    set_width(page, MOBILE)
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    set_width(page, DESKTOP)


def signed_in_page(browser, live_server, check_accessible, who):
    """A tab of its own for one demo user, signed in with password and the demo TOTP code.
    Each demo user has their own authenticator device, so one code serves them all."""
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
