"""The public pages as a visitor meets them: content, titles, language switch, skip link, axe."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from ehcna_portal.i18n import t
from tests.support.browser import assert_accessible, open_page
from tests.support.languages import assert_page_in

pytestmark = pytest.mark.browser

PAGES = [
    ("/", "home.title"),
    ("/privacy", "privacy.title"),
    ("/accessibility", "a11y.title"),
    ("/cookies", "cookies.title"),
    ("/contact", "contact.title"),
    ("/guidance", "guidance.title"),
]


@pytest.mark.parametrize(("path", "title_key"), PAGES)
def test_english_page_has_its_heading_title_and_chrome(page: Page, path, title_key):
    open_page(page, path)
    heading = t(title_key)
    expect(page.locator("h1")).to_have_text(heading)
    assert page.title() == f"{heading} – Coventry Education Services Portal"
    expect(page.locator(".govuk-generic-header")).to_contain_text("Coventry City Council")
    nav = page.locator(".govuk-service-navigation")
    for label in ("Home", "Sign in", "Register"):
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(nav.locator("a[hreflang=cy]")).to_have_text("Cymraeg")
    footer = page.locator("footer")
    for label in ("Privacy notice", "Accessibility statement", "Cookies", "Contact us"):
        expect(footer.get_by_role("link", name=label)).to_be_visible()
    assert page.locator(".app-page").get_attribute("lang") == "en"


@pytest.mark.parametrize(("path", "title_key"), PAGES)
def test_welsh_page_is_wholly_welsh(page: Page, path, title_key):
    welsh_path = "/cy" if path == "/" else f"/cy{path}"
    open_page(page, welsh_path, check_accessibility=False)
    expect(page.locator("h1")).to_have_text(t(title_key, "cy"))
    assert page.title() == f"{t(title_key, 'cy')} – {t('service.name', 'cy')}"
    assert_page_in(page, "cy")  # marked Welsh, axe-clean, no English text
    expect(page.locator("a[hreflang=en]")).to_have_text("English")
    expect(page.locator(".govuk-skip-link")).to_have_text("Neidio i'r prif gynnwys")


def test_cymraeg_link_switches_language_on_the_same_page_remembers_it_and_back(page: Page):
    open_page(page, "/privacy")
    page.get_by_role("link", name="Cymraeg").click()
    expect(page).to_have_url(re.compile(r"/cy/privacy/?$"))
    expect(page.locator("h1")).to_have_text(t("privacy.title", "cy"))
    assert_page_in(page, "cy")
    cookie = {c["name"]: c for c in page.context.cookies()}["ehcna_lang"]
    assert cookie["value"] == "cy" and cookie["httpOnly"] and cookie["expires"] > time.time() + 300 * 86400
    open_page(page, "/cookies", check_accessibility=False)  # an English address: the choice is remembered
    expect(page).to_have_url(re.compile(r"/cy/cookies/?$"))
    expect(page.locator("h1")).to_have_text(t("cookies.title", "cy"))
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"//[\d.]+:\d+/cookies/?$"))  # no /cy
    expect(page.locator("h1")).to_have_text(t("cookies.title", "en"))
    assert_page_in(page, "en")
    open_page(page, "/cy/guidance", check_accessibility=False)  # and now English is the one remembered
    expect(page).to_have_url(re.compile(r"//[\d.]+:\d+/guidance/?$"))
    expect(page.locator("h1")).to_have_text(t("guidance.title", "en"))


def test_home_shows_the_welcome_services_and_says_which_are_live(page: Page):
    open_page(page, "/")
    main = page.locator("main")
    for key in ("home.service.school_place", "home.service.funding", "home.service.ehc"):
        expect(main).to_contain_text(t(key))
    expect(main.get_by_role("heading", name="EHC Assessment and Review")).to_be_visible()
    expect(main).to_contain_text("These services are not available in this portal yet")
    expect(main.get_by_role("link", name="Read our guidance")).to_have_attribute("href", "/guidance")
    expect(main.get_by_role("link", name="register", exact=True)).to_have_attribute("href", "/register")
    expect(main.get_by_role("link", name="Register", exact=True)).to_have_attribute("href", "/register")  # the box


def test_skip_link_is_first_and_moves_focus_to_the_main_content(page: Page):
    open_page(page, "/contact")
    page.keyboard.press("Tab")
    skip = page.locator(".govuk-skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main-content'")


def test_unknown_address_shows_page_not_found(page: Page):
    page.goto("/no-such-page")
    page.wait_for_selector("main#main-content h1")
    expect(page.locator("h1")).to_have_text("Page not found")
    home_link = page.get_by_role("link", name="Go to the portal home page", exact=True)
    expect(home_link).to_have_attribute("href", "/")
    assert_accessible(page)


def test_pages_reflow_at_320_css_pixels_without_horizontal_scrolling(page: Page):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/", "/cookies", "/cy/privacy"):
        open_page(page, path)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px wide"


def test_the_accessibility_check_fails_on_a_real_violation(page: Page):
    open_page(page, "/contact")
    page.evaluate("() => document.querySelector('main')"
                  ".append(Object.assign(document.createElement('img'), {src: 'data:,'}))")
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
