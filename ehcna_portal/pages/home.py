"""Home: the Welcome text and services from the seed user guide (§1.1.1)."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.content import start_button
from ehcna_portal.components.layout import page_shell
from ehcna_portal.components.text import bullets, heading, paragraph
from ehcna_portal.i18n import Language, localised_path, t


def home(lang: Language) -> rx.Component:
    links = routes.hrefs(lang)
    return page_shell(
        lang,
        routes.HOME,
        rx.el.div(
            rx.el.div(
                rx.el.h1(t("home.title", lang), class_name="govuk-heading-xl"),
                paragraph("home.intro", lang),
                bullets(["home.service.school_place", "home.service.funding", "home.service.ehc"], lang),
                rx.el.section(
                    heading("home.ehc.heading", lang, id="ehc-heading"),
                    paragraph("home.ehc.body", lang),
                    paragraph("home.ehc.before_you_start", lang),
                    start_button(t("home.ehc.start", lang), localised_path(routes.EHC, lang)),
                    class_name="app-service-tile",
                    aria_labelledby="ehc-heading",
                    id="ehc-assessment-and-review",
                ),
                heading("home.other.heading", lang),
                paragraph("home.other.body", lang, links),
                heading("home.account.heading", lang),
                paragraph("home.account.body", lang, links),
                paragraph("home.guidance", lang, links),
                paragraph("home.privacy", lang, links),
                class_name="govuk-grid-column-two-thirds",
            ),
            class_name="govuk-grid-row",
        ),
    )
