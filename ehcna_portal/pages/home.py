"""Home: the Welcome text and services from the seed user guide (§1.1.1), with the sign-in box beside them
for a visitor who is signed out, and the way into EHC Assessment and Review for a parent who is signed in."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.content import error_summary, start_button
from ehcna_portal.components.text import bullets, heading, paragraph
from ehcna_portal.i18n import Language, localised_path, t
from ehcna_portal.pages.accounts import sign_in_form
from ehcna_portal.state.accounts import SignInState
from ehcna_portal.state.session import SessionState


def _sign_in_box(lang: Language) -> rx.Component:
    links = routes.hrefs(lang)
    return rx.el.section(
        heading("sign_in.title", lang, id="home-sign-in"),
        sign_in_form(lang),
        paragraph("sign_in.forgotten", lang, links),
        paragraph("sign_in.register", lang, links),
        class_name="app-sign-in-box",
        aria_labelledby="home-sign-in",
    )


def home(lang: Language) -> rx.Component:
    links = routes.hrefs(lang)
    ehc = localised_path(routes.EHC, lang)
    return rx.fragment(
        rx.cond(SessionState.signed_in, rx.fragment(), error_summary(SignInState.error_list, lang)),
        rx.el.div(
            rx.el.div(
                rx.el.h1(t("home.title", lang), class_name="govuk-heading-xl"),
                paragraph("home.intro", lang),
                bullets(["home.service.school_place", "home.service.funding", "home.service.ehc"], lang),
                rx.el.section(
                    heading("home.ehc.heading", lang, id="ehc-heading"),
                    paragraph("home.ehc.body", lang),
                    paragraph("home.ehc.before_you_start", lang),
                    start_button(t("home.ehc.start", lang), ehc),
                    class_name="app-service-tile",
                    aria_labelledby="ehc-heading",
                    id="ehc-assessment-and-review",
                ),
                heading("home.other.heading", lang),
                paragraph("home.other.body", lang, links),
                rx.cond(SessionState.signed_in,
                        rx.el.p(rx.el.a(t("home.go_to_ehc", lang), href=ehc, class_name="govuk-link"),
                                class_name="govuk-body"),
                        rx.fragment(heading("home.account.heading", lang),
                                    paragraph("home.account.body", lang, links))),
                paragraph("home.guidance", lang, links),
                paragraph("home.privacy", lang, links),
                class_name="govuk-grid-column-two-thirds",
            ),
            rx.el.div(rx.cond(SessionState.signed_in, rx.fragment(), _sign_in_box(lang)),
                      class_name="govuk-grid-column-one-third"),
            class_name="govuk-grid-row",
        ),
    )
