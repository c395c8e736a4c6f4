"""A plan's sections A–K as a page: each section a heading, its words or its items (each with its id, its parts
as a summary list and the advice it came from). Readable on a phone (one column, no tables) and printable."""

from __future__ import annotations

import reflex as rx

from ehcna_portal.components.content import summary_list_of


def _item(item: rx.Var) -> rx.Component:
    return rx.el.div(
        rx.cond(item["id"] != "", rx.el.h4(item["id"], class_name="govuk-heading-s", id="plan-item-" + item["id"])),
        summary_list_of(item["rows"].to(list[dict[str, str]])),
        rx.cond(item["source"] != "", rx.el.p(item["source"], class_name="govuk-body-s app-plan-source")),
        class_name="app-plan-item")


def _section(section: rx.Var) -> rx.Component:
    items = section["items"].to(list[dict])
    return rx.el.section(
        rx.el.h3(section["key"], ". ", section["title"], class_name="govuk-heading-m",
                 id="plan-section-" + section["key"]),
        rx.cond(section["text"] != "", rx.el.p(section["text"], class_name="govuk-body app-plan-text")),
        rx.foreach(items, _item),
        rx.cond((section["text"] == "") & (items.length() == 0), rx.el.p(section["empty"], class_name="govuk-body")),
        class_name="app-plan-section")


def plan_document(sections: rx.Var) -> rx.Component:
    return rx.el.div(rx.foreach(sections, _section), class_name="app-plan", id="plan-document")
