"""The whole parent journey — register → confirm → sign in → two-step verification → add child →
the 8 steps → consent → submit — with the keyboard only, in English and in Welsh.

Every page on the way (with errors shown and with revealed questions) is checked by axe-core and,
in Welsh, scanned for English; every email is read from the real SMTP server and checked for its
language. Focus is followed throughout: the skip link, the error summary, the field an error
links to, and the heading of each new page.
"""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ehcna_portal.forms import text as form_text
from ehcna_portal.forms.ehcna import EHCNA
from ehcna_portal.i18n import Language, t
from ehcna_portal.models import Application, ParentAccount
from tests.support.browser import open_page
from tests.support.ehcna_steps import wait_until_loaded
from tests.support.keyboard import Keyboard, fill_in_child, fill_in_registration
from tests.support.languages import assert_email_in, assert_page_in, say
from tests.support.mail import code_in, link_in, text_of, wait_for_mail
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser

PASSWORD = "violet kettle harbour 42"


class Journey:
    """One parent's way through the service, in one language, by keyboard."""

    def __init__(self, page: Page, served_app: ServedApp, lang: Language) -> None:
        self.page, self.app, self.lang = page, served_app, lang
        self.keys = Keyboard(page)
        self.email = f"parent-{secrets.token_hex(4)}@example.com"
        self.titles: dict[str, str] = {}

    def say(self, english: str) -> str:
        return say(english, self.lang)

    def button(self, english: str):
        return self.page.get_by_role("button", name=self.say(english), exact=True)

    def link(self, english: str):
        return self.page.get_by_role("link", name=self.say(english), exact=True)

    def heading_is(self, text: str | re.Pattern[str]) -> None:
        expect(self.page.locator("h1")).to_have_text(text)

    def check_page(self, *, errors: bool = False) -> None:
        """Language, axe, the title (unique per page; "Error:" first when errors show)."""
        assert_page_in(self.page, self.lang)
        title = self.page.title()
        prefix = t("error.prefix", self.lang)
        assert title.startswith(prefix) == errors, title
        if not errors:
            address = re.sub(r"/\d+(?=/|$)", "/N", urlsplit(self.page.url).path.rstrip("/"))
            assert self.titles.setdefault(title, address) == address, f"two pages are called {title!r}"

    def heading_has_focus(self) -> None:
        """After a change of page inside the app, focus is on the new page's main heading."""
        expect(self.page.locator("main h1")).to_be_focused()

    def starts_at_the_top(self) -> None:
        """After a full page load (signing in goes through the server) focus starts at the top of the
        document, as browsers do, so the first Tab reaches the skip link."""
        assert self.page.evaluate("document.activeElement === document.body")
        self.page.keyboard.press("Tab")
        assert self.keys.focused_matches(".govuk-skip-link")

    def error_summary_has_focus(self) -> None:
        expect(self.page.locator(".govuk-error-summary")).to_be_focused()

    def mail(self, subject_key: str, after: int = 0):
        message = wait_for_mail(self.app.smtp, self.email, t(subject_key, self.lang).split("{")[0].strip(),
                                after=after)
        assert_email_in(message, self.lang)
        return message

    def field(self, name: str, value: str | None = None):
        if value is None:
            return self.page.locator(f'main [name="{name}"]')
        return self.page.locator(f'main input[name="{name}"][value="{value}"]')


def start(journey: Journey) -> None:
    """The home page; the skip link works; a Welsh speaker chooses Cymraeg."""
    page, keys = journey.page, journey.keys
    open_page(page, "/", check_accessibility=False)
    page.keyboard.press("Tab")
    assert keys.focused_matches(".govuk-skip-link")
    page.keyboard.press("Enter")
    assert keys.focused_matches("main#main-content")
    if journey.lang == "cy":
        keys.press(page.locator(".govuk-language-navigation a[hreflang=cy]"))
        expect(page).to_have_url(re.compile(r"/cy/?$"))
        expect(page.locator("h1")).to_have_text(t("home.title", "cy"))
    journey.check_page()


def register(journey: Journey) -> None:
    page, keys = journey.page, journey.keys
    keys.press(journey.page.locator(".govuk-service-navigation").get_by_role("link", name=journey.say("Register")))
    journey.heading_is(t("register.title", journey.lang))
    journey.heading_has_focus()
    journey.check_page()
    keys.press(journey.button("Submit"))  # nothing filled in: every problem listed, focus on the summary
    journey.error_summary_has_focus()
    journey.check_page(errors=True)
    # The first error's link takes focus to its field.
    keys.tab_to(page.locator(".govuk-error-summary__list a").first)
    page.keyboard.press("Enter")
    assert keys.focused_matches("#email")
    fill_in_registration(keys, journey.field, journey.email, PASSWORD, ("Lesley", "Harris"))
    keys.press(journey.button("Find address"))
    expect(journey.field("uprn").locator("option[value=\"990000000003\"]")).to_have_count(1, timeout=10000)
    keys.select(journey.field("uprn"), "990000000003")
    keys.type(journey.field("mobile_phone"), "07700 900 982")
    keys.press(journey.button("Submit"))
    journey.heading_is(t("register.check.title", journey.lang))
    journey.heading_has_focus()
    journey.check_page()

    message = journey.mail("email.verify_email.subject")
    link = link_in(message, "/Account/CompleteRegistration/")
    assert ("/cy/Account/" in link) == (journey.lang == "cy")
    page.goto(link)  # opening the link from the email
    journey.heading_is(t("sign_in.title", journey.lang))
    expect(page.locator(".govuk-notification-banner")).to_be_focused()  # "Your email address is confirmed"
    journey.check_page()


def sign_in(journey: Journey) -> None:
    keys = journey.keys
    keys.type(journey.field("email"), journey.email)
    keys.type(journey.field("password"), PASSWORD)
    keys.press(journey.button("Sign in"))


def turn_on_two_step_verification(journey: Journey) -> None:
    page, keys = journey.page, journey.keys
    sign_in(journey)
    journey.heading_is(t("account.title", journey.lang))
    journey.starts_at_the_top()
    journey.check_page()
    keys.press(page.locator(".govuk-service-navigation").get_by_role("link", name=journey.say("Home")))
    journey.heading_is(t("home.title", journey.lang))
    keys.press(page.locator("#ehc-assessment-and-review").get_by_role("button", name=journey.say("Start now")))
    journey.heading_is(t("two_step_area.title", journey.lang))
    journey.check_page()
    keys.press(journey.link("Enable Two Step Verification now"))
    journey.heading_is(t("two_step.title", journey.lang))
    journey.check_page()
    keys.choose(journey.field("method", "email"))
    keys.press(journey.button("Save"))
    journey.heading_is(t("sign_in.title", journey.lang))  # signed out: sign in again with the second step
    journey.check_page()

    before = len(journey.app.smtp.inbox.messages)
    sign_in(journey)
    journey.heading_is(t("code.email.title", journey.lang))
    journey.check_page()
    code = code_in(journey.mail("email.sign_in_code.subject", after=before))
    keys.type(journey.field("code"), code)
    keys.press(journey.button("Continue"))
    journey.heading_is(t("ehc.title", journey.lang))
    journey.starts_at_the_top()
    journey.check_page()


def add_child(journey: Journey) -> None:
    page, keys = journey.page, journey.keys
    keys.press(page.get_by_role("button", name=journey.say("+ Add child")))
    journey.heading_is(t("child.add.title", journey.lang))
    journey.check_page()
    fill_in_child(keys, journey.field, ("Alan", "Aardvaark"), "male", ("12", "3", "2017"))
    keys.press(journey.button("Search"))
    expect(journey.field("school_urn").locator("option")).not_to_have_count(1, timeout=10000)
    keys.select(journey.field("school_urn"), journey.field("school_urn").locator("option").nth(1)
                .get_attribute("value") or "")
    keys.type(journey.field("relationship"), "Father")
    keys.choose(journey.field("parental_responsibility", "yes"))
    keys.press(journey.button("Add Child"))
    journey.heading_is("Alan Aardvaark")
    journey.heading_has_focus()
    journey.check_page()


def step_heading(journey: Journey, number: int) -> str:
    step = EHCNA.step(number)
    return t("application.step_heading", journey.lang, number=number, total=len(EHCNA.steps),
             title=form_text.step_title(step, journey.lang))


def save_and_continue(journey: Journey, heading: str) -> None:
    journey.keys.press(journey.button("Save & Continue"))
    journey.heading_is(heading)
    wait_until_loaded(journey.page)
    journey.heading_has_focus()
    expect(journey.page.locator("#saved-status")).not_to_be_empty()  # read out by screen readers
    journey.check_page()


def fill_in_the_application(journey: Journey) -> None:
    page, keys = journey.page, journey.keys
    keys.press(page.get_by_role("button", name=re.compile("^" + re.escape(journey.say("Start")))))
    journey.heading_is(step_heading(journey, 1))
    wait_until_loaded(page)
    journey.heading_has_focus()
    journey.check_page()

    # Step 1: Save & Continue with nothing chosen shows what is needed; the answers are the parent's own.
    keys.press(journey.button("Save & Continue"))
    journey.error_summary_has_focus()
    journey.check_page(errors=True)
    keys.choose(journey.field("requester_role", "parent"))
    keys.choose(journey.field("request_type", "new"))
    keys.choose(journey.field("interpreter_needed", "yes"))
    expect(journey.field("interpreter_language")).to_be_visible()  # the follow-up question is revealed
    journey.check_page(errors=True)
    keys.type(journey.field("interpreter_language"), "Polish")
    save_and_continue(journey, step_heading(journey, 2))

    keys.select(journey.field("relationship_to_child"), "father")
    keys.choose(journey.field("has_parental_responsibility", "yes"))
    save_and_continue(journey, step_heading(journey, 3))
    save_and_continue(journey, step_heading(journey, 4))
    save_and_continue(journey, step_heading(journey, 5))
    keys.choose(journey.field("currently_in_education", "school"))
    save_and_continue(journey, step_heading(journey, 6))
    save_and_continue(journey, step_heading(journey, 7))
    save_and_continue(journey, step_heading(journey, 8))
    save_and_continue(journey, t("summary.title", journey.lang))
    main = page.locator("main")
    expect(main).to_contain_text("Polish")
    expect(main).to_contain_text(form_text.option(EHCNA.find("currently_in_education"), "school", journey.lang))


def submit(journey: Journey) -> None:
    page, keys = journey.page, journey.keys
    keys.press(journey.button("Submit"))  # without consent: refused, nothing sent
    journey.error_summary_has_focus()
    journey.check_page(errors=True)
    keys.tick(journey.field("consent_privacy"))
    keys.tick(journey.field("consent_share"))
    keys.tick(journey.field("declaration"))
    keys.type(journey.field("declaration_name"), "Lesley Harris")
    keys.press(journey.button("Submit"))
    journey.heading_is(t("confirmation.title", journey.lang))
    journey.heading_has_focus()
    journey.check_page()
    with Session(journey.app.engine()) as db:
        parent = db.exec(select(ParentAccount).where(ParentAccount.email == journey.email)).one()
        assert parent.preferred_language == journey.lang
        application = db.exec(select(Application).where(Application.parent_id == parent.id)).one()
    assert application.reference
    expect(page.locator("main")).to_contain_text(application.reference)
    message = journey.mail("email.application_received.subject")
    assert application.reference in text_of(message)
    assert form_text.step_title(EHCNA.step(1), journey.lang) in text_of(message)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_whole_parent_journey_with_the_keyboard_only(page: Page, served_app: ServedApp, lang: Language):
    journey = Journey(page, served_app, lang)
    start(journey)
    register(journey)
    turn_on_two_step_verification(journey)
    add_child(journey)
    fill_in_the_application(journey)
    submit(journey)
    assert journey.keys.stops > 100  # it really was done by pressing Tab
