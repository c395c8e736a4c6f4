"""A "plan_items" question: the same question asked of each item of a plan section — progress towards each outcome
in section E, whether each provision in section F was delivered — with a note on each. The items come from state
(``plan_items[<question>]``: ``{"id", "text", "choice", "note"}`` each), so one compiled control serves any plan.
Each item's radios post as ``<question>.<item id>`` and its note as ``<question>.<item id>.note``
(forms/answers.py reads them); the first radio carries ``<question>-<item id>`` for the error summary's link."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from ehcna_portal.components.forms import error_message
from ehcna_portal.forms import text as form_text
from ehcna_portal.forms.schema import Field
from ehcna_portal.i18n import Language, t


def plan_items_field(field: Field, label: rx.Component, hint: str, lang: Language, state: type) -> rx.Component:
    """One fieldset per item, legend "E1: <the outcome>", under the question's own heading and hint."""
    name = field.name
    options = form_text.options(field, lang)

    def item(entry: Var) -> rx.Component:
        item_id = entry["id"].to(str)
        base = f"{name}-" + item_id
        error = state.errors[base].to(str)
        note_error = state.errors[base + "-note"].to(str)
        radios = [rx.el.div(
            rx.el.input(name=f"{name}." + item_id, type="radio", value=value,
                        default_checked=entry["choice"].to(str) == value, class_name="govuk-radios__input",
                        custom_attrs={"id": base if index == 0 else base + f"-{index + 1}"}),
            rx.el.label(text, html_for=base if index == 0 else base + f"-{index + 1}",
                        class_name="govuk-label govuk-radios__label"),
            class_name="govuk-radios__item") for index, (value, text) in enumerate(options)]
        return rx.el.div(
            rx.el.fieldset(
                rx.el.legend(item_id, ": ", entry["text"].to(str),
                             class_name="govuk-fieldset__legend govuk-fieldset__legend--s"),
                rx.cond(error != "", rx.el.p(rx.el.span(t("error.prefix", lang), class_name="govuk-visually-hidden"),
                                             " ", error, id=base + "-error", class_name="govuk-error-message")),
                rx.el.div(*radios, class_name="govuk-radios govuk-radios--small"),
                class_name="govuk-fieldset", aria_describedby=rx.cond(error != "", base + "-error", None)),
            rx.el.div(
                rx.el.label(t("form.plan_items.note", lang), html_for=base + "-note", class_name="govuk-label"),
                rx.cond(note_error != "", rx.el.p(rx.el.span(t("error.prefix", lang),
                                                             class_name="govuk-visually-hidden"),
                                                  " ", note_error, id=base + "-note-error",
                                                  class_name="govuk-error-message")),
                rx.el.textarea(name=f"{name}." + item_id + ".note", rows=2, default_value=entry["note"].to(str),
                               class_name=rx.cond(note_error != "", "govuk-textarea govuk-textarea--error",
                                                  "govuk-textarea"),
                               custom_attrs={"id": base + "-note"}),
                class_name="govuk-form-group"),
            class_name=rx.cond(error != "", "govuk-form-group govuk-form-group--error app-plan-item",
                               "govuk-form-group app-plan-item"))

    return rx.el.div(
        rx.el.h3(label, class_name="govuk-heading-s"),
        rx.el.div(hint, class_name="govuk-hint") if hint else rx.fragment(),
        error_message(name, state.errors[name], lang),
        rx.cond(state.plan_items.contains(name),
                rx.cond(state.plan_items[name].to(list[dict[str, str]]).length() > 0,
                        rx.foreach(state.plan_items[name].to(list[dict[str, str]]), item),
                        rx.el.p(t("form.plan_items.none", lang), class_name="govuk-body"))),
        id=name)
