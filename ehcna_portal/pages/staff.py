"""The staff pages: sign in, authenticator, the queue of requests, a request's case page (English only)."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.content import button, error_summary, in_page_link, notification_banner, tag
from ehcna_portal.components.forms import (
    date_input,
    long_text,
    password_input,
    radios,
    radios_from,
    select,
    text_input,
)
from ehcna_portal.components.layout import page_shell
from ehcna_portal.components.text import paragraph
from ehcna_portal.i18n import LANGUAGES, t
from ehcna_portal.services.stage_texts import STAGES
from ehcna_portal.state.application import GroupView, StepView
from ehcna_portal.state.staff_admin import AccessLogState, KpiState, PaperRequestState, StaffAdminState, StageTextState
from ehcna_portal.state.staff_case import CaseState
from ehcna_portal.state.staff_queue import QueueState
from ehcna_portal.state.staff_session import StaffSignInState, StaffTwoStepState

EN = "en"


def _shell(route: str, *children: rx.Component, wide: bool = False) -> rx.Component:
    column = "govuk-grid-column-full" if wide else "govuk-grid-column-two-thirds"
    return page_shell(EN, route, rx.el.div(rx.el.div(*children, class_name=column), class_name="govuk-grid-row"),
                      staff=True)


def _form(on_submit, *children: rx.Component) -> rx.Component:
    return rx.el.form(*children, on_submit=on_submit, no_validate=True, reset_on_submit=False)


def staff_sign_in(_lang: str = EN) -> rx.Component:
    state = StaffSignInState
    banner = rx.match(state.reason,
                      ("expired", notification_banner(t("staff.sign_in.expired", EN), EN)),
                      ("signed_out", notification_banner(t("staff.sign_in.signed_out", EN), EN, success=True)),
                      rx.fragment())
    return _shell(routes.STAFF_SIGN_IN,
                  rx.cond(state.error_list.length() > 0, error_summary(state.error_list, EN), banner),
                  rx.el.h1(t("staff.sign_in.title", EN), class_name="govuk-heading-l"),
                  paragraph("staff.sign_in.intro", EN),
                  _form(state.submit,
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
    return _shell(routes.STAFF_TWO_STEP,
                  error_summary(state.error_list, EN),
                  rx.cond(state.setting_up, setup, ask),
                  _form(state.submit,
                        text_input("code", t("staff.two_step.code", EN), EN, error=state.errors["code"],
                                   hint=t("staff.two_step.code_hint", EN), width_class="govuk-input--width-10",
                                   input_mode="numeric", auto_complete="one-time-code", spell_check=False),
                        button(t("staff.two_step.continue", EN))))


def staff_sign_out(_lang: str = EN) -> rx.Component:
    return _shell(routes.STAFF_SIGN_OUT, rx.el.h1(t("sign_out.title", EN), class_name="govuk-heading-l"))


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


def _tab(key: str) -> rx.Component:
    state = QueueState
    return rx.el.li(in_page_link(state.tab_labels[key], target=state.links[f"tab-{key}"], class_name="govuk-tabs__tab",
                                 aria_current=rx.cond(state.tab == key, "page", None)),
                    class_name=rx.cond(state.tab == key, "govuk-tabs__list-item govuk-tabs__list-item--selected",
                                       "govuk-tabs__list-item"))


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
    return rx.el.form(
        rx.el.h2(t("staff.filter.title", EN), class_name="govuk-heading-m"),
        rx.cond(state.selected_tags.length() > 0, rx.el.div(
            rx.el.h3(t("staff.filter.selected", EN), class_name="govuk-heading-s"),
            rx.el.ul(rx.foreach(state.selected_tags, lambda selected: rx.el.li(in_page_link(
                rx.el.span(t("staff.filter.remove", EN), class_name="govuk-visually-hidden"), " ",
                selected["label"], target=selected["href"], class_name="app-filter-tag"))),
                class_name="app-filter-tags"),
            rx.el.p(in_page_link(t("staff.filter.clear", EN), target=routes.STAFF_QUEUE, class_name="govuk-link"),
                    class_name="govuk-body"))),
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
        class_name="app-filter",
    )


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
    return _shell(routes.STAFF_QUEUE,
                  error_summary(QueueState.error_list, EN),
                  rx.el.h1(t("staff.queue.title", EN), class_name="govuk-heading-l"),
                  rx.el.p(in_page_link(t("staff.paper.link", EN), target=routes.STAFF_RECORD_REQUEST,
                                       class_name="govuk-link"), class_name="govuk-body"),
                  rx.el.div(
                      rx.el.div(_filters(), class_name="govuk-grid-column-one-quarter"),
                      rx.el.div(
                          rx.el.nav(rx.el.ul(_tab("mine"), _tab("unassigned"), _tab("all"),
                                             class_name="govuk-tabs__list"),
                                    aria_label=t("staff.queue.tabs", EN), class_name="govuk-tabs"),
                          table, pagination,
                          rx.el.p(in_page_link(t("staff.queue.csv", EN), target=state.csv_href,
                                               class_name="govuk-link"), class_name="govuk-body"),
                          class_name="govuk-grid-column-three-quarters"),
                      class_name="govuk-grid-row"),
                  wide=True)


def _rows(rows) -> rx.Component:
    return rx.el.dl(rx.foreach(rows, lambda row: rx.el.div(
        rx.el.dt(row.question, class_name="govuk-summary-list__key"),
        rx.el.dd(row.answer, class_name="govuk-summary-list__value"),
        class_name="govuk-summary-list__row")), class_name="govuk-summary-list")


def _answers() -> rx.Component:
    def group(entry: GroupView) -> rx.Component:
        return rx.fragment(rx.el.h3(entry.label, class_name="govuk-heading-s"),
                           rx.foreach(entry.members, lambda item: rx.fragment(
                               rx.el.h4(item.title, class_name="govuk-body govuk-!-font-weight-bold"),
                               _rows(item.rows))))

    def step(entry: StepView) -> rx.Component:
        return rx.el.section(
            rx.el.h2(t("application.stepper.step", EN), " ", entry.number.to_string(), ": ", entry.title,
                     class_name="govuk-heading-m"),
            _rows(entry.rows), rx.foreach(entry.groups, group))

    return rx.foreach(CaseState.answers.to(list[StepView]), step)


def _documents() -> rx.Component:
    state = CaseState
    cell = "govuk-table__cell"
    return rx.el.table(
        rx.el.thead(rx.el.tr(*(rx.el.th(t(key, EN), scope="col", class_name="govuk-table__header") for key in (
            "staff.case.document", "staff.case.document_type", "staff.case.document_from",
            "staff.case.uploaded")), class_name="govuk-table__row"), class_name="govuk-table__head"),
        rx.el.tbody(rx.foreach(state.documents, lambda doc: rx.el.tr(
            rx.el.td(rx.cond(doc["href"] != "",
                             in_page_link(doc["name"], target=doc["href"], class_name="govuk-link",
                                          custom_attrs={"download": ""}),
                             rx.el.span(doc["name"])),
                     rx.cond(doc["scan"] != "", rx.el.div(rx.el.strong(doc["scan"], class_name="govuk-tag "
                                                                       + doc["scan_tag"]),
                                                         class_name="govuk-!-margin-top-1")),
                     class_name=cell),
            rx.el.td(doc["type"], class_name=cell), rx.el.td(doc["from"], class_name=cell),
            rx.el.td(doc["uploaded"], " ", doc["when"], class_name=cell), class_name="govuk-table__row")),
            class_name="govuk-table__body"),
        class_name="govuk-table", id="documents")


def _staff_upload() -> rx.Component:
    """Add a report or letter: a plain multipart form posted to the authorised staff upload route."""
    state = CaseState
    error = state.upload_error
    tabs = [(phase, t(f"tab.{phase}", EN)) for phase in ("request", "assessment", "plan", "reviews")]
    return rx.el.form(
        rx.el.h3(t("staff.case.upload_title", EN), class_name="govuk-heading-s"),
        rx.el.div(
            rx.el.label(t("application.upload.label", EN), html_for="file", class_name="govuk-label"),
            rx.cond(error != "", rx.el.p(rx.el.span(t("error.prefix", EN), class_name="govuk-visually-hidden"), " ",
                                         error, id="file-error", class_name="govuk-error-message")),
            rx.el.input(type="file", name="file", id="file", class_name="govuk-file-upload",
                        aria_describedby=rx.cond(error != "", "file-error", None)),
            class_name=rx.cond(error != "", "govuk-form-group govuk-form-group--error", "govuk-form-group")),
        rx.el.div(rx.el.fieldset(
            rx.el.legend(t("staff.case.share_legend", EN),
                         class_name="govuk-fieldset__legend govuk-fieldset__legend--s"),
            rx.el.div(*(rx.el.div(
                rx.el.input(type="radio", name="shared", value=value, default_checked=value == "no",
                            class_name="govuk-radios__input", custom_attrs={"id": f"shared-{value}"}),
                rx.el.label(t(key, EN), html_for=f"shared-{value}", class_name="govuk-label govuk-radios__label"),
                class_name="govuk-radios__item") for value, key in (("no", "staff.case.share_no"),
                                                                     ("yes", "staff.case.share_yes"))),
                class_name="govuk-radios govuk-radios--small"),
            class_name="govuk-fieldset"), class_name="govuk-form-group"),
        select("phase", t("staff.case.share_tab", EN), tabs, EN, hint=t("staff.case.share_tab_hint", EN)),
        # Reflex stops a form's own submission, so the button sends the multipart form natively.
        button(t("application.upload.button", EN), kind="secondary", type="button",
               on_click=rx.call_script("document.getElementById('staff-upload').submit()")),
        method="post", enc_type="multipart/form-data", action=state.upload_action, id="staff-upload",
    )


def _history() -> rx.Component:
    return rx.el.ol(rx.foreach(CaseState.history, lambda entry: rx.el.li(
        rx.el.h3(entry["title"], class_name="govuk-heading-s govuk-!-margin-bottom-1"),
        rx.el.p(t("staff.case.by", EN), " ", entry["by"], ", ", entry["when"], class_name="govuk-body-s"),
        rx.cond(entry["detail"] != "", rx.el.p(entry["detail"], class_name="govuk-body")),
        class_name="app-timeline__item")), class_name="app-timeline", id="history")


def _notes() -> rx.Component:
    state = CaseState
    form = rx.el.form(
        long_text("note", t("staff.case.note", EN), EN, max_length=5000, default_value=rx.Var.create(""),
                  hint=t("staff.case.note_hint", EN), error=state.errors["note"]),
        button(t("staff.case.add_note", EN)),
        on_submit=state.add_note, no_validate=True, reset_on_submit=False, key=state.notes.length().to_string())
    listed = rx.el.ol(rx.foreach(state.notes, lambda note: rx.el.li(
        rx.el.p(t("staff.case.by", EN), " ", note["by"], ", ", note["when"], class_name="govuk-body-s"),
        rx.el.p(note["body"], class_name="govuk-body app-note"),
        class_name="app-timeline__item")), class_name="app-timeline", id="notes")
    return rx.fragment(rx.el.h2(t("staff.case.notes", EN), class_name="govuk-heading-m"), form, listed)


def _exception_form() -> rx.Component:
    """Record a reg 10(4) exception, with its dates (reported apart by the DfE; the deadlines stay)."""
    state = CaseState
    form = rx.el.form(
        radios_from("exception_reason", t("staff.case.exception_reason", EN), state.exception_reasons, EN,
                    error=state.errors["exception_reason"]),
        date_input("exception_from", t("staff.case.exception_from", EN), EN, error=state.errors["exception_from"],
                   legend_class="govuk-fieldset__legend govuk-fieldset__legend--s"),
        date_input("exception_to", t("staff.case.exception_to", EN), EN, error=state.errors["exception_to"],
                   hint=t("staff.case.exception_to_hint", EN),
                   legend_class="govuk-fieldset__legend govuk-fieldset__legend--s"),
        button(t("staff.case.save_exception", EN), kind="secondary"),
        on_submit=state.record_exception, no_validate=True, reset_on_submit=False, key=state.exception)
    return rx.el.details(
        rx.el.summary(rx.el.span(t("staff.case.exception_title", EN), class_name="govuk-details__summary-text"),
                      class_name="govuk-details__summary"),
        rx.el.div(rx.cond(state.exception != "", rx.el.p(state.exception, class_name="govuk-body", id="exception")),
                  form, class_name="govuk-details__text"),
        class_name="govuk-details")


def _case_nav() -> rx.Component:
    state = CaseState

    def item(section: str) -> rx.Component:
        return rx.el.li(in_page_link(t(f"staff.case.{section}", EN),
                                     target=routes.staff_case(state.application_id, section),
                                     class_name="govuk-tabs__tab",
                                     aria_current=rx.cond(state.section == section, "page", None)),
                        class_name=rx.cond(state.section == section,
                                           "govuk-tabs__list-item govuk-tabs__list-item--selected",
                                           "govuk-tabs__list-item"))

    return rx.el.nav(rx.el.ul(item("request"), item("documents"), item("notes"), item("history"),
                              class_name="govuk-tabs__list"),
                     aria_label=t("staff.case.sections", EN), class_name="govuk-tabs")


def _status_form() -> rx.Component:
    state = CaseState
    return rx.cond(state.next_statuses.length() > 0, rx.el.form(
        radios_from("status", t("staff.case.change_status", EN), state.next_statuses, EN, error=state.errors["status"],
                    legend_class="govuk-fieldset__legend govuk-fieldset__legend--m"),
        text_input("reason", t("staff.case.reason", EN), EN, hint=t("staff.case.reason_hint", EN)),
        button(t("staff.case.save_status", EN)),
        on_submit=state.change_status, no_validate=True, reset_on_submit=False, key=state.status,
    ))

def _decision_form() -> rx.Component:
    state = CaseState
    return rx.cond(state.decision_options.length() > 0, rx.el.form(
        rx.el.h2(t("staff.case.record_decision", EN), class_name="govuk-heading-m"),
        radios_from("decision", t("staff.case.decision_legend", EN), state.decision_options, EN,
                    error=state.errors["decision"]),
        long_text("reasons", t("staff.case.reasons", EN), EN, max_length=5000, default_value=rx.Var.create(""),
                  hint=t("staff.case.reasons_hint", EN), error=state.errors["reasons"]),
        button(t("staff.case.save_decision", EN)),
        on_submit=state.record_decision, no_validate=True, reset_on_submit=False, key=state.status,
    ))


def case_page(_lang: str = EN) -> rx.Component:
    state = CaseState
    identity = rx.el.div(
        rx.el.span(state.reference, class_name="govuk-caption-l"),
        rx.el.h1(state.child_name, class_name="govuk-heading-l"),
        rx.el.p(tag(state.status_label), " ",
                rx.cond(state.overdue, tag(t("staff.queue.overdue", EN), "red")), class_name="govuk-body"),
        rx.el.dl(*(rx.el.div(rx.el.dt(t(key, EN), class_name="govuk-summary-list__key"),
                             rx.el.dd(value, class_name="govuk-summary-list__value"),
                             class_name="govuk-summary-list__row")
                   for key, value in (("staff.queue.received", state.received), ("staff.queue.due", state.decision_due),
                                      ("staff.queue.assigned", state.assigned_to))),
                 class_name="govuk-summary-list govuk-summary-list--no-border"),
        button(t("staff.case.assign_to_me", EN), kind="secondary", type="button", on_click=state.assign_to_me),
        class_name="app-identity-bar",
    )
    body = rx.match(state.section,
                    ("documents", rx.fragment(rx.el.h2(t("staff.case.documents", EN), class_name="govuk-heading-m"),
                                              _documents(), _staff_upload())),
                    ("history", rx.fragment(rx.el.h2(t("staff.case.history", EN), class_name="govuk-heading-m"),
                                            _history())),
                    ("notes", _notes()),
                    rx.fragment(_rows_plain(), _answers()))
    found = rx.fragment(
        error_summary(state.error_list, EN),
        rx.cond(state.banner != "", notification_banner(t("staff.case.saved", EN), EN, success=True)),
        identity, _decision_form(), _status_form(), _exception_form(), _case_nav(), body)
    missing = rx.el.h1(t("notfound.title", EN), class_name="govuk-heading-l")
    return _shell(routes.STAFF_CASE, rx.cond(state.ready, rx.cond(state.found, found, missing)))


def _rows_plain() -> rx.Component:
    return rx.fragment(rx.el.h2(t("staff.case.about", EN), class_name="govuk-heading-m"),
                       rx.el.p(in_page_link(t("staff.case.export", EN), target=CaseState.export_href,
                                            class_name="govuk-link"), class_name="govuk-body"),
                       rx.el.dl(rx.foreach(CaseState.parent_rows, lambda row: rx.el.div(
                           rx.el.dt(row["label"], class_name="govuk-summary-list__key"),
                           rx.el.dd(row["value"], class_name="govuk-summary-list__value"),
                           class_name="govuk-summary-list__row")), class_name="govuk-summary-list"))


KPI_COLUMNS = (("month", "staff.kpi.month"), ("received", "staff.kpi.received"), ("decisions", "staff.kpi.decisions"),
               ("within_6", "staff.kpi.within_6"), ("agreed", "staff.kpi.agreed"), ("refused", "staff.kpi.refused"),
               ("plans", "staff.kpi.plans"), ("within_20", "staff.kpi.within_20"),
               ("within_20_ex", "staff.kpi.within_20_ex"), ("weeks", "staff.kpi.weeks"))


def kpi_page(_lang: str = EN) -> rx.Component:
    state = KpiState
    cell = "govuk-table__cell"
    table = rx.el.table(
        rx.el.caption(t("staff.kpi.caption", EN), class_name="govuk-table__caption govuk-table__caption--m"),
        rx.el.thead(rx.el.tr(*(rx.el.th(t(key, EN), scope="col", class_name="govuk-table__header")
                               for _name, key in KPI_COLUMNS), class_name="govuk-table__row"),
                    class_name="govuk-table__head"),
        rx.el.tbody(rx.foreach(state.months, lambda month: rx.el.tr(
            rx.el.th(month["month"], scope="row", class_name="govuk-table__header"),
            *(rx.el.td(month[name], class_name=f"{cell} govuk-table__cell--numeric") for name, _key in KPI_COLUMNS[1:]),
            class_name="govuk-table__row")), class_name="govuk-table__body"),
        class_name="govuk-table", id="kpis")
    return _shell(routes.STAFF_KPIS,
                  rx.el.h1(t("staff.kpi.title", EN), class_name="govuk-heading-l"),
                  paragraph("staff.kpi.intro", EN),
                  rx.el.p(t("staff.kpi.overdue", EN), " ", rx.el.strong(state.overdue.to_string(), id="overdue-now"),
                          class_name="govuk-body-l"),
                  # A wide table scrolls sideways on small screens: reachable and named for keyboard users.
                  rx.el.div(table, class_name="app-scrollable", tab_index=0, role="region",
                            aria_label=t("staff.kpi.title", EN)),
                  rx.el.p(in_page_link(t("staff.kpi.csv", EN), target=state.csv_href, class_name="govuk-link"),
                          class_name="govuk-body"),
                  wide=True)


def access_log_page(_lang: str = EN) -> rx.Component:
    state = AccessLogState
    cell = "govuk-table__cell"
    return _shell(routes.STAFF_ACCESS_LOG,
                  rx.el.h1(t("staff.access.title", EN), class_name="govuk-heading-l"),
                  paragraph("staff.access.intro", EN),
                  rx.el.table(
                      rx.el.thead(rx.el.tr(*(rx.el.th(t(key, EN), scope="col", class_name="govuk-table__header")
                                             for key in ("staff.access.when", "staff.access.who", "staff.access.what",
                                                         "staff.queue.reference")),
                                           class_name="govuk-table__row"), class_name="govuk-table__head"),
                      rx.el.tbody(rx.foreach(state.entries, lambda entry: rx.el.tr(
                          rx.el.td(entry["when"], class_name=cell), rx.el.td(entry["who"], class_name=cell),
                          rx.el.td(entry["what"], class_name=cell),
                          rx.el.td(in_page_link(entry["reference"], target=entry["href"], class_name="govuk-link"),
                                   class_name=cell), class_name="govuk-table__row")), class_name="govuk-table__body"),
                      class_name="govuk-table", id="access-log"),
                  wide=True)


def admin_page(_lang: str = EN) -> rx.Component:
    state = StaffAdminState
    cell = "govuk-table__cell"

    def member_row(member) -> rx.Component:
        who = rx.el.span(" ", member["name"], class_name="govuk-visually-hidden")
        toggle_label = rx.cond(member["active"] == "yes", t("staff.admin.switch_off", EN),
                               t("staff.admin.switch_on", EN))
        return rx.el.tr(
            rx.el.td(member["name"], class_name=cell), rx.el.td(member["email"], class_name=cell),
            rx.el.td(member["role"], class_name=cell), rx.el.td(member["state"], class_name=cell),
            rx.el.td(member["app"], class_name=cell),
            rx.el.td(rx.el.button(toggle_label, who, type="button", class_name="app-link-button govuk-body",
                                  on_click=state.toggle(member["id"])), rx.el.br(),
                     rx.el.button(t("staff.admin.reset_app", EN), who, type="button",
                                  class_name="app-link-button govuk-body", on_click=state.reset_app(member["id"])),
                     class_name=cell),
            class_name="govuk-table__row")

    roles = [(role, t(f"role.{role}", EN)) for role in ("caseworker", "manager", "admin")]
    return _shell(routes.STAFF_ADMIN,
                  error_summary(state.error_list, EN),
                  rx.el.p(in_page_link(t("staff.texts.link", EN), target=routes.STAFF_STAGE_TEXTS,
                                       class_name="govuk-link"), class_name="govuk-body"),
                  rx.cond(state.added != "", notification_banner(state.added, EN, success=True)),
                  rx.el.h1(t("staff.admin.title", EN), class_name="govuk-heading-l"),
                  rx.el.table(
                      rx.el.thead(rx.el.tr(*(rx.el.th(t(key, EN), scope="col", class_name="govuk-table__header")
                                             for key in ("staff.admin.name", "field.email", "staff.admin.role",
                                                         "staff.admin.status", "staff.admin.app",
                                                         "staff.admin.actions")),
                                           class_name="govuk-table__row"), class_name="govuk-table__head"),
                      rx.el.tbody(rx.foreach(state.members, member_row), class_name="govuk-table__body"),
                      class_name="govuk-table", id="staff-accounts"),
                  rx.el.h2(t("staff.admin.add_title", EN), class_name="govuk-heading-m"),
                  rx.el.form(
                      text_input("name", t("staff.admin.name", EN), EN, error=state.errors["name"]),
                      text_input("email", t("field.email", EN), EN, error=state.errors["email"], input_type="email",
                                 spell_check=False),
                      select("role", t("staff.admin.role", EN), roles, EN, error=state.errors["role"]),
                      password_input("password", t("staff.admin.password", EN), EN, error=state.errors["password"],
                                     hint=t("staff.admin.password_hint", EN), autocomplete="new-password"),
                      button(t("staff.admin.add", EN)),
                      on_submit=state.add, no_validate=True, reset_on_submit=True),
                  _dead_letters(state),
                  wide=True)


def _dead_letters(state) -> rx.Component:
    """Emails the mail server kept refusing (outbox dead letters), each with "Try again"."""
    cell = "govuk-table__cell"

    def letter_row(letter) -> rx.Component:
        action = rx.cond(
            letter["can_retry"] == "yes",
            rx.el.button(t("staff.admin.emails.retry", EN),
                         rx.el.span(" ", t("staff.admin.emails.email_to", EN), " ", letter["to"],
                                    class_name="govuk-visually-hidden"),
                         type="button", class_name="app-link-button govuk-body",
                         on_click=state.retry_email(letter["id"])),
            rx.el.span(t("staff.admin.emails.address_removed", EN)))
        return rx.el.tr(rx.el.td(letter["when"], class_name=cell), rx.el.td(letter["template"], class_name=cell),
                        rx.el.td(letter["to"], class_name=cell), rx.el.td(letter["error"], class_name=cell),
                        rx.el.td(letter["attempts"], class_name=cell), rx.el.td(action, class_name=cell),
                        class_name="govuk-table__row")

    return rx.el.div(
        rx.el.h2(t("staff.admin.emails.title", EN), class_name="govuk-heading-m", id="undelivered-emails"),
        rx.cond(state.retried != "", notification_banner(state.retried, EN, success=True)),
        rx.cond(state.dead_letters.length() > 0,
                rx.fragment(
                    paragraph("staff.admin.emails.intro", EN),
                    rx.el.table(
                        rx.el.thead(rx.el.tr(*(rx.el.th(t(f"staff.admin.emails.{key}", EN), scope="col",
                                                        class_name="govuk-table__header")
                                               for key in ("date", "template", "to", "error", "attempts",
                                                           "action")),
                                             class_name="govuk-table__row"), class_name="govuk-table__head"),
                        rx.el.tbody(rx.foreach(state.dead_letters, letter_row), class_name="govuk-table__body"),
                        class_name="govuk-table", id="undelivered-emails-table")),
                paragraph("staff.admin.emails.none", EN)))


def paper_request_page(_lang: str = EN) -> rx.Component:
    state = PaperRequestState
    errors = state.errors
    return _shell(routes.STAFF_RECORD_REQUEST,
                  error_summary(state.error_list, EN),
                  rx.el.h1(t("staff.paper.title", EN), class_name="govuk-heading-l"),
                  paragraph("staff.paper.intro", EN),
                  rx.el.form(
                      date_input("received", t("staff.paper.received", EN), EN,
                                 hint=t("staff.paper.received_hint", EN), error=errors["received"]),
                      radios("channel", t("staff.paper.channel", EN),
                             [(channel, t(f"staff.paper.channel.{channel}", EN)) for channel in ("post", "email")],
                             EN, error=errors["channel"], inline=True),
                      rx.el.h2(t("staff.paper.requester", EN), class_name="govuk-heading-m"),
                      text_input("requester_name", t("staff.paper.requester_name", EN), EN,
                                 error=errors["requester_name"]),
                      text_input("requester_email", t("staff.paper.requester_email", EN), EN, input_type="email",
                                 hint=t("staff.paper.requester_email_hint", EN), error=errors["requester_email"],
                                 spell_check=False),
                      rx.el.h2(t("summary.child", EN), class_name="govuk-heading-m"),
                      text_input("forename", t("child.forename", EN), EN, error=errors["forename"]),
                      text_input("surname", t("child.surname", EN), EN, error=errors["surname"]),
                      select("gender_at_birth", t("child.gender", EN),
                             [(value, t(f"gender.{value}", EN)) for value in ("female", "male")], EN,
                             error=errors["gender_at_birth"]),
                      date_input("dob", t("child.dob", EN), EN, error=errors["dob"]),
                      text_input("address_line_1", t("staff.paper.address_line_1", EN), EN,
                                 error=errors["address_line_1"]),
                      text_input("town", t("staff.paper.town", EN), EN, error=errors["town"],
                                 width_class="govuk-!-width-one-half"),
                      text_input("postcode", t("staff.paper.postcode", EN), EN, error=errors["postcode"],
                                 width_class="govuk-input--width-10"),
                      text_input("school_name", t("staff.paper.school", EN), EN, hint=t("staff.paper.school_hint", EN)),
                      button(t("staff.paper.submit", EN)),
                      on_submit=state.submit, no_validate=True, reset_on_submit=False))


def stage_texts_page(_lang: str = EN) -> rx.Component:
    state = StageTextState
    fields = []
    for stage in STAGES:
        fields.append(rx.el.h2(t(f"tab.{stage}", EN), class_name="govuk-heading-m"))
        for part in ("what_happens", "information"):
            for lang in LANGUAGES:
                name = f"{lang}-tab.{stage}.{part}"
                fields.append(long_text(name, t(f"staff.texts.{part}.{lang}", EN), EN, max_length=1000,
                                        default_value=state.texts[name], error=state.errors[name], rows=3))
    return _shell(routes.STAFF_STAGE_TEXTS,
                  error_summary(state.error_list, EN),
                  rx.cond(state.saved, notification_banner(t("staff.texts.saved", EN), EN, success=True)),
                  rx.el.h1(t("staff.texts.title", EN), class_name="govuk-heading-l"),
                  paragraph("staff.texts.intro", EN),
                  # drawn only once the texts are read: typing into a box that the read then redraws would be lost
                  rx.cond(state.revision > 0,
                          rx.el.form(*fields, button(t("staff.texts.save", EN)), on_submit=state.save,
                                     no_validate=True, reset_on_submit=False, key=state.revision.to_string())))
