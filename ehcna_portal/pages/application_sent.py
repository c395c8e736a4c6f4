"""The pages of an application around sending it, for any registered form: the summary (check your answers,
then Submit), the confirmation, the print view and "are you sure" before deleting a draft; and the stepper and
answer lists the step pages share with them."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.content import button, notification_banner, summary_list
from ehcna_portal.components.text import paragraph
from ehcna_portal.forms import registry
from ehcna_portal.i18n import Language, t
from ehcna_portal.pages.answers import answer_list, answers
from ehcna_portal.pages.application_consents import agreed_section, consent_form
from ehcna_portal.state.application import ApplicationState
from ehcna_portal.state.form_views import StepView

S = ApplicationState


def stepper(lang: Language) -> rx.Component:
    """Step 1 … Step 8 with done / current / not started, in words as well as marks."""
    def step_item(step: StepView) -> rx.Component:
        current = S.page == "step-" + step.number.to_string()
        mark = rx.match(step.status, ("completed", "✓"), "")
        status = rx.cond(current, t("application.stepper.current", lang),
                         rx.match(step.status, ("completed", t("application.stepper.completed", lang)),
                                  ("in_progress", t("application.stepper.in_progress", lang)),
                                  t("application.stepper.not_started", lang)))
        return rx.el.li(
            rx.el.span(mark, class_name="app-stepper__mark", aria_hidden="true"),
            t("application.stepper.step", lang), " ", step.number.to_string(),
            rx.el.span(" (", status, ")", class_name="govuk-visually-hidden"),
            class_name=rx.cond(current, "govuk-body-s app-stepper__step app-stepper__step--current",
                               "govuk-body-s app-stepper__step"),
            aria_current=rx.cond(current, "step", None),
        )

    return rx.el.ol(rx.foreach(S.stepper.to(list[StepView]), step_item), class_name="app-stepper",
                    aria_label=t("application.stepper.label", lang))


def _people(lang: Language) -> rx.Component:
    return rx.fragment(
        rx.el.h2(t("summary.submitter", lang), class_name="govuk-heading-m"),
        rx.el.p(S.submitter, class_name="govuk-body"),
        rx.el.h2(t("summary.child", lang), class_name="govuk-heading-m"),
        rx.el.p(S.child_name, class_name="govuk-body"),
        answer_list(S.child_rows),
    )


def _app_href(lang: Language, page: str) -> rx.Var:
    return routes.form_page(S.application_id, page, lang)


def print_link(lang: Language) -> rx.Component:
    return rx.el.p(rx.el.a(t("summary.print", lang), href=_app_href(lang, "print"), class_name="govuk-link"),
                   class_name="govuk-body app-no-print")


def _send_form(lang: Language) -> rx.Component:
    """Submit for a form other than the request: no consents to give, every step complete."""
    return rx.el.form(
        paragraph("summary.send_note", lang),
        button(t("summary.submit", lang)),
        on_submit=S.submit_application, no_validate=True, reset_on_submit=False, key=S.form_key,
    )


def summary_page(lang: Language) -> rx.Component:
    request = S.form_id == registry.REQUEST_FORM
    sent = notification_banner(rx.cond(
        request, rx.el.span(t("summary.sent", lang), " ", S.reference, " – ", S.received),
        rx.el.span(t("confirmation.received", lang), ": ", S.received)), lang)
    return rx.fragment(
        rx.cond(S.status == "draft", stepper(lang), sent),
        rx.el.h1(t("summary.title", lang), class_name="govuk-heading-l"),
        paragraph("summary.intro", lang),
        print_link(lang),
        _people(lang),
        rx.cond(S.status == "draft", paragraph("summary.blank_note", lang)),
        answers(S.summary, lang, with_change=True, anchored=True),
        rx.cond(request, rx.cond(S.status == "draft", consent_form(lang), agreed_section(lang)),
                rx.cond(S.status == "draft", _send_form(lang))),
    )


def _form_sent_page(lang: Language) -> rx.Component:
    """After sending a form other than the request: it arrived, when, and the way back."""
    return rx.fragment(
        rx.el.div(rx.el.h1(t("form_sent.title", lang), class_name="govuk-panel__title"),
                  rx.el.div(S.form_name, class_name="govuk-panel__body"),
                  class_name="govuk-panel govuk-panel--confirmation"),
        summary_list([(t("confirmation.received", lang), S.received)]),
        paragraph("form_sent.body", lang),
        print_link(lang),
        rx.el.p(rx.el.a(t("confirmation.back", lang), href=S.child_href, class_name="govuk-link"),
                class_name="govuk-body"),
    )


def confirmation_page(lang: Language) -> rx.Component:
    return rx.cond(S.form_id == registry.REQUEST_FORM, _request_confirmation(lang), _form_sent_page(lang))


def _request_confirmation(lang: Language) -> rx.Component:
    return rx.fragment(
        rx.el.div(
            rx.el.h1(t("confirmation.title", lang), class_name="govuk-panel__title"),
            rx.el.div(t("confirmation.reference", lang), rx.el.br(), rx.el.strong(S.reference),
                      class_name="govuk-panel__body"),
            class_name="govuk-panel govuk-panel--confirmation",
        ),
        summary_list([(t("confirmation.received", lang), S.received),
                      (t("confirmation.decision_due", lang), S.decision_due)]),
        paragraph("confirmation.email", lang),
        rx.el.h2(t("confirmation.next_title", lang), class_name="govuk-heading-m"),
        rx.el.p(t("confirmation.next_body", lang), " ", S.decision_due, ".", class_name="govuk-body"),
        paragraph("confirmation.next_more", lang),
        print_link(lang),
        rx.el.p(rx.el.a(t("confirmation.documents", lang), href=_app_href(lang, "documents"),
                        class_name="govuk-link"), class_name="govuk-body"),
        rx.el.p(rx.el.a(t("confirmation.back", lang), href=S.child_href, class_name="govuk-link"),
                class_name="govuk-body"),
    )


def print_page(lang: Language) -> rx.Component:
    return rx.fragment(
        rx.el.div(
            rx.el.p(t("service.name", lang), class_name="govuk-body-s"),
            rx.cond(S.status == "draft",
                    rx.el.p(t("print.draft", lang), class_name="govuk-body app-draft-mark"),
                    rx.el.p(t("print.reference", lang), " ", S.reference, " · ", t("print.received", lang), " ",
                            S.received, class_name="govuk-body govuk-!-font-weight-bold")),
            class_name="app-print-header",
        ),
        rx.el.h1(S.form_name, class_name="govuk-heading-l"),
        rx.el.div(button(t("print.button", lang), type="button", on_click=rx.call_script("window.print()")),
                  rx.el.a(t("print.back", lang), href=_app_href(lang, "summary"),
                          class_name="govuk-link govuk-body"),
                  class_name="govuk-button-group app-no-print"),
        _people(lang),
        answers(S.summary, lang, anchored=True),
        rx.cond(S.form_id == registry.REQUEST_FORM, agreed_section(lang)),
    )


def delete_page(lang: Language) -> rx.Component:
    """GOV.UK "are you sure" page for an unsent application: a warning button, and Cancel back to the child."""
    return rx.fragment(
        rx.el.span(S.child_name, class_name="govuk-caption-l"),
        rx.el.h1(t("delete_draft.title", lang), class_name="govuk-heading-l"),
        paragraph("delete_draft.body", lang),
        rx.el.form(
            rx.el.div(
                button(t("delete_draft.submit", lang), kind="warning"),
                rx.el.a(t("delete.cancel", lang), href=S.child_href, class_name="govuk-link"),
                class_name="govuk-button-group",
            ),
            on_submit=S.delete_draft, no_validate=True, reset_on_submit=False,
        ),
    )
