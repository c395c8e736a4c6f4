"""Issue 24: the journey from Home to Step 2 of the request with key presses only, checking where focus is after
every press. Focus is never left on ``<body>`` (a screen reader then starts again from the top), except where a
full page load starts the page at the top as browsers do (signing in goes through the server): there the first
Tab reaches the skip link. Every link drawn as a button is pressed with Space, as GOV.UK buttons are.

What the keyboard-only test of 7 December found and this walks through: Remove asks first and focus follows;
a stage tab puts focus at once on the stage's heading and the stage has its own page title; "Use another
address" moves focus to the first line; Find address and Search say how many they found and move focus to the
list; Enter in the school search box searches; an error summary's link shows the field's label; a wizard step has
one title however it was reached. (Radios that reveal a question keep ``aria-controls`` without ``aria-expanded``:
ARIA 1.2 does not allow it on a radio, axe reports it as critical, and govuk-frontend sets none.)
"""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import Locator, Page, expect

from ehcna_portal.i18n import t
from tests.support.browser import open_page
from tests.support.ehcna_steps import wait_until_loaded
from tests.support.keyboard import Keyboard, fill_in_child, fill_in_registration
from tests.support.mail import code_in, link_in, wait_for_mail
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser

PASSWORD = "violet kettle harbour 42"
AT_ONCE_MS = 1500  # "at once": well inside the 4 s that focus used to wait on <body> after a stage tab


class Walk:
    def __init__(self, page: Page, served_app: ServedApp) -> None:
        self.page, self.app = page, served_app
        self.keys = Keyboard(page)
        self.email = f"keys-{secrets.token_hex(4)}@example.com"
        self.button_links = 0

    def field(self, name: str, value: str | None = None) -> Locator:
        if value is None:
            return self.page.locator(f'main [name="{name}"]')
        return self.page.locator(f'main input[name="{name}"][value="{value}"]')

    def button(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=name, exact=True)

    def focus_is_meaningful(self) -> str:
        """Focus is on something (never <body>) within a moment; what it is, as ``tag#id``."""
        self.page.wait_for_function(
            "() => document.activeElement && document.activeElement !== document.body"
            " && document.activeElement.isConnected", timeout=AT_ONCE_MS)
        return self.page.evaluate("() => { const e = document.activeElement;"
                                  " return e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''); }")

    def press(self, target: Locator) -> None:
        self.keys.press(target)
        self.focus_is_meaningful()

    def type(self, target: Locator, text: str) -> None:
        self.keys.type(target, text)
        self.focus_is_meaningful()

    def space_on_button_link(self, link: Locator) -> None:
        """A link drawn as a button is pressed with Space (it used to scroll the page instead)."""
        assert link.get_attribute("role") == "button"
        self.keys.tab_to(link)
        before = self.page.url
        self.page.keyboard.press("Space")
        expect(self.page).not_to_have_url(before)
        self.button_links += 1

    def heading_has_focus(self, text: str | re.Pattern[str]) -> None:
        heading = self.page.locator("main h1")
        expect(heading).to_have_text(text)
        expect(heading).to_be_focused(timeout=AT_ONCE_MS)

    def starts_at_the_top(self) -> None:
        """After a full page load: focus at the top of the document, the skip link first."""
        self.page.keyboard.press("Tab")
        assert self.keys.focused_matches(".govuk-skip-link")

    def label_in_view(self, field_id: str) -> None:
        """An error summary's link shows the field's label (or legend), not only the field at the top edge."""
        top = self.page.evaluate("""id => {
          const field = document.getElementById(id);
          const label = document.querySelector(`label[for="${id}"]`)
            || field.closest('fieldset')?.querySelector('legend');
          return label.getBoundingClientRect().top;
        }""", field_id)
        assert top >= 0, f"the label of #{field_id} is above the window ({top}px)"


def home_to_register(walk: Walk) -> None:
    page = walk.page
    open_page(page, "/", check_accessibility=False)
    walk.starts_at_the_top()
    walk.space_on_button_link(page.get_by_role("button", name="Start now"))  # signed out: to Sign in
    walk.heading_has_focus(t("sign_in.title", "en"))
    walk.press(page.locator(".govuk-service-navigation").get_by_role("link", name="Register"))
    walk.heading_has_focus(t("register.title", "en"))


def register(walk: Walk) -> None:
    page, keys = walk.page, walk.keys
    walk.press(walk.button("Submit"))  # nothing filled in: the error summary takes focus
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    walk.press(page.locator(".govuk-error-summary__list a").first)
    assert keys.focused_matches("#email")
    walk.label_in_view("email")
    fill_in_registration(keys, walk.field, walk.email, PASSWORD, ("Kay", "Bord"), type_=walk.type)
    page.keyboard.press("Enter")  # Enter in the postcode box finds the address; it does not send the form
    expect(page.locator("#postcode-status")).to_have_text(re.compile(r"Addresses found: \d+"))
    expect(walk.field("uprn")).to_be_focused(timeout=AT_ONCE_MS)  # the list, once it is there
    assert page.locator(".govuk-error-summary").count() == 1  # still the first press's summary, not a new one
    walk.press(walk.button("Use another address"))
    expect(walk.field("address_line_1")).to_be_focused()
    walk.type(walk.field("address_line_1"), "1 Keyboard Street")
    walk.type(walk.field("town"), "Coventry")
    walk.type(walk.field("mobile_phone"), "07700 900 982")
    walk.press(walk.button("Submit"))
    walk.heading_has_focus(t("register.check.title", "en"))
    message = wait_for_mail(walk.app.smtp, walk.email, "Confirm")
    page.goto(link_in(message, "/Account/CompleteRegistration/"))  # the link in the email
    expect(page.locator(".govuk-notification-banner")).to_be_focused()


def sign_in_with_two_steps(walk: Walk) -> None:
    page, keys = walk.page, walk.keys
    walk.type(walk.field("email"), walk.email)
    walk.type(walk.field("password"), PASSWORD)
    keys.press(walk.button("Sign in"))  # a full page load
    expect(page.locator("h1")).to_have_text(t("account.title", "en"))
    walk.starts_at_the_top()
    walk.press(page.locator(".govuk-service-navigation").get_by_role("link", name="Home"))
    walk.heading_has_focus(t("home.title", "en"))
    walk.space_on_button_link(page.locator("#ehc-assessment-and-review").get_by_role("button", name="Start now"))
    walk.heading_has_focus(t("two_step_area.title", "en"))
    walk.press(page.get_by_role("link", name="Enable Two Step Verification now"))
    keys.choose(walk.field("method", "email"))
    keys.press(walk.button("Save"))  # signed out, through the server: a full page load, whose banner takes focus
    expect(page.locator("h1")).to_have_text(t("sign_in.title", "en"))
    expect(page.locator(".govuk-notification-banner")).to_be_focused()
    before = len(walk.app.smtp.inbox.messages)
    walk.type(walk.field("email"), walk.email)
    walk.type(walk.field("password"), PASSWORD)
    keys.press(walk.button("Sign in"))  # the first step through the server: a full page load
    expect(page.locator("h1")).to_have_text(t("code.email.title", "en"))
    walk.starts_at_the_top()
    walk.type(walk.field("code"), code_in(wait_for_mail(walk.app.smtp, walk.email, "code", after=before)))
    keys.press(walk.button("Continue"))  # a full page load
    expect(page.locator("h1")).to_have_text(t("ehc.title", "en"))
    walk.starts_at_the_top()


def add_child(walk: Walk) -> None:
    page, keys = walk.page, walk.keys
    walk.space_on_button_link(page.get_by_role("button", name="+ Add child"))
    walk.heading_has_focus(t("child.add.title", "en"))
    fill_in_child(keys, walk.field, ("Tabitha", "Keys"), "female", ("2", "9", "2016"), type_=walk.type)
    page.keyboard.press("Enter")  # searches, and does not send the whole Add child form
    expect(page.locator("#school_query-status")).to_have_text(re.compile(r"Schools and colleges found: \d+"))
    expect(walk.field("school_urn")).to_be_focused(timeout=AT_ONCE_MS)
    assert page.locator(".govuk-error-summary").count() == 0
    keys.select(walk.field("school_urn"), walk.field("school_urn").locator("option").nth(1).get_attribute("value")
                or "")
    walk.type(walk.field("relationship"), "Mother")
    keys.choose(walk.field("parental_responsibility", "yes"))
    walk.press(walk.button("Add Child"))
    walk.heading_has_focus("Tabitha Keys")


def stage_tabs(walk: Walk) -> None:
    """Each stage tab: focus at once on the stage's heading, which the panel is labelled by; its own title."""
    page = walk.page
    titles = set()
    for label, section in (("Assessment", "assessment"), ("EHC Plan", "plan"), ("EHCP Reviews", "reviews"),
                           ("Request", "request")):
        walk.press(page.locator(".govuk-tabs__list").get_by_role("link", name=label, exact=True))
        heading = page.locator(f"h2#tab-heading-{section}")
        expect(heading).to_have_text(label)
        expect(heading).to_be_focused(timeout=AT_ONCE_MS)
        expect(page.locator(f"section[aria-labelledby='tab-heading-{section}']")).to_have_count(1)
        expect(page).to_have_title(re.compile(f"^{re.escape(label)} – Your child – "))
        titles.add(page.title())
    assert len(titles) == 4


def steps_1_and_2(walk: Walk) -> None:
    page, keys = walk.page, walk.keys
    walk.press(page.get_by_role("button", name=re.compile("^Start")))
    walk.heading_has_focus(re.compile("^Step 1 of 8"))
    wait_until_loaded(page)
    keys.choose(walk.field("requester_role", "parent"))
    keys.choose(walk.field("request_type", "new"))
    interpreter = walk.field("interpreter_needed", "yes")
    keys.choose(interpreter)
    # the question it reveals comes next, named by aria-controls; no aria-expanded, which ARIA 1.2 does not allow
    # on a radio (axe: aria-allowed-attr) and govuk-frontend does not set
    revealed = page.locator("#" + (interpreter.get_attribute("aria-controls") or ""))
    expect(revealed.locator("[name='interpreter_language']")).to_be_visible()
    assert interpreter.get_attribute("aria-expanded") is None
    walk.type(walk.field("interpreter_language"), "Polish")
    walk.press(walk.button("Save & Continue"))
    walk.heading_has_focus(re.compile("^Step 2 of 8"))
    wait_until_loaded(page)
    title_inside_the_app = page.title()

    walk.press(walk.button("Add person"))
    walk.heading_has_focus("Add person")
    walk.type(walk.field("forename"), "Grace")
    walk.type(walk.field("surname"), "Keys")
    walk.press(walk.button("Save & Continue"))
    walk.heading_has_focus(re.compile("^Step 2 of 8"))
    card = page.locator("#group-other_people .govuk-summary-card")
    expect(card).to_have_count(1)

    remove = page.get_by_role("button", name=re.compile("^Remove Grace, Keys"))
    walk.press(remove)  # asks first, and focus goes to the question
    question = page.locator("#remove-question")
    expect(question).to_contain_text("Are you sure you want to remove Grace, Keys?")
    expect(question).to_be_focused(timeout=AT_ONCE_MS)
    walk.press(question.get_by_role("button", name="No, keep it"))
    expect(card).to_have_count(1)
    walk.press(remove)
    expect(question).to_be_focused(timeout=AT_ONCE_MS)
    walk.press(question.get_by_role("button", name="Yes, remove"))
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Removed")
    expect(banner).to_be_focused(timeout=AT_ONCE_MS)
    expect(card).to_have_count(0)

    page.reload()  # the same step loaded straight from its address has the same title
    wait_until_loaded(page)
    expect(page).to_have_title(title_inside_the_app)
    assert title_inside_the_app.startswith("Step 2 of 8")


def test_home_to_step_2_by_keyboard_with_focus_always_somewhere(page: Page, served_app: ServedApp):
    walk = Walk(page, served_app)
    home_to_register(walk)
    register(walk)
    sign_in_with_two_steps(walk)
    add_child(walk)
    stage_tabs(walk)
    steps_1_and_2(walk)
    assert walk.button_links == 3 and walk.keys.stops > 50  # Space on each link drawn as a button; real Tabs
