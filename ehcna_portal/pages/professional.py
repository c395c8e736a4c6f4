"""The page behind a professional's advice link: the code, then the child and the family's request."""

from __future__ import annotations

import reflex as rx

from ehcna_portal.components.content import button, details, error_summary, summary_list
from ehcna_portal.components.forms import text_input
from ehcna_portal.i18n import Language, t
from ehcna_portal.pages.advice_form import advice_form
from ehcna_portal.pages.answers import answers
from ehcna_portal.pages.plan_document import plan_document
from ehcna_portal.state.invitation import InvitationMixin
from ehcna_portal.state.professional import ProfessionalState


def code_steps(state: type[InvitationMixin], lang: Language) -> rx.Component:
    """Ask for the emailed code, then give it: the first steps behind any invitation link."""
    ask = rx.el.div(rx.el.p(state.code_intro, class_name="govuk-body"),
                    button(t("advice.page.send_code", lang), type="button", on_click=state.send_code))
    enter = rx.el.form(
        text_input("code", t("advice.page.code_label", lang), lang, hint=t("advice.page.code_hint", lang),
                   error=state.errors["code"], width_class="govuk-input--width-5", input_mode="numeric",
                   auto_complete="one-time-code", spell_check=False),
        button(t("advice.page.continue", lang)),
        rx.el.p(rx.el.button(t("advice.page.new_code", lang), type="button", on_click=state.send_code,
                             class_name="app-link-button govuk-body"), class_name="govuk-body"),
        on_submit=state.check_code, no_validate=True, reset_on_submit=False)
    return rx.match(state.stage, ("code", ask), ("enter_code", enter), rx.fragment())


def _case(lang: Language) -> rx.Component:
    """Who the advice is about and what the family asked (opened when wanted), then the advice form."""
    state = ProfessionalState
    documents = rx.cond(state.documents.length() > 0,
                        rx.el.ul(rx.foreach(state.documents, lambda name: rx.el.li(name)),
                                 class_name="govuk-list govuk-list--bullet"),
                        rx.el.p(t("advice.page.no_documents", lang), class_name="govuk-body"))
    return rx.fragment(
        summary_list([(t("advice.page.child", lang), state.child_name), (t("advice.page.born", lang), state.born),
                      (t("advice.page.asked", lang), state.advice), (t("advice.page.due", lang), state.due)]),
        details(t("advice.page.request", lang), answers(state.steps, lang),
                rx.el.h2(t("advice.page.documents", lang), class_name="govuk-heading-m"), documents),
        advice_form(lang))


def _review(lang: Language) -> rx.Component:
    """A review's report: whose plan, the meeting, by when, the plan in force (opened when wanted), the form."""
    state = ProfessionalState
    return rx.fragment(
        summary_list([(t("advice.page.child", lang), state.child_name), (t("advice.page.born", lang), state.born),
                      (t("review_report.page.meeting", lang), state.meeting),
                      (t("advice.page.due", lang), state.due)]),
        rx.el.p(t("review_report.page.intro", lang), class_name="govuk-body"),
        details(t("review_report.page.plan", lang),
                rx.el.h2(state.plan_title, class_name="govuk-heading-m"),
                plan_document(state.plan_sections, level=3)),
        advice_form(lang))


def invitation_page(state: type[InvitationMixin], lang: Language, prefix: str, opened: rx.Component, *,
                    heading_class: str = "govuk-heading-l", title: rx.Var | None = None) -> rx.Component:
    """The page behind an invitation link: the refusal of a link that opens nothing, the code's steps, then
    ``opened`` (its own "open" and "answered" stages); ``prefix`` names its catalog keys (``<prefix>.title`` …),
    ``title`` a heading that depends on what the link opens."""
    def refused(why: str) -> rx.Component:
        return rx.el.p(t(f"{prefix}.{why}", lang), class_name="govuk-body", id="link-refused")

    return rx.fragment(
        error_summary(state.error_list, lang),
        rx.cond(state.reference != "", rx.el.span(state.reference, class_name="govuk-caption-l")),
        rx.el.h1(title if title is not None else t(f"{prefix}.title", lang), class_name=heading_class),
        rx.match(state.stage, ("unknown", refused("unknown")), ("expired", refused("expired")),
                 ("open", opened), ("answered", opened), code_steps(state, lang)))


def advice_page(lang: Language) -> rx.Component:
    state = ProfessionalState
    return invitation_page(state, lang, "advice.page", rx.cond(state.review, _review(lang), _case(lang)),
                           title=rx.cond(state.review, t("review_report.page.title", lang),
                                         t("advice.page.title", lang)))
