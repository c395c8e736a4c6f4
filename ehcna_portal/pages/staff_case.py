"""The staff case page: the request as sent, documents, notes, history, status and decisions."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.content import (
    button,
    details,
    error_summary,
    in_page_link,
    notification_banner,
    sub_navigation,
    summary_list_of,
    table,
    table_row,
    tag,
    timeline,
)
from ehcna_portal.components.forms import (
    date_input,
    long_text,
    radios_from,
    select,
    text_input,
)
from ehcna_portal.i18n import t
from ehcna_portal.pages.answers import answers, sent_forms
from ehcna_portal.pages.staff import EN
from ehcna_portal.pages.staff_advice import advice_section
from ehcna_portal.pages.staff_plan import plan_section
from ehcna_portal.pages.staff_review import review_section
from ehcna_portal.state.staff_case import CaseState


def _rows_plain() -> rx.Component:
    return rx.fragment(rx.el.h2(t("staff.case.about", EN), class_name="govuk-heading-m"),
                       rx.el.p(in_page_link(t("staff.case.export", EN), target=CaseState.export_href,
                                            class_name="govuk-link"), class_name="govuk-body"),
                       summary_list_of(CaseState.parent_rows))


def _documents() -> rx.Component:
    state = CaseState
    headers = [t(key, EN) for key in ("staff.case.document", "staff.case.document_type", "staff.case.document_from",
                                      "staff.case.uploaded")]
    return table(headers, rx.foreach(state.documents, lambda doc: table_row(
        rx.fragment(rx.cond(doc["href"] != "",
                            in_page_link(doc["name"], target=doc["href"], class_name="govuk-link",
                                         custom_attrs={"download": ""}),
                            rx.el.span(doc["name"])),
                    rx.cond(doc["scan"] != "", rx.el.div(rx.el.strong(doc["scan"], class_name="govuk-tag "
                                                                      + doc["scan_tag"]),
                                                        class_name="govuk-!-margin-top-1"))),
        doc["type"], doc["from"], rx.fragment(doc["uploaded"], " ", doc["when"]))), id="documents")


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
    def detail(entry: rx.Var) -> rx.Component:
        return rx.cond(entry["detail"] != "", rx.el.p(entry["detail"], class_name="govuk-body"))

    return timeline(CaseState.history, by_label=t("staff.case.by", EN), title=lambda entry: entry["title"],
                    body=detail, id="history")


def _notes() -> rx.Component:
    state = CaseState
    form = rx.el.form(
        long_text("note", t("staff.case.note", EN), EN, max_length=5000, default_value=rx.Var.create(""),
                  hint=t("staff.case.note_hint", EN), error=state.errors["note"]),
        button(t("staff.case.add_note", EN)),
        on_submit=state.add_note, no_validate=True, reset_on_submit=False, key=state.notes.length().to_string())
    listed = timeline(state.notes, by_label=t("staff.case.by", EN),
                      body=lambda note: rx.el.p(note["body"], class_name="govuk-body app-note"), id="notes")
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
    return details(t("staff.case.exception_title", EN),
                   rx.cond(state.exception != "", rx.el.p(state.exception, class_name="govuk-body", id="exception")),
                   form)


def _case_nav() -> rx.Component:
    state = CaseState
    return sub_navigation(t("staff.case.sections", EN), [
        (t(f"staff.case.{section}", EN), routes.staff_case(state.case_id, section), state.section == section)
        for section in ("request", "advice", "plan", "reviews", "documents", "notes", "history")])


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
    clock = rx.el.p(
        rx.el.span(t("staff.case.clock_label", EN), ": ", class_name="govuk-visually-hidden"),
        rx.el.strong(state.clock, class_name="govuk-tag govuk-tag--blue"), " ",
        rx.el.span(state.next_deadline, class_name=rx.cond(state.clock_late, "app-clock--late", "")),
        class_name="govuk-body app-clock", id="statutory-clock")
    identity = rx.el.div(
        rx.el.span(state.reference, class_name="govuk-caption-l"),
        rx.el.h1(state.child_name, class_name="govuk-heading-l"),
        rx.cond(state.clock != "", clock),
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
                    ("advice", advice_section()),
                    ("plan", plan_section()),
                    ("reviews", review_section()),
                    rx.fragment(_rows_plain(), answers(state.answers, EN), sent_forms(CaseState.family_forms, EN)))
    found = rx.fragment(
        error_summary(state.error_list, EN),
        rx.cond(state.banner != "", notification_banner(t("staff.case.saved", EN), EN, success=True)),
        identity,
        rx.el.div(rx.el.div(_case_nav(), body, class_name="govuk-grid-column-two-thirds"),
                  rx.el.div(_decision_form(), _status_form(), _exception_form(),
                            class_name="govuk-grid-column-one-third app-case-actions"),
                  class_name="govuk-grid-row"))
    missing = rx.el.h1(t("notfound.title", EN), class_name="govuk-heading-l")
    return rx.fragment(rx.cond(state.ready, rx.cond(state.found, found, missing)))
