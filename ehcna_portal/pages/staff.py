"""The staff pages: sign in, authenticator, sign out and the queue of requests (English only)."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.content import (
    button,
    error_summary,
    in_page_link,
    notification_banner,
    sub_navigation,
    tag,
)
from ehcna_portal.components.forms import (
    date_input,
    password_input,
    select,
    text_input,
)
from ehcna_portal.components.text import paragraph
from ehcna_portal.i18n import t
from ehcna_portal.state.staff_queue import QueueState
from ehcna_portal.state.staff_session import StaffSignInState, StaffTwoStepState

EN = "en"


def staff_form(on_submit, *children: rx.Component) -> rx.Component:
    return rx.el.form(*children, on_submit=on_submit, no_validate=True, reset_on_submit=False)


def staff_sign_in(_lang: str = EN) -> rx.Component:
    state = StaffSignInState
    banner = rx.match(state.reason,
                      ("expired", notification_banner(t("staff.sign_in.expired", EN), EN)),
                      ("signed_out", notification_banner(t("staff.sign_in.signed_out", EN), EN, success=True)),
                      rx.fragment())
    return rx.fragment(
                  rx.cond(state.error_list.length() > 0, error_summary(state.error_list, EN), banner),
                  rx.el.h1(t("staff.sign_in.title", EN), class_name="govuk-heading-l"),
                  paragraph("staff.sign_in.intro", EN),
                  staff_form(state.submit,
                        text_input("email", t("field.email", EN), EN, error=state.errors["email"], input_type="email",
                                   auto_complete="username", spell_check=False),
                        password_input("password", t("field.password", EN), EN, error=state.errors["password"]),
                        button(t("sign_in.submit", EN))))


def staff_two_step(_lang: str = EN) -> rx.Component:
    state = StaffTwoStepState
    setup = rx.fragment(
        rx.el.h1(t("staff.two_step.setup_title", EN), class_name="govuk-heading-l"),
        paragraph("staff.two_step.setup_intro", EN),
        rx.el.img(src=state.qr_code, alt=t("two_step.app.qr_alt", EN), class_name="app-qr",
                  custom_attrs={"width": "205", "height": "205"}),
        paragraph("two_step.app.key_intro", EN),
        rx.el.p(rx.el.code(state.manual_key, class_name="app-setup-key"), class_name="govuk-body", id="setup-key"),
    )
    ask = rx.fragment(rx.el.h1(t("staff.two_step.title", EN), class_name="govuk-heading-l"),
                      paragraph("staff.two_step.intro", EN))
    return rx.fragment(
                  error_summary(state.error_list, EN),
                  rx.cond(state.setting_up, setup, ask),
                  staff_form(state.submit,
                        text_input("code", t("staff.two_step.code", EN), EN, error=state.errors["code"],
                                   hint=t("staff.two_step.code_hint", EN), width_class="govuk-input--width-10",
                                   input_mode="numeric", auto_complete="one-time-code", spell_check=False),
                        button(t("staff.two_step.continue", EN))))


def staff_sign_out(_lang: str = EN) -> rx.Component:
    return rx.fragment(rx.el.h1(t("sign_out.title", EN), class_name="govuk-heading-l"))


def _sort_header(key: str, label_key: str) -> rx.Component:
    state = QueueState
    direction = rx.cond(state.sort == key, rx.cond(state.descending, "descending", "ascending"), "none")
    return rx.el.th(in_page_link(t(label_key, EN), target=state.links[f"sort-{key}"], class_name="govuk-link"),
                    scope="col", class_name="govuk-table__header", aria_sort=direction)


def _queue_row(row) -> rx.Component:
    cell = "govuk-table__cell"
    return rx.el.tr(
        rx.el.td(rx.el.div(rx.el.input(type="checkbox", name="select-" + row["id"], value="yes",
                                       class_name="govuk-checkboxes__input",
                                       custom_attrs={"id": "select-" + row["id"]}),
                           rx.el.label(rx.el.span(t("staff.queue.select", EN), " ", row["reference"],
                                                  class_name="govuk-visually-hidden"),
                                       html_for="select-" + row["id"],
                                       class_name="govuk-label govuk-checkboxes__label"),
                           class_name="govuk-checkboxes__item"),
                 class_name=f"{cell} govuk-checkboxes govuk-checkboxes--small"),
        rx.el.td(in_page_link(row["reference"], target=row["href"], class_name="govuk-link"), class_name=cell),
        rx.el.td(row["child"], class_name=cell),
        rx.el.td(row["received"], class_name=cell),
        rx.el.td(row["due"], rx.cond(row["due_tag"] != "", rx.fragment(rx.el.br(), rx.cond(
            row["overdue"] == "yes", tag(row["due_tag"], "red"), tag(row["due_tag"], "yellow")))), class_name=cell),
        rx.el.td(row["assigned"], class_name=cell),
        rx.el.td(tag(row["status"]), class_name=cell),
        class_name="govuk-table__row",
    )


def _filters() -> rx.Component:
    state = QueueState
    values = state.filters
    status_boxes = rx.foreach(state.statuses, lambda status: rx.el.div(
        rx.el.input(type="checkbox", name="status-" + status["value"], value="yes",
                    default_checked=status["checked"] == "yes", class_name="govuk-checkboxes__input",
                    custom_attrs={"id": "status-" + status["value"]}),
        rx.el.label(status["label"], html_for="status-" + status["value"],
                    class_name="govuk-label govuk-checkboxes__label"),
        class_name="govuk-checkboxes__item"))
    selected = rx.cond(state.selected_tags.length() > 0, rx.el.div(
        rx.el.div(rx.el.h3(t("staff.filter.selected", EN), class_name="govuk-heading-s moj-filter__heading-title"),
                  rx.el.p(in_page_link(t("staff.filter.clear", EN), target=routes.STAFF_QUEUE,
                                       class_name="govuk-link"), class_name="govuk-body moj-filter__heading-action"),
                  class_name="moj-filter__selected-heading"),
        rx.el.ul(rx.foreach(state.selected_tags, lambda selected: rx.el.li(in_page_link(
            rx.el.span(t("staff.filter.remove", EN), class_name="govuk-visually-hidden"), " ",
            selected["label"], target=selected["href"], class_name="moj-filter__tag"))),
            class_name="moj-filter-tags"),
        class_name="moj-filter__selected"))
    options = rx.el.form(
        text_input("q", t("staff.filter.search", EN), EN, hint=t("staff.filter.search_hint", EN),
                   default_value=values["q"], spell_check=False),
        rx.el.div(rx.el.fieldset(
            rx.el.legend(t("staff.filter.status", EN), class_name="govuk-fieldset__legend govuk-fieldset__legend--s"),
            rx.el.div(status_boxes, class_name="govuk-checkboxes govuk-checkboxes--small"),
            class_name="govuk-fieldset"), class_name="govuk-form-group"),
        select("officer", t("staff.filter.officer", EN), state.officers, EN, default_value=values["officer"],
               prompt_key="staff.filter.anyone"),
        text_input("setting", t("staff.filter.setting", EN), EN, default_value=values["setting"]),
        date_input("from", t("staff.filter.received_from", EN), EN,
                   values=(values["from-day"], values["from-month"], values["from-year"]),
                   legend_class="govuk-fieldset__legend govuk-fieldset__legend--s"),
        date_input("to", t("staff.filter.received_to", EN), EN,
                   values=(values["to-day"], values["to-month"], values["to-year"]),
                   legend_class="govuk-fieldset__legend govuk-fieldset__legend--s"),
        rx.el.div(rx.el.div(
            rx.el.input(type="checkbox", name="overdue", value="yes", class_name="govuk-checkboxes__input",
                        default_checked=values["overdue"] == "yes", custom_attrs={"id": "overdue"}),
            rx.el.label(t("staff.filter.overdue", EN), html_for="overdue",
                        class_name="govuk-label govuk-checkboxes__label"),
            class_name="govuk-checkboxes__item"), class_name="govuk-checkboxes govuk-checkboxes--small"),
        button(t("staff.filter.apply", EN)),
        on_submit=state.apply_filters, no_validate=True, reset_on_submit=False, key=state.showing,
        class_name="moj-filter__options",
    )
    return rx.el.div(
        rx.el.div(rx.el.div(rx.el.h2(t("staff.filter.title", EN), class_name="govuk-heading-m"),
                            class_name="moj-filter__header-title"), class_name="moj-filter__header"),
        rx.el.div(selected, options, class_name="moj-filter__content"),
        class_name="moj-filter app-filter")


def queue_page(_lang: str = EN) -> rx.Component:
    state = QueueState
    table = rx.el.form(
        rx.el.table(
            rx.el.caption(state.showing, class_name="govuk-table__caption govuk-table__caption--s"),
            rx.el.thead(rx.el.tr(
                rx.el.th(rx.el.span(t("staff.queue.select_column", EN), class_name="govuk-visually-hidden"),
                         scope="col", class_name="govuk-table__header", id="select-all"),
                _sort_header("reference", "staff.queue.reference"), _sort_header("child", "staff.queue.child"),
                _sort_header("received", "staff.queue.received"), _sort_header("due", "staff.queue.due"),
                _sort_header("assigned", "staff.queue.assigned"), _sort_header("status", "staff.queue.status"),
                class_name="govuk-table__row"), class_name="govuk-table__head"),
            rx.el.tbody(rx.foreach(state.rows, _queue_row), class_name="govuk-table__body"),
            class_name="govuk-table", id="queue",
        ),
        rx.el.div(
            select("assign_to", t("staff.queue.assign_to", EN), state.officers, EN, prompt_key="staff.queue.me"),
            button(t("staff.queue.assign", EN), kind="secondary"),
            class_name="app-bulk-assign"),
        on_submit=state.assign_selected, no_validate=True, reset_on_submit=False, key=state.showing,
    )
    pagination = rx.el.nav(
        rx.cond(state.page > 1, in_page_link(t("staff.queue.previous", EN), target=state.links["previous"],
                                             class_name="govuk-link govuk-!-margin-right-4", rel="prev")),
        rx.el.span(state.page_label, class_name="govuk-body"),
        rx.cond(state.page < state.pages, in_page_link(t("staff.queue.next", EN), target=state.links["next"],
                                                       class_name="govuk-link govuk-!-margin-left-4", rel="next")),
        class_name="govuk-pagination", aria_label=t("staff.queue.pagination", EN))
    return rx.fragment(
                  error_summary(QueueState.error_list, EN),
                  rx.el.h1(t("staff.queue.title", EN), class_name="govuk-heading-l"),
                  rx.el.p(in_page_link(t("staff.paper.link", EN), target=routes.STAFF_RECORD_REQUEST,
                                       class_name="govuk-link"), class_name="govuk-body"),
                  rx.el.div(
                      rx.el.div(_filters(), class_name="moj-filter-layout__filter"),
                      rx.el.div(
                          sub_navigation(t("staff.queue.tabs", EN), [
                              (state.tab_labels[key], state.links[f"tab-{key}"], state.tab == key)
                              for key in ("mine", "unassigned", "all")]),
                          table, pagination,
                          rx.el.p(in_page_link(t("staff.queue.csv", EN), target=state.csv_href,
                                               class_name="govuk-link"), class_name="govuk-body"),
                          class_name="moj-filter-layout__content"),
                      class_name="moj-filter-layout"))
