"""Filling in the EHCNA application the way a parent does, one step at a time (shared by the tests and bench)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect


def label(text: str) -> re.Pattern[str]:
    """A question's accessible name: its text, then " (required)" for the starred ones."""
    return re.compile("^" + re.escape(text) + r"( \*)?( \(required\))?$")


def wait_until_loaded(page: Page) -> None:
    """Until the application page has been filled from the database for the address now shown
    (for a moment after a navigation the previous page's answers are still on screen)."""
    page.wait_for_function("() => document.querySelector('[data-loaded]')?.dataset.loaded === location.pathname")


def save_and_continue(page: Page, next_heading: str) -> None:
    page.get_by_role("button", name="Save & Continue").click()
    expect(page.locator("h1")).to_contain_text(next_heading)
    wait_until_loaded(page)


def add_item(page: Page, add_label: str, answers: dict[str, str], selects: dict[str, str] | None = None,
             radios: dict[str, str] | None = None) -> None:
    """"Add …" on a step, answer the item's questions on its own page, back to the step."""
    heading = page.locator("h1").inner_text()
    page.get_by_role("button", name=add_label).click()
    expect(page.locator("h1")).to_have_text(add_label)
    wait_until_loaded(page)
    for question, value in answers.items():
        page.get_by_label(label(question)).fill(value)
    for question, value in (selects or {}).items():
        page.get_by_label(label(question)).select_option(value)
    for question, value in (radios or {}).items():
        page.get_by_role("group", name=label(question)).get_by_label(value, exact=True).check()
    page.get_by_role("button", name="Save & Continue").click()
    expect(page.locator("h1")).to_have_text(heading)
    wait_until_loaded(page)


def step_1(page: Page) -> None:
    expect(page.locator("h1")).to_contain_text("Step 1 of 8")
    page.get_by_label("I am the parent or carer of the child").check()
    page.get_by_label("A new request for an education, health and care (EHC) needs assessment").check()
    page.get_by_label("What name does the child like to be called?").fill("Al")
    interpreter = page.get_by_role("group", name="Will you or the child need an interpreter at meetings?")
    interpreter.get_by_label("Yes", exact=True).check()
    page.get_by_label("Which language do you need an interpreter for?").fill("Polish")
    page.get_by_label("What is the child's NHS number?").fill("943 476 5919")
    save_and_continue(page, "Step 2 of 8")


def step_2(page: Page) -> None:
    page.get_by_label(label("What is your relationship to the child?")).select_option("father")
    page.get_by_role("group", name=label("Do you have parental responsibility for the child?")).get_by_label(
        "Yes", exact=True).check()
    add_item(page, "Add person", {"First name": "Lesley", "Last name": "Harris"}, selects={
        "What is their relationship to the child?": "mother"})
    add_item(page, "Add household member", {"Name": "Amy Aardvaark", "How old are they?": "4"})
    save_and_continue(page, "Step 3 of 8")


def step_3(page: Page) -> None:
    page.get_by_label("I wrote them with the child").check()
    page.get_by_label("What do people like and admire about the child?").fill(
        "Al is kind, funny and loves dinosaurs. He remembers every fact he reads.")
    save_and_continue(page, "Step 4 of 8")


def step_4(page: Page) -> None:
    page.get_by_label("Why are you asking for an assessment now?").fill(
        "Al's anxiety has grown this year and school say they cannot meet his needs from their own resources.")
    save_and_continue(page, "Step 5 of 8")


def step_5(page: Page) -> None:
    page.get_by_label("At school", exact=True).check()
    add_item(page, "Add support", {"What support does the child get?": "1:1 teaching assistant every morning"})
    save_and_continue(page, "Step 6 of 8")


def step_6(page: Page) -> None:
    page.get_by_role("group", name="Does the child have social, emotional and mental health difficulties?") \
        .get_by_label("Yes", exact=True).check()
    page.get_by_label("Anxiety").check()
    add_item(page, "Add diagnosis", {"Condition": "Autism"})
    save_and_continue(page, "Step 7 of 8")


def step_7(page: Page) -> None:
    page.get_by_label("GP's name").fill("Dr Patel")
    add_item(page, "Add professional", {"Name": "Sam Jones"},
             selects={"What is their role?": "educational_psychologist"})
    save_and_continue(page, "Step 8 of 8")


def upload(page: Page, *files: Path) -> None:
    page.get_by_label("Upload a file").set_input_files([str(path) for path in files])
    page.get_by_role("button", name="Upload file").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("File uploaded")
    wait_until_loaded(page)


def describe_document(page: Page, name: str, kind: str, author: str) -> None:
    card = page.locator(".govuk-summary-card", has_text=name)
    card.get_by_role("button", name=re.compile("^Change")).click()
    expect(page.locator("h1")).to_contain_text(name)
    wait_until_loaded(page)
    page.get_by_label(label("What type of document is it?")).select_option(kind)
    page.get_by_label(label("Document from")).fill(author)
    page.get_by_label("Day", exact=True).fill("27")
    page.get_by_label("Month", exact=True).fill("3")
    page.get_by_label("Year", exact=True).fill("2026")
    page.get_by_role("button", name="Save & Continue").click()
    expect(page.locator("h1")).to_contain_text("Step 8 of 8")
    wait_until_loaded(page)
