"""Admins: the list of vague terms the draft plan's quality check flags in section F."""

from __future__ import annotations

import reflex as rx

from ehcna_portal.components.content import button, error_summary, notification_banner, table, table_row
from ehcna_portal.components.forms import checkboxes, text_input
from ehcna_portal.components.text import paragraph
from ehcna_portal.i18n import t
from ehcna_portal.pages.staff import EN
from ehcna_portal.state.staff_vague_terms import VagueTermsState


def _terms() -> rx.Component:
    state = VagueTermsState

    def row(term: rx.Var) -> rx.Component:
        switch = rx.el.button(rx.cond(term["active"] == "yes", t("staff.book.switch_off", EN),
                                      t("staff.book.switch_on", EN)),
                              rx.el.span(" ", term["phrase"], class_name="govuk-visually-hidden"), type="button",
                              class_name="app-link-button govuk-body", on_click=state.toggle(term["id"]))
        return table_row(rx.el.th(term["phrase"], scope="row", class_name="govuk-table__header"),
                         rx.cond(term["unless_number"] == "yes", t("staff.vague.unless_number_short", EN), ""),
                         rx.fragment(rx.cond(term["active"] == "yes", t("staff.book.active", EN),
                                             t("staff.book.inactive", EN)), rx.el.br(), switch))

    headers = [t(key, EN) for key in ("staff.vague.phrase", "staff.vague.when", "staff.book.state")]
    return table(headers, rx.foreach(state.terms, row), id="vague-terms")


def vague_terms_page(_lang: str = EN) -> rx.Component:
    state = VagueTermsState
    form = rx.el.form(
        rx.el.h2(t("staff.vague.add", EN), class_name="govuk-heading-m"),
        text_input("phrase", t("staff.vague.phrase", EN), EN, hint=t("staff.vague.phrase_hint", EN),
                   error=state.errors["phrase"], spell_check=False),
        checkboxes("unless_number", t("staff.vague.when", EN),
                   [("yes", t("staff.vague.unless_number", EN))], EN,
                   legend_class="govuk-fieldset__legend govuk-fieldset__legend--s"),
        button(t("staff.vague.add_button", EN)),
        on_submit=state.add, no_validate=True, reset_on_submit=False, key=state.revision.to_string())
    return rx.fragment(
        error_summary(state.error_list, EN),
        rx.cond(state.added, notification_banner(t("staff.vague.added", EN), EN, success=True)),
        rx.el.h1(t("staff.vague.title", EN), class_name="govuk-heading-l"),
        paragraph("staff.vague.intro", EN),
        _terms(), form)
