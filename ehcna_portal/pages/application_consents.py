"""The summary's consents and declaration, and what a sent request agreed to (print view), drawn from
``forms/consents.py``: a parent sees seed 1.4.2 word for word, a young person the same agreements written to
them, and a parent of a young person aged 16 or over the young person's agreement question."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.content import button, summary_list_of
from ehcna_portal.components.forms import form_group, radios, required_label, text_input
from ehcna_portal.components.text import paragraph
from ehcna_portal.forms.consents import ITEMS, PARENT, ConsentItem
from ehcna_portal.i18n import Language, t
from ehcna_portal.state.application import ApplicationState

S = ApplicationState


def _error(name: str, lang: Language) -> rx.Component:
    error = S.errors[name]
    return rx.cond(error, rx.el.p(rx.el.span(t("error.prefix", lang), class_name="govuk-visually-hidden"), " ",
                                  error, class_name="govuk-error-message", id=f"{name}-error"))


def _checkbox(item: ConsentItem, lang: Language) -> rx.Component:
    error = S.errors[item.name]
    return form_group(
        error,
        _error(item.name, lang),
        rx.el.div(rx.el.div(
            rx.el.input(name=item.name, type="checkbox", value="yes", class_name="govuk-checkboxes__input",
                        custom_attrs={"id": item.name}, default_checked=S.consent_given[item.name] == "yes",
                        aria_describedby=rx.cond(error, f"{item.name}-error", "")),
            rx.el.label(t(item.label, lang), html_for=item.name, class_name="govuk-label govuk-checkboxes__label"),
            class_name="govuk-checkboxes__item"), class_name="govuk-checkboxes"),
    )


def _item(item: ConsentItem, lang: Language) -> rx.Component:
    parts: list[rx.Component] = [paragraph(key, lang) for key in item.paragraphs]
    if item.inset:
        parts.append(rx.el.div(paragraph(item.inset, lang, routes.hrefs(lang)), class_name="govuk-inset-text"))
    if item.kind == "checkbox":
        parts.append(_checkbox(item, lang))
    elif item.kind == "radios":
        parts.append(radios(item.name, required_label(t(item.label, lang), lang),
                            [(value, t(f"{item.label}.{value}", lang)) for value in item.options], lang,
                            hint=t(item.hint, lang), error=S.errors[item.name],
                            selected=S.consent_given[item.name],
                            legend_class="govuk-fieldset__legend govuk-fieldset__legend--s"))
    else:
        parts.append(text_input(item.name, required_label(t(item.label, lang), lang), lang,
                                hint=t(item.hint, lang), error=S.errors[item.name], auto_complete="name",
                                default_value=S.consent_given[item.name],
                                width_class="govuk-!-width-two-thirds", spell_check=False))
    return rx.fragment(*parts)


def _items(requester: str, lang: Language) -> rx.Component:
    return rx.fragment(*(_item(item, lang) for item in ITEMS[requester]))


def consent_form(lang: Language) -> rx.Component:
    """Seed 1.4.2's consents for whoever is asking, the declaration, and Submit."""
    others = [(requester, _items(requester, lang)) for requester in ITEMS if requester != PARENT]
    return rx.el.form(
        rx.el.h2(t("consent.title", lang), class_name="govuk-heading-m"),
        rx.match(S.requested_by, *others, _items(PARENT, lang)),
        button(t("summary.submit", lang)),
        on_submit=S.submit_application, no_validate=True, reset_on_submit=False, key=S.form_key,
    )


def agreed_section(lang: Language) -> rx.Component:
    """What the requester agreed to, by whom and when (a sent request's print view and summary)."""
    return rx.cond(S.agreed_rows.length() > 0, rx.el.section(
        rx.el.h2(t("consent.agreed_title", lang), class_name="govuk-heading-m"),
        summary_list_of(S.agreed_rows, lambda row: row.question, lambda row: row.answer),
        id="consents", class_name="app-print-step"))
