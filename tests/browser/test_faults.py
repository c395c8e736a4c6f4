"""Faults while a parent fills in the EHCNA form (security.md §4, T1 and T8), on the served app.

* the database locked for 10 s while Save & Continue is pressed: a clear message within the
  busy timeout, nothing typed lost, nothing written, and the next press saves;
* the backend killed with SIGKILL mid-form and started again: a "trying to reconnect" banner
  while it is down, recovery without a reload, every saved answer still there.
"""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.engine import make_url

from ehcna_portal.db import SQLITE_BUSY_TIMEOUT_MS
from tests.support import ehcna_steps as steps
from tests.support.browser import assert_accessible, open_page
from tests.support.db_contents import columns_of, digests
from tests.support.faults import NOT_COMPARED, RECONNECTING, SERVICE_PROBLEM
from tests.support.languages import assert_page_in
from tests.support.mail import wait_until_outbox_quiet
from tests.support.parent_pages import applications_of, start_application
from tests.support.served_app import ServedApp

pytestmark = [pytest.mark.browser, pytest.mark.faults]

LOCK_SECONDS = 10
# Busy timeout, plus the event's round trip on a 2-core box shared with other test runs.
MESSAGE_WITHIN_SECONDS = SQLITE_BUSY_TIMEOUT_MS / 1000 + 3


def database_file(served_app: ServedApp) -> Path:
    url = make_url(served_app.settings().database_url)
    assert url.get_backend_name() == "sqlite", "this test locks the served app's SQLite file"
    return Path(url.database or "")


def fill_step_1(page: Page) -> None:
    """Step 1's answers, typed but not yet saved."""
    page.get_by_label("I am the parent or carer of the child").check()
    page.get_by_label("A new request for an education, health and care (EHC) needs assessment").check()
    page.get_by_label("What name does the child like to be called?").fill("Al")
    page.get_by_label("What is the child's NHS number?").fill("943 476 5919")


def expect_step_1_filled(page: Page) -> None:
    expect(page.get_by_label("I am the parent or carer of the child")).to_be_checked()
    expect(page.get_by_label("A new request for an education, health and care (EHC) needs assessment")) \
        .to_be_checked()
    expect(page.get_by_label("What name does the child like to be called?")).to_have_value("Al")
    expect(page.get_by_label("What is the child's NHS number?")).to_have_value("943 476 5919")


def test_database_locked_while_saving_tells_the_parent_keeps_the_answers_and_saves_after(
        page: Page, served_app: ServedApp):
    email = start_application(page, served_app)
    fill_step_1(page)
    engine = served_app.engine()
    tables = {name: names for name, names in columns_of(engine).items() if name not in NOT_COMPARED}
    wait_until_outbox_quiet(engine)
    before = digests(engine, tables)

    holder = sqlite3.connect(database_file(served_app), isolation_level=None, timeout=10)
    holder.execute("BEGIN EXCLUSIVE")  # what a long migration or a stuck writer would hold
    locked_at = time.monotonic()
    try:
        page.get_by_role("button", name="Save & Continue").click()
        summary = page.locator("#error-summary")
        expect(summary).to_contain_text(SERVICE_PROBLEM, timeout=MESSAGE_WITHIN_SECONDS * 1000)
        told_after = time.monotonic() - locked_at
        expect(summary).to_be_focused()
        assert page.title().startswith("Error:")
        expect(page.locator("h1")).to_contain_text("Step 1 of 8")
        expect_step_1_filled(page)  # nothing typed is lost: the form was not redrawn
        assert_accessible(page)
        time.sleep(max(0.0, LOCK_SECONDS - (time.monotonic() - locked_at)))
    finally:
        holder.rollback()
        holder.close()

    time.sleep(2)  # a save retried behind the parent's back would land now
    assert digests(engine, tables) == before, "a failed save wrote something"
    assert applications_of(served_app, email)[0].answers.get("step-1") in (None, {})

    steps.save_and_continue(page, "Step 2 of 8")  # no restart: the next press saves
    saved = applications_of(served_app, email)[0].answers["step-1"]
    assert saved["known_as"] == "Al" and saved["nhs_number"].replace(" ", "") == "9434765919"
    print(f"T8 SQLite lock: message shown {told_after:.1f} s after the lock (busy timeout "
          f"{SQLITE_BUSY_TIMEOUT_MS / 1000:.0f} s); saved on the next press after release")


def test_backend_killed_mid_form_shows_reconnecting_and_loses_nothing_saved(
        page: Page, browser: Browser, served_app: ServedApp):
    email = start_application(page, served_app)
    steps.step_1(page)  # saved: now on Step 2
    page.get_by_label(steps.label("What is your relationship to the child?")).select_option("father")
    responsibility = page.get_by_role("group", name=steps.label("Do you have parental responsibility for the child?"))
    responsibility.get_by_label("Yes", exact=True).check()  # typed, not saved

    # A second tab in Welsh, to check the banner's words and accessibility in both languages.
    welsh = browser.new_context(base_url=served_app.url).new_page()
    open_page(welsh, "/cy", check_accessibility=False)
    banner = page.locator("#connection-status")
    expect(banner).to_be_empty()

    served_app.kill()
    killed_at = time.monotonic()
    try:
        expect(banner).to_contain_text(RECONNECTING, timeout=15_000)
        shown_after = time.monotonic() - killed_at
        assert banner.get_attribute("role") == "status"
        assert_page_in(page, "en")
        expect(welsh.locator("#connection-status")).to_contain_text("Wrthi'n ceisio ailgysylltu", timeout=15_000)
        assert_page_in(welsh, "cy")
    finally:
        # started again whatever happened above: the app is the worker's, and the tests after this one need it
        served_app.start()
    started_at = time.monotonic()
    down_for = started_at - killed_at
    expect(banner).to_be_empty(timeout=30_000)  # reconnected, without a reload
    recovered_after = time.monotonic() - started_at
    expect(welsh.locator("#connection-status")).to_be_empty(timeout=30_000)
    welsh.context.close()
    # Not reloaded: what was typed but not saved is still in the form. Reflex keeps the page, and the inputs
    # are uncontrolled, so the typing lives in the DOM; but `reflex run` empties .states at start-up, so the
    # restarted backend has forgotten this tab: on reconnecting (hydrate_and_load) the page is drawn from the
    # state's defaults, then on_load draws the form again from the database, without the typing.
    # scripts/language-switch.js keeps what was typed while the banner shows and puts it back.
    expect(page.get_by_label(steps.label("What is your relationship to the child?"))).to_have_value("father")
    expect(responsibility.get_by_label("Yes", exact=True)).to_be_checked()
    steps.save_and_continue(page, "Step 3 of 8")  # the session survived: still signed in, saving works
    assert applications_of(served_app, email)[0].answers["step-2"]["relationship_to_child"] == "father"

    page.goto(page.url.replace("step-3", "step-1"))
    steps.wait_until_loaded(page)
    expect(page.get_by_label("What name does the child like to be called?")).to_have_value("Al")
    expect(page.get_by_label("Which language do you need an interpreter for?")).to_have_value("Polish")
    expect(page.get_by_label("What is the child's NHS number?")).to_have_value(re.compile(r"943 ?476 ?5919"))
    print(f"T1 kill -9: banner shown {shown_after:.1f} s after the kill; backend down {down_for:.0f} s (rebuild); "
          f"banner gone {recovered_after:.1f} s after the backend answered again")
