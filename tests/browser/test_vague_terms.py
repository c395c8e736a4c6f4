"""Admins keep the list of vague terms the draft plan's quality check flags: a bad term is refused at its field,
a term is added, and a term is switched off and on again; a caseworker cannot open the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ehcna_portal import routes
from tests.support.browser import assert_accessible, open_page
from tests.support.served_app import ServedApp
from tests.support.staff_pages import caseworker, staff_sign_in

pytestmark = pytest.mark.browser


def test_an_admin_keeps_the_vague_terms_list(page: Page, served_app: ServedApp):
    staff_sign_in(page, caseworker(served_app, "admin", "Vera Vague"))
    open_page(page, routes.STAFF_VAGUE_TERMS)
    terms = page.locator("#vague-terms")
    expect(terms).to_contain_text("as appropriate")
    page.get_by_label("Word or phrase").fill("Up To")
    page.get_by_role("button", name="Add term").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("already in the list")
    assert_accessible(page)
    page.get_by_label("Word or phrase").fill("termly")
    page.get_by_role("button", name="Add term").click()
    expect(terms.locator("tr", has_text="termly")).to_contain_text("Yes")
    row = terms.locator("tr", has_text="termly")
    row.get_by_role("button", name="Switch off termly").click()
    expect(row).to_contain_text("No, switched off")
    row.get_by_role("button", name="Switch on termly").click()
    expect(row).to_contain_text("Yes")


def test_a_caseworker_cannot_open_it(page: Page, served_app: ServedApp):
    staff_sign_in(page, caseworker(served_app))
    open_page(page, routes.STAFF_VAGUE_TERMS, check_accessibility=False)
    expect(page.locator("main")).not_to_contain_text("as appropriate")
