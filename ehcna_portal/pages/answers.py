"""A form's answers as saved or sent, step by step, drawn once for every page that shows them: the parent's
summary and print view, and the caseworker's case page."""

from __future__ import annotations

import reflex as rx

from ehcna_portal.components.content import summary_list_of
from ehcna_portal.i18n import Language, t
from ehcna_portal.state.form_views import GroupView, RowView, SentFormView, StepView


def answer_list(rows: rx.Var, before: tuple[rx.Component, ...] = ()) -> rx.Component:
    """Questions and answers (an item's, the child's): answers keep their line breaks (``app-answer``)."""
    return summary_list_of(rows, lambda row: row.question, lambda row: row.answer, value_class="app-answer",
                           before=before)


def answers(steps: rx.Var, lang: Language, *, with_change: bool = False, anchored: bool = False) -> rx.Component:
    """Every step's answers: the parent's summary (``with_change``: its Change links) and print view, and the staff
    case page (the request's, and each form the family sent). ``anchored``: each step has the id the summary's
    error links jump to (one form per page only: ids are unique)."""
    def row(entry: RowView) -> rx.Component:
        actions = rx.el.dd(
            rx.el.a(t("application.change", lang), rx.el.span(" ", entry.question, class_name="govuk-visually-hidden"),
                    href=entry.href, class_name="govuk-link"),
            class_name="govuk-summary-list__actions app-no-print")
        return rx.el.div(rx.el.dt(entry.question, class_name="govuk-summary-list__key"),
                         rx.el.dd(entry.answer, class_name="govuk-summary-list__value app-answer"),
                         rx.cond(entry.href != "", actions) if with_change else rx.fragment(),
                         class_name="govuk-summary-list__row")

    def group(entry: GroupView) -> rx.Component:
        return rx.fragment(
            rx.el.h3(entry.label, class_name="govuk-heading-s"),
            rx.cond(entry.members.length() > 0,
                    rx.foreach(entry.members, lambda item: rx.el.div(
                        rx.el.h4(item.title, class_name="govuk-body govuk-!-font-weight-bold"),
                        answer_list(item.rows))),
                    rx.el.p(t("application.none_added", lang), class_name="govuk-body")),
        )

    def step(entry: StepView) -> rx.Component:
        which = rx.el.span(" ", t("application.stepper.step", lang), " ", entry.number.to_string(),
                           class_name="govuk-visually-hidden")
        change_step = rx.el.p(rx.el.a(t("summary.change_step", lang), which, href=entry.href, class_name="govuk-link"),
                              class_name="govuk-body app-no-print")
        return rx.el.section(
            rx.el.h2(t("application.stepper.step", lang), " ", entry.number.to_string(), ": ", entry.title,
                     class_name="govuk-heading-m"),
            rx.cond(entry.href != "", change_step) if with_change else rx.fragment(),
            rx.cond(entry.rows.length() > 0,
                    rx.el.dl(rx.foreach(entry.rows, row), class_name="govuk-summary-list"),
                    rx.el.p(t("summary.nothing_answered", lang), class_name="govuk-body")),
            rx.foreach(entry.groups, group),
            class_name="app-print-step", id="step-" + entry.number.to_string() if anchored else None,
        )

    return rx.foreach(steps.to(list[StepView]), step)


def sent_forms(forms: rx.Var, lang: Language) -> rx.Component:
    """Forms sent on a case, each with its answers (the staff case page): the family's later forms (their advice
    for the assessment…), and the advice professionals gave through their link."""
    def sent(entry: SentFormView) -> rx.Component:
        return rx.el.section(
            rx.el.h2(entry.name, class_name="govuk-heading-l"),
            rx.el.p(t("staff.queue.received", lang), ": ", entry.received, class_name="govuk-body"),
            answers(entry.steps, lang), class_name="app-family-form")

    return rx.foreach(forms.to(list[SentFormView]), sent)
