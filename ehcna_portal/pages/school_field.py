"""The control for a question answered from the schools list: a search box and Search, then the schools found
(or the one already chosen) as radios; how many were found is announced (role="status")."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ehcna_portal.components.content import button
from ehcna_portal.components.forms import choice_item, error_message, form_group, hint_text, text_input, typed_value
from ehcna_portal.forms.schema import Field
from ehcna_portal.i18n import Language, t


def schools_found(state: type, lang: Language, none_key: str = "school_field.none", **attrs: Any) -> rx.Component:
    """How many schools the last search found, announced (role="status"), on family and staff pages alike."""
    count = state.school_results.length()
    return rx.el.p(rx.cond(state.school_searched,
                           rx.cond(count > 0, t("school_field.found", lang) + " " + count.to_string(),
                                   t(none_key, lang)), ""),
                   role="status", class_name="govuk-body", **attrs)


def school_field(field: Field, label: Any, hint: Any, lang: Language, state: type) -> rx.Component:
    name, error = field.name, state.errors[field.name]
    saved = rx.Var.create([{"value": state.values[name], "label": state.values[f"{name}-name"]}])
    options = rx.cond(state.school_results.length() > 0, state.school_results,
                      rx.cond(state.values[name] != "", saved, rx.Var.create([]))).to(list[dict[str, str]])

    def option(choice: rx.Var, index: rx.Var) -> rx.Component:
        input_id = rx.cond(index == 0, name, f"{name}-" + choice["value"].to(str))
        return choice_item("radio", name, choice["value"], choice["label"], input_id,
                           checked=choice["value"] == state.values[name])

    return form_group(
        error,
        rx.el.fieldset(
            rx.el.legend(label, class_name="govuk-fieldset__legend govuk-fieldset__legend--s"),
            hint_text(name, hint),
            error_message(name, error, lang),
            text_input(f"{name}-query", t("child.school_search", lang), lang, name=f"{name}-query",
                       spell_check=False, auto_complete="off",
                       custom_attrs={"data-enter-presses": f"{name}-search"}),
            button(t("child.school_search_button", lang), kind="secondary", type="button", id=f"{name}-search",
                   on_click=state.search_school(typed_value(f"{name}-query")),
                   custom_attrs={"data-focus-after": name, "data-focus-signal": f"{name}-status"}),
            schools_found(state, lang, id=f"{name}-status"),
            rx.el.div(rx.foreach(options, option), class_name="govuk-radios govuk-radios--small"),
            class_name="govuk-fieldset", aria_describedby=f"{name}-status"))
