"""The page that changes one part of a case's plan: a section's words, the placement (section I), or one need,
outcome or provision item. One form whose questions follow the section's kind (forms/ehc_plan.py)."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.content import back_link, button, error_summary
from ehcna_portal.components.forms import long_text, text_input
from ehcna_portal.forms import ehc_plan
from ehcna_portal.i18n import t
from ehcna_portal.pages.school_field import schools_found
from ehcna_portal.pages.staff import EN
from ehcna_portal.state.staff_plan_item import PlanItemState


def _t(key: str) -> str:
    return t(f"staff.plan.{key}", EN)


def _value(name: str) -> rx.Var:
    return PlanItemState.values.get(name, "").to(str)


def _text(name: str, label: str, hint: str = "", limit: int = ehc_plan.TEXT_LIMIT) -> rx.Component:
    return long_text(name, label, EN, max_length=limit, default_value=_value(name), hint=hint,
                     error=PlanItemState.errors[name])


def _ticks(prefix: str, legend: str, options: rx.Var) -> rx.Component:
    """Boxes for the needs or outcomes a provision meets (``need-B1``…), ticked as saved."""
    def item(option: rx.Var) -> rx.Component:
        input_id = f"{prefix}-" + option["value"].to(str)
        return rx.el.div(
            rx.el.input(type="checkbox", name=input_id, value="yes", class_name="govuk-checkboxes__input",
                        default_checked=PlanItemState.chosen.contains(option["value"]), custom_attrs={"id": input_id}),
            rx.el.label(option["label"], html_for=input_id, class_name="govuk-label govuk-checkboxes__label"),
            class_name="govuk-checkboxes__item")

    return rx.el.div(rx.el.fieldset(
        rx.el.legend(legend, class_name="govuk-fieldset__legend govuk-fieldset__legend--s"),
        rx.el.div(rx.foreach(options, item), class_name="govuk-checkboxes govuk-checkboxes--small"),
        class_name="govuk-fieldset"), class_name="govuk-form-group")


def _areas() -> rx.Component:
    def item(option: rx.Var, index: rx.Var) -> rx.Component:
        input_id = rx.cond(index == 0, "area", "area-" + option["value"].to(str))
        return rx.el.div(
            rx.el.input(type="radio", name="area", value=option["value"], class_name="govuk-radios__input",
                        default_checked=_value("area") == option["value"], custom_attrs={"id": input_id}),
            rx.el.label(option["label"], html_for=input_id, class_name="govuk-label govuk-radios__label"),
            class_name="govuk-radios__item")

    error = PlanItemState.errors["area"]
    return rx.el.div(rx.el.fieldset(
        rx.el.legend(_t("area"), class_name="govuk-fieldset__legend govuk-fieldset__legend--s"),
        rx.cond(error != "", rx.el.p(error, class_name="govuk-error-message", id="area-error")),
        rx.el.div(rx.foreach(PlanItemState.areas, item), class_name="govuk-radios govuk-radios--small"),
        class_name="govuk-fieldset", aria_describedby=rx.cond(error != "", "area-error", None)),
        class_name=rx.cond(error != "", "govuk-form-group govuk-form-group--error", "govuk-form-group"))


def _provision() -> rx.Component:
    return rx.fragment(
        *(_text(part, _t(f"part.{part}"), _t(f"part.{part}_hint"), ehc_plan.PART_LIMIT)
          for part in ehc_plan.PROVISION_PARTS),
        _ticks("need", _t("meets_needs"), PlanItemState.needs),
        _ticks("outcome", _t("towards_outcomes"), PlanItemState.outcomes))


def _school_search() -> rx.Component:
    return rx.el.form(text_input("school_search", _t("find"), EN, hint=_t("find_hint")),
                      button(_t("find_button"), kind="secondary"), schools_found(PlanItemState, EN),
                      on_submit=PlanItemState.find_school,
                      no_validate=True, reset_on_submit=False, class_name="govuk-!-margin-bottom-6")


def _placement() -> rx.Component:
    """The school or institution chosen from the list (the one saved, or the search's results), and its type."""
    state = PlanItemState
    chosen = rx.cond(state.school_results.length() > 0, state.school_results,
                     rx.cond(_value("school_urn") != "",
                             rx.Var.create([{"value": _value("school_urn"), "label": _value("name")}]),
                             rx.Var.create([])))
    radios = rx.el.div(rx.foreach(chosen.to(list[dict[str, str]]), lambda option: rx.el.div(
        rx.el.input(type="radio", name="school_urn", value=option["value"],
                    default_checked=option["value"] == _value("school_urn"), class_name="govuk-radios__input",
                    custom_attrs={"id": "school_urn-" + option["value"].to(str)}),
        rx.el.label(option["label"], html_for="school_urn-" + option["value"].to(str),
                    class_name="govuk-label govuk-radios__label"),
        class_name="govuk-radios__item")), class_name="govuk-radios govuk-radios--small")
    error = state.errors["school_urn"]
    return rx.fragment(
        rx.el.div(rx.el.fieldset(
            rx.el.legend(_t("school"), class_name="govuk-fieldset__legend govuk-fieldset__legend--s"),
            rx.cond(error != "", rx.el.p(error, class_name="govuk-error-message", id="school_urn-error")), radios,
            class_name="govuk-fieldset", id="school_urn",
            aria_describedby=rx.cond(error != "", "school_urn-error", None)),
            class_name=rx.cond(error != "", "govuk-form-group govuk-form-group--error", "govuk-form-group")),
        text_input("type", _t("type"), EN, default_value=_value("type"),
                   hint=_t("type_hint")))


def item_page(_lang: str = EN) -> rx.Component:
    state = PlanItemState
    fields = rx.match(state.kind,
                      ("text", _text("text", state.title)),
                      ("needs", rx.fragment(_areas(), _text("text", _t("need")))),
                      ("outcomes", rx.fragment(_text("text", _t("outcome"), _t("outcome_hint")),
                                               _text("steps", _t("steps")))),
                      ("provision", _provision()),
                      ("placement", _placement()),
                      rx.fragment())
    form = rx.el.form(
        rx.el.input(type="hidden", name="revision", value=state.revision.to_string()),
        fields,
        button(_t("save")),
        on_submit=state.save, no_validate=True, reset_on_submit=False, key=state.form_key, id="plan-item-form")
    found = rx.fragment(
        back_link(routes.staff_case(state.case_id, "plan"), EN),
        error_summary(state.error_list, EN),
        rx.el.span(state.title, class_name="govuk-caption-l"),
        rx.el.h1(rx.cond(state.item == "new", _t("add_item"),
                         rx.cond(state.item == "", _t("change_section"),
                                 _t("change_item") + " " + state.item)),
                 class_name="govuk-heading-l"),
        rx.cond(state.kind == "placement", _school_search()),
        form)
    return rx.cond(state.found, found, rx.el.h1(t("notfound.title", EN), class_name="govuk-heading-l"))
