"""Development-only pages: the mailbox (emails sent without SMTP) and the component gallery.

Registered by the app module only when EHCNA_ENV is not prod.
"""

from __future__ import annotations

import reflex as rx

from ehcna_portal.components.content import (
    button,
    details,
    error_summary,
    notification_banner,
    summary_list,
    tag,
)
from ehcna_portal.components.forms import checkboxes, date_input, long_text, radios, text_input
from ehcna_portal.components.text import paragraph
from ehcna_portal.i18n import Language, t
from ehcna_portal.services.mailbox import MailboxEntry
from ehcna_portal.state.dev import VIEWS_MAX_LENGTH, DevComponentsState, DevMailboxState


def _mail(entry: MailboxEntry, lang: Language) -> rx.Component:
    return rx.el.article(
        rx.el.h2(entry.subject, class_name="govuk-heading-m"),
        summary_list([
            (t("dev.mailbox.to", lang), entry.recipient),
            (t("dev.mailbox.status", lang), tag(entry.status, "green")),
            (t("dev.mailbox.created", lang), entry.queued),
            (t("dev.mailbox.links", lang), rx.el.ul(rx.foreach(
                entry.links, lambda link: rx.el.li(rx.el.a(link, href=link, class_name="govuk-link"))),
                class_name="govuk-list")),
        ]),
        details(t("dev.mailbox.text", lang), rx.el.pre(entry.text, class_name="app-mail-text")),
        details(t("dev.mailbox.html", lang),
                # An empty sandbox: the email's HTML can show but never run scripts or navigate.
                rx.el.iframe(src_doc=entry.html, sandbox="", title=t("dev.mailbox.html_frame", lang),
                             class_name="app-mail-html")),
        rx.el.hr(class_name="govuk-section-break govuk-section-break--l govuk-section-break--visible"),
        class_name="app-mail",
        data_testid="mail",
    )


def mailbox(lang: Language) -> rx.Component:
    return rx.fragment(
        rx.el.h1(t("dev.mailbox.title", lang), class_name="govuk-heading-l"),
        paragraph("dev.mailbox.intro", lang),
        button(t("dev.mailbox.refresh", lang), kind="secondary", type="button",
               on_click=DevMailboxState.load),
        rx.cond(
            DevMailboxState.messages.length() > 0,
            rx.el.div(rx.foreach(DevMailboxState.messages, lambda entry: _mail(entry, lang))),
            rx.el.p(t("dev.mailbox.empty", lang), class_name="govuk-body"),
        ),
    )


def components(lang: Language) -> rx.Component:
    errors = DevComponentsState.errors
    return rx.fragment(
        error_summary(DevComponentsState.error_list, lang),
        notification_banner(t("dev.components.saved", lang), lang, success=True),
        rx.el.h1(t("dev.components.title", lang), class_name="govuk-heading-l"),
        paragraph("dev.components.intro", lang),
        rx.el.form(
            text_input("full-name", t("dev.components.name", lang), lang,
                       hint=t("dev.components.name_hint", lang), error=errors["full-name"],
                       auto_complete="name", spell_check=False, label_class="govuk-label govuk-label--m"),
            radios("contact", t("dev.components.contact", lang),
                   [("email", t("dev.components.contact_email", lang)),
                    ("phone", t("dev.components.contact_phone", lang))],
                   lang, error=errors["contact"], inline=True),
            checkboxes("needs", t("dev.components.needs", lang),
                       [("communication", t("dev.components.needs_communication", lang)),
                        ("cognition", t("dev.components.needs_cognition", lang)),
                        ("semh", t("dev.components.needs_semh", lang)),
                        ("sensory", t("dev.components.needs_sensory", lang))],
                       lang, hint=t("dev.components.needs_hint", lang), error=errors["needs"]),
            date_input("dob", t("dev.components.dob", lang), lang,
                       hint=t("dev.components.dob_hint", lang), error=errors["dob"]),
            long_text("views", t("dev.components.views", lang), lang, max_length=VIEWS_MAX_LENGTH,
                      default_value=rx.Var.create(""), error=errors["views"], label_class="govuk-label govuk-label--m"),
            rx.el.div(
                button(t("dev.components.continue", lang)),
                button(t("dev.components.secondary", lang), kind="secondary", type="button"),
                class_name="govuk-button-group",
            ),
            on_submit=DevComponentsState.check,
            no_validate=True,
        ),
        rx.el.h2(t("dev.components.summary_heading", lang), class_name="govuk-heading-m"),
        summary_list([
            (t("dev.components.name", lang), t("dev.components.not_answered", lang)),
            (t("dev.components.contact", lang), tag(t("dev.components.tag_received", lang))),
            (t("dev.components.dob", lang), tag(t("dev.components.tag_overdue", lang), "red")),
        ]),
    )
