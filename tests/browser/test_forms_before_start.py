"""A form pressed before the page has started (scripts/forms.js).

The server's HTML of a page is shown while the app's scripts still load. The portal's forms have no action
(their fields go over the websocket), so a press in that moment was sent by the browser itself, as a GET to
the same address: the email address and password in the URL, the browser history and the server's logs
(seen in CI on a busy machine as ``/sign-in/code/?code=798390``). The press now waits for the app."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Route, expect

from tests.support.factories import PASSWORD, make_parent
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser

APP_SCRIPTS = re.compile(r"/assets/.+\.js$")


def test_a_sign_in_pressed_before_the_page_has_started_is_sent_by_the_app_not_put_in_the_address(
        page: Page, served_app: ServedApp):
    email = make_parent(served_app.engine(), served_app.settings(), two_step="email")
    held: list[Route] = []
    released: list[bool] = []

    def hold(route: Route) -> None:  # the app's scripts wait: the page is the server's HTML only
        if released:
            route.continue_()
        else:
            held.append(route)

    page.route(APP_SCRIPTS, hold)
    page.goto("/sign-in", wait_until="domcontentloaded")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_timeout(1500)
    assert held, "the app's scripts were not held back: the test did not press before the page started"
    assert "?" not in page.url and PASSWORD not in page.url, page.url
    expect(page.locator("h1")).to_have_text("Sign in")

    released.append(True)
    for route in held:
        route.continue_()
    expect(page.locator("h1")).to_have_text("Check your email")  # the press was kept, and sent by the app
    assert "?" not in page.url and PASSWORD not in page.url, page.url
