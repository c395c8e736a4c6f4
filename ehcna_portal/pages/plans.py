"""The family's pages for an issued plan: the plan itself (printable, with its PDF), reached from the EHC Plan tab."""

from __future__ import annotations

import reflex as rx

from ehcna_portal.components.content import button, summary_list
from ehcna_portal.i18n import Language, t
from ehcna_portal.pages.plan_document import plan_document
from ehcna_portal.state.family_plan import FamilyPlanState


def plan_page(lang: Language) -> rx.Component:
    state = FamilyPlanState
    found = rx.fragment(
        rx.el.span(state.child_name, class_name="govuk-caption-l"),
        rx.el.h1(state.title, class_name="govuk-heading-l"),
        rx.cond(state.respond != "", rx.el.div(rx.el.p(state.respond, class_name="govuk-body govuk-!-font-weight-bold"),
                                               rx.el.p(state.respond_how, class_name="govuk-body"),
                                               class_name="govuk-inset-text", id="respond-by")),
        summary_list([(t("plan.pdf.reference", lang), state.reference), (t("plan.pdf.issued", lang), state.issued)]),
        rx.el.div(
            button(t("print.button", lang), type="button", on_click=rx.call_script("window.print()")),
            rx.el.a(t("plan.page.download", lang), href=state.pdf_href, class_name="govuk-link govuk-body",
                    custom_attrs={"download": ""}, id="plan-pdf"),
            class_name="govuk-button-group app-no-print"),
        plan_document(state.sections),
        rx.el.p(rx.el.a(t("plan.page.back", lang), href=state.child_href, class_name="govuk-link"),
                class_name="govuk-body app-no-print"))
    missing = rx.el.h1(t("notfound.title", lang), class_name="govuk-heading-l")
    return rx.cond(state.found, found, missing)
