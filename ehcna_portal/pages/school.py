"""The page behind a school's consultation link: the code, then the draft plan and the school's answer."""

from __future__ import annotations

import reflex as rx

from ehcna_portal.components.content import button, summary_list
from ehcna_portal.components.forms import long_text, radios, text_input
from ehcna_portal.i18n import Language, t
from ehcna_portal.pages.plan_document import plan_document
from ehcna_portal.pages.professional import invitation_page
from ehcna_portal.state.school import SchoolState


def _answer_form(lang: Language) -> rx.Component:
    errors = SchoolState.errors
    return rx.el.form(
        rx.el.h2(t("consultation.page.answer_title", lang), class_name="govuk-heading-l"),
        radios("answer", t("consultation.page.question", lang),
               [("agree", t("consultation.answer.agreed", lang)),
                ("cannot_meet", t("consultation.answer.cannot_meet", lang))], lang, error=errors["answer"]),
        long_text("reasons", t("consultation.page.reasons", lang), lang, max_length=5000,
                  default_value=rx.Var.create(""), hint=t("consultation.page.reasons_hint", lang),
                  error=errors["reasons"]),
        text_input("name", t("consultation.page.name", lang), lang, error=errors["name"], auto_complete="name"),
        text_input("role", t("consultation.page.role", lang), lang, error=errors["role"],
                   auto_complete="organization-title"),
        button(t("consultation.page.send", lang)),
        on_submit=SchoolState.answer, no_validate=True, reset_on_submit=False, id="consultation-answer")


def _consultation(lang: Language) -> rx.Component:
    state = SchoolState
    answered = rx.el.div(
        rx.el.h2(t("consultation.page.answered", lang), class_name="govuk-heading-m"),
        summary_list([(t("consultation.page.your_answer", lang), state.answer_given),
                      (t("consultation.page.reasons", lang), state.reasons)]),
        class_name="govuk-inset-text", id="consultation-answered")
    return rx.fragment(
        summary_list([(t("consultation.page.school", lang), state.school_name),
                      (t("advice.page.child", lang), state.child_name), (t("advice.page.born", lang), state.born),
                      (t("consultation.page.due", lang), state.due)]),
        rx.el.p(t("consultation.page.intro", lang), class_name="govuk-body"),
        rx.el.p(rx.el.a(t("plan.page.download", lang), href=state.pdf_href, class_name="govuk-link",
                        custom_attrs={"download": ""}), class_name="govuk-body"),
        rx.el.h2(state.plan_title, class_name="govuk-heading-l"),
        plan_document(state.sections, level=3),
        rx.cond(state.stage == "answered", answered, _answer_form(lang)))


def consultation_page(lang: Language) -> rx.Component:
    return invitation_page(SchoolState, lang, "consultation.page", _consultation(lang),
                           heading_class="govuk-heading-xl")
