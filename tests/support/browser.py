"""Driving Debian's Chromium with Playwright: pages opened and checked with axe-core, sign-in steps."""

from __future__ import annotations

import functools
import json
import re

from playwright.sync_api import Page

from tests.support.paths import ROOT
from tests.support.served_app import ServedApp

AXE_JS = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
# Debian's chromium-headless-shell: the build Playwright runs for headless Chromium by default.
CHROMIUM = "/usr/bin/chromium-headless-shell"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    # As govuk-frontend's own tests: a back link sits outside landmarks by design (govuk-frontend#1604).
    "rules": {"region": {"enabled": False}},
    "resultTypes": ["violations"],
}


def open_page(page: Page, path: str, *, check_accessibility: bool = True) -> None:
    """Navigate, wait until the app has hydrated over its websocket, then run axe on what is shown."""
    page.goto(path)
    page.wait_for_selector("main#main-content")
    # React has taken the page over (hydrated): it marks the elements it owns. Before that the server's HTML
    # is shown, and a press waits for the app (scripts/forms.js), which on a busy machine can be seconds.
    page.wait_for_function("() => { const main = document.querySelector('main#main-content');"
                           " return main && main.children.length > 0"
                           " && Object.keys(main).some(key => key.startsWith('__reactProps$')); }")
    if check_accessibility:
        assert_accessible(page)


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text()


# What axe has already passed in this process: the same markup, focus and viewport are the same page to axe
# (the stylesheets are the run's one build), so a page a journey shows again is not checked again. Any change —
# an error message, a revealed question, another language, a narrower window — is a new check.
_PASSED: set[str] = set()
_SIGNATURE = """() => {
    const text = [innerWidth, innerHeight, document.activeElement ? document.activeElement.outerHTML : '',
                  document.documentElement.outerHTML].join('\\u0000');
    let one = 0x811c9dc5, two = 0x9747b28c;  // two 32-bit FNV-1a-style hashes over the UTF-16 code units
    for (let i = 0; i < text.length; i++) {
        one = Math.imul(one ^ text.charCodeAt(i), 0x01000193) >>> 0;
        two = Math.imul(two ^ text.charCodeAt(i), 0x5bd1e995) >>> 0;
    }
    return `${text.length}:${one}:${two}`;
}"""


def assert_accessible(page: Page) -> None:
    """axe-core (pinned in tools/package.json) finds no WCAG 2.2 A/AA or best-practice violation."""
    signature = page.evaluate(_SIGNATURE)
    if signature in _PASSED:
        return
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())  # run by the test, not added as a <script> the page's CSP would block
    violations = page.evaluate("options => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS)
    report = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
               "nodes": [n["target"] for n in v["nodes"]][:5]} for v in violations]
    assert report == [], f"axe found violations on {page.url}:\n{json.dumps(report, indent=2)}"
    _PASSED.add(signature)


def sign_in_with_emailed_code(page: Page, served_app: ServedApp, email: str, password: str) -> None:
    """On a sign-in page: the password, then the code from the email the app sends."""
    from tests.support.mail import code_in, wait_for_mail

    before = len(served_app.smtp.inbox.messages)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.locator("h1", has_text="Check your email").wait_for()
    message = wait_for_mail(served_app.smtp, email, "verification code", after=before)
    page.get_by_label("Verification code").fill(code_in(message))
    page.get_by_role("button", name="Continue").click()


def sent_events(page: Page) -> list[str]:
    """The names of the Reflex events this page sends from now on (Socket.IO ``42["event", …]`` frames), in
    order: a list the test clears and reads. Register before the page opens its websocket."""
    names: list[str] = []

    def record(payload: str | bytes) -> None:
        found = isinstance(payload, str) and re.match(r"4[25]\d*-?(/[^,]*,)?\d*(\[.*)", payload, re.S)
        if found:
            kind, event = json.loads(found.group(2))[:2]
            if kind == "event":
                names.append((json.loads(event) if isinstance(event, str) else event)["name"].rsplit(".", 1)[-1])

    page.on("websocket", lambda socket: socket.on("framesent", record))
    return names
