"""WCAG 1.4.10 Reflow: at 320 CSS pixels wide (400% zoom of a 1280 px screen) nothing scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import ehcna_steps as steps
from tests.browser.conftest import ServedApp, open_page
from tests.browser.test_application import start_application

pytestmark = pytest.mark.browser
WIDTH = 320

OVERFLOW = """() => ({width: document.documentElement.scrollWidth,
  wide: Array.from(document.querySelectorAll('body *'))
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className)})"""


def assert_reflows(page: Page) -> None:
    found = page.evaluate(OVERFLOW)
    assert found["width"] <= WIDTH, f"{page.url} scrolls sideways at {WIDTH}px: {found['wide']}"


@pytest.fixture
def narrow(browser: Browser, served_app: ServedApp):
    context = browser.new_context(base_url=served_app.url, viewport={"width": WIDTH, "height": 640})
    yield context.new_page()
    context.close()


def test_public_pages_reflow(narrow: Page):
    for path in ("/", "/sign-in", "/register", "/forgotten-password", "/privacy", "/accessibility", "/guidance",
                 "/cy", "/cy/sign-in"):
        open_page(narrow, path, check_accessibility=False)
        assert_reflows(narrow)
    # the check notices a page that does scroll sideways
    narrow.evaluate("() => document.querySelector('main').append(Object.assign(document.createElement('div'), "
                    "{style: 'width: 400px; height: 1px'}))")
    with pytest.raises(AssertionError, match="scrolls sideways"):
        assert_reflows(narrow)


def test_the_parent_journey_reflows(narrow: Page, served_app: ServedApp):
    start_application(narrow, served_app)
    assert_reflows(narrow)
    steps.step_1(narrow)
    assert_reflows(narrow)
    narrow.get_by_role("button", name="Save & Continue").click()
    expect(narrow.locator("#error-summary")).to_be_visible()
    assert_reflows(narrow)  # with the error summary and messages shown
    for fill in (steps.step_2, steps.step_3, steps.step_4, steps.step_5, steps.step_6, steps.step_7):
        fill(narrow)
        assert_reflows(narrow)  # the next step, and (from step 2) item lists with Change and Remove
    narrow.get_by_role("button", name="Save & Continue").click()
    expect(narrow.locator("h1")).to_have_text("Summary")
    steps.wait_until_loaded(narrow)
    assert_reflows(narrow)
