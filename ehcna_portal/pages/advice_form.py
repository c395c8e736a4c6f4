"""The form's pages on a professional's or a school's link (state/advice_form.py): each step drawn from the form
definition with the wizard's controls (every link form's steps, one shown), their report, the check page with the
declaration, saved, and sent."""

from __future__ import annotations

import reflex as rx

from ehcna_portal.components.content import button, notification_banner, summary_list_of
from ehcna_portal.components.scripts import run_js
from ehcna_portal.forms import text as form_text
from ehcna_portal.forms.schema import Step
from ehcna_portal.i18n import Language, t
from ehcna_portal.pages.application import field_control
from ehcna_portal.services.document_store import EXTENSIONS
from ehcna_portal.state.advice_form import HEADING_ID, LINK_FORMS
from ehcna_portal.state.form_views import StepView
from ehcna_portal.state.professional import ProfessionalState

S = ProfessionalState
UPLOAD_FORM_ID = "advice-report-upload"


def _words(key: str, lang: Language) -> rx.Var:
    """A review's report speaks of a report where an assessment's advice form speaks of advice."""
    return rx.cond(S.review, t(f"review_report.form.{key}", lang), t(f"advice.form.{key}" if key != "answered"
                                                                        else "advice.page.answered", lang))


def _heading(text: str | rx.Var) -> rx.Component:
    """Each page's heading takes focus when it is drawn (state/advice_form.py), so it is announced."""
    return rx.el.h2(text, class_name="govuk-heading-l", id=HEADING_ID, tab_index=-1)


def _step(step: Step, lang: Language) -> rx.Component:
    intro = form_text.step_intro(step, lang)
    return rx.fragment(
        rx.el.span(S.step_heading, class_name="govuk-caption-m"),
        _heading(form_text.step_title(step, lang)),
        rx.el.p(intro, class_name="govuk-body") if intro else rx.fragment(),
        rx.el.form(
            rx.el.input(type="hidden", name="_action", default_value="continue"),
            rx.el.input(type="hidden", name="_step", value=str(step.number)),
            rx.el.input(type="hidden", name="_version", value=S.form_version.to_string()),
            *(field_control(field, lang, state=S) for field in step.fields()),
            rx.el.div(button(t("application.save_continue", lang), name="_action", value="continue"),
                      button(t("application.back", lang), kind="secondary", name="_action", value="back"),
                      button(t("advice.form.save_later", lang), kind="secondary", name="_action", value="later"),
                      class_name="govuk-button-group"),
            key=S.form_key, on_submit=S.save_advice_step, no_validate=True, reset_on_submit=False),
    )


def _reports(lang: Language) -> rx.Component:
    def row(report: rx.Var) -> rx.Component:
        return rx.el.li(rx.cond(report["scan"] == "",
                                rx.el.a(report["name"], href=report["href"], class_name="govuk-link",
                                        custom_attrs={"download": ""}),
                                rx.fragment(report["name"], " (", t("advice.form.report_checking", lang), ")")))

    return rx.cond(S.reports.length() > 0,
                   rx.el.ul(rx.foreach(S.reports, row), class_name="govuk-list govuk-list--bullet", id="reports"),
                   rx.el.p(t("advice.form.no_report", lang), class_name="govuk-body", id="reports"))


def _report(lang: Language) -> rx.Component:
    """The upload is a plain multipart form posted to the authorised route (Reflex would stop its submission,
    so the button posts it natively); it comes back here with what happened."""
    accepted = ",".join(ending for endings in EXTENSIONS.values() for ending in endings)
    error = rx.cond(S.upload_refused, S.upload_note, "")
    return rx.fragment(
        rx.cond(S.upload_note != "", rx.cond(S.upload_refused, rx.fragment(),
                                             notification_banner(S.upload_note, lang, success=True))),
        _heading(t("advice.form.report_title", lang)),
        rx.el.p(_words("report_intro", lang), class_name="govuk-body"),
        _reports(lang),
        rx.el.form(
            rx.el.div(
                rx.el.label(t("advice.form.report_label", lang), html_for="file", class_name="govuk-label"),
                rx.el.div(t("application.upload.hint", lang), id="file-hint", class_name="govuk-hint"),
                rx.cond(S.upload_refused, rx.el.p(
                    rx.el.span(t("error.prefix", lang), class_name="govuk-visually-hidden"), " ", error,
                    id="file-error", class_name="govuk-error-message")),
                rx.el.input(type="file", name="file", accept=accepted, custom_attrs={"id": "file"},
                            class_name=rx.cond(S.upload_refused, "govuk-file-upload govuk-file-upload--error",
                                               "govuk-file-upload"),
                            aria_describedby=rx.cond(S.upload_refused, "file-hint file-error", "file-hint")),
                class_name=rx.cond(S.upload_refused, "govuk-form-group govuk-form-group--error",
                                   "govuk-form-group")),
            button(t("application.upload.button", lang), kind="secondary", type="button",
                   on_click=run_js("id => document.getElementById(id).submit()", UPLOAD_FORM_ID)),
            method="post", enc_type="multipart/form-data", action=S.upload_action, id=UPLOAD_FORM_ID),
        rx.el.div(button(t("advice.page.continue", lang), type="button", on_click=S.open_page("check")),
                  button(t("application.back", lang), kind="secondary", type="button",
                         on_click=S.open_page(S.last_step)),
                  class_name="govuk-button-group"),
    )


def given(lang: Language, *, with_change: bool) -> rx.Component:
    """The advice as saved or sent, step by step (with Change buttons on the check page)."""
    def step(entry: StepView) -> rx.Component:
        change = rx.el.button(t("application.change", lang), rx.el.span(" ", entry.title,
                                                                         class_name="govuk-visually-hidden"),
                              type="button", class_name="app-link-button govuk-body",
                              on_click=S.open_page("step-" + entry.number.to_string()))
        rows = summary_list_of(entry.rows, lambda row: row.question, lambda row: row.answer,
                               value_class="app-answer")
        return rx.el.section(
            rx.el.h3(entry.title, class_name="govuk-heading-m"),
            change if with_change else rx.fragment(),
            rx.cond(entry.rows.length() > 0, rows,
                    rx.el.p(t("summary.nothing_answered", lang), class_name="govuk-body")))

    return rx.foreach(S.given.to(list[StepView]), step)


def _check(lang: Language) -> rx.Component:
    declaration_error = S.errors["declaration"]
    return rx.fragment(
        _heading(_words("check_title", lang)),
        given(lang, with_change=True),
        rx.el.h3(t("advice.form.report_title", lang), class_name="govuk-heading-m"),
        _reports(lang),
        rx.el.p(rx.el.button(t("advice.form.change_report", lang), type="button",
                             class_name="app-link-button govuk-body", on_click=S.open_page("report")),
                class_name="govuk-body"),
        rx.el.form(
            rx.el.div(
                rx.el.fieldset(
                    rx.el.legend(t("advice.form.declaration_title", lang),
                                 class_name="govuk-fieldset__legend govuk-fieldset__legend--m"),
                    rx.cond(declaration_error != "", rx.el.p(
                        rx.el.span(t("error.prefix", lang), class_name="govuk-visually-hidden"), " ",
                        declaration_error, id="declaration-error", class_name="govuk-error-message")),
                    rx.el.div(rx.el.div(
                        rx.el.input(type="checkbox", name="declaration", value="yes",
                                    class_name="govuk-checkboxes__input", custom_attrs={"id": "declaration"}),
                        rx.el.label(_words("declaration", lang), html_for="declaration",
                                    class_name="govuk-label govuk-checkboxes__label"),
                        class_name="govuk-checkboxes__item"), class_name="govuk-checkboxes"),
                    class_name="govuk-fieldset",
                    aria_describedby=rx.cond(declaration_error != "", "declaration-error", None)),
                class_name=rx.cond(declaration_error != "", "govuk-form-group govuk-form-group--error",
                                   "govuk-form-group")),
            button(_words("send", lang)),
            on_submit=S.submit_advice, no_validate=True, reset_on_submit=False),
    )


def _saved(lang: Language) -> rx.Component:
    return rx.fragment(
        rx.el.div(rx.el.h2(_words("saved_title", lang), class_name="govuk-panel__title", id=HEADING_ID,
                           tab_index=-1),
                  class_name="govuk-panel govuk-panel--confirmation"),
        rx.el.p(t("advice.form.saved_text", lang), " ", S.due, ".", class_name="govuk-body"),
        button(_words("check_title", lang), kind="secondary", type="button", on_click=S.open_page("check")),
    )


def _sent(lang: Language) -> rx.Component:
    return rx.fragment(
        rx.el.div(rx.el.p(_words("answered", lang), class_name="govuk-body"), class_name="govuk-inset-text"),
        rx.el.h2(_words("your_advice", lang), class_name="govuk-heading-l", id=HEADING_ID, tab_index=-1),
        given(lang, with_change=False),
        rx.el.h3(t("advice.form.report_title", lang), class_name="govuk-heading-m"),
        _reports(lang),
    )


def advice_form(lang: Language) -> rx.Component:
    """The page of the form this tab shows."""
    steps = [(f"{form.key}:{step.slug}", _step(step, lang)) for form in LINK_FORMS for step in form.steps]
    return rx.match(S.form_page, ("report", _report(lang)), ("check", _check(lang)), ("saved", _saved(lang)),
                    ("sent", _sent(lang)), rx.match(S.step_page, *steps, rx.fragment()))
