"""A plan's sections A–K as a page: each section a heading, its words or its items (each with its id, its parts
as a summary list and the advice it came from). Readable on a phone (one column, no tables) and printable.
``level`` is the sections' heading level, so the headings follow the page's own (WCAG 1.3.1)."""

from __future__ import annotations

import reflex as rx

from ehcna_portal.components.content import summary_list_of

HEADINGS = {2: rx.el.h2, 3: rx.el.h3, 4: rx.el.h4, 5: rx.el.h5}


def _item(item: rx.Var, level: int) -> rx.Component:
    return rx.el.div(
        rx.cond(item["id"] != "", HEADINGS[level + 1](item["id"], class_name="govuk-heading-s",
                                                      id="plan-item-" + item["id"].to(str))),
        summary_list_of(item["rows"].to(list[dict[str, str]])),
        rx.cond(item["source"] != "", rx.el.p(item["source"], class_name="govuk-body-s app-plan-source")),
        class_name="app-plan-item")


def _section(section: rx.Var, level: int) -> rx.Component:
    items = section["items"].to(list[dict])
    return rx.el.section(
        HEADINGS[level](section["heading"], class_name="govuk-heading-m", id="plan-section-" + section["key"].to(str)),
        rx.cond(section["text"] != "", rx.el.p(section["text"], class_name="govuk-body app-plan-text")),
        rx.foreach(items, lambda item: _item(item, level)),
        rx.cond((section["text"] == "") & (items.length() == 0), rx.el.p(section["empty"], class_name="govuk-body")),
        class_name="app-plan-section")


def plan_document(sections: rx.Var, level: int = 2) -> rx.Component:
    return rx.el.div(rx.foreach(sections, lambda section: _section(section, level)), class_name="app-plan",
                     id="plan-document")
