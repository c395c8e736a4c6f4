"""Admins: the address book of professionals the council asks for advice."""

from __future__ import annotations

import reflex as rx

from ehcna_portal.components.content import button, error_summary, notification_banner, table, table_row
from ehcna_portal.components.forms import select, text_input
from ehcna_portal.components.text import paragraph
from ehcna_portal.i18n import LANGUAGES, t
from ehcna_portal.pages.staff import EN
from ehcna_portal.services.professionals import KINDS
from ehcna_portal.state.staff_professionals import ProfessionalsState


def _entries() -> rx.Component:
    state = ProfessionalsState

    def row(entry: rx.Var) -> rx.Component:
        who = rx.el.span(" ", entry["name"], class_name="govuk-visually-hidden")
        switch = rx.el.button(rx.cond(entry["active"] == "yes", t("staff.book.switch_off", EN),
                                      t("staff.book.switch_on", EN)), who, type="button",
                              class_name="app-link-button govuk-body", on_click=state.toggle(entry["id"]))
        return table_row(rx.el.th(entry["name"], scope="row", class_name="govuk-table__header"),
                         entry["organisation"], rx.el.span(entry["email"], class_name="app-break-anywhere"),
                         entry["type"], entry["language"],
                         rx.fragment(rx.cond(entry["active"] == "yes", t("staff.book.active", EN),
                                             t("staff.book.inactive", EN)), rx.el.br(), switch))

    headers = [t(key, EN) for key in ("staff.advice.name", "staff.advice.organisation", "staff.advice.email",
                                      "staff.book.advice", "staff.book.language", "staff.book.state")]
    return rx.cond(state.entries.length() > 0, table(headers, rx.foreach(state.entries, row), id="professionals"),
                   paragraph("staff.book.empty", EN))


def professionals_page(_lang: str = EN) -> rx.Component:
    state = ProfessionalsState
    errors = state.errors
    form = rx.el.form(
        rx.el.h2(t("staff.book.add", EN), class_name="govuk-heading-m"),
        text_input("name", t("staff.advice.name", EN), EN, error=errors["name"]),
        text_input("organisation", t("staff.advice.organisation", EN), EN, error=errors["organisation"]),
        text_input("email", t("staff.advice.email", EN), EN, input_type="email", error=errors["email"],
                   spell_check=False, auto_complete="off"),
        select("advice_type", t("staff.book.advice", EN), [(kind, t(f"advice.type.{kind}", EN)) for kind in KINDS],
               EN, error=errors["advice_type"]),
        select("language", t("staff.book.language", EN),
               [(lang, t(f"staff.book.language.{lang}", EN)) for lang in LANGUAGES], EN, error=errors["language"]),
        button(t("staff.book.add_button", EN)),
        on_submit=state.add, no_validate=True, reset_on_submit=False, key=state.revision.to_string())
    return rx.fragment(
        error_summary(state.error_list, EN),
        rx.cond(state.added, notification_banner(t("staff.book.added", EN), EN, success=True)),
        rx.el.h1(t("staff.book.title", EN), class_name="govuk-heading-l"),
        paragraph("staff.book.intro", EN),
        _entries(), form)
