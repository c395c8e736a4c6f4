"""My account's pages (seed 1.1.3–1.1.5): the overview and its menu, details, circumstances, email, password,
two-step verification, your data and deleting the account."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.address import address_finder
from ehcna_portal.components.content import (
    button,
    error_summary,
    in_page_link,
    summary_list,
    warning_text,
)
from ehcna_portal.components.forms import password_input, radios, select, text_input
from ehcna_portal.components.layout import page_shell
from ehcna_portal.components.text import paragraph
from ehcna_portal.i18n import Language, localised_path, t
from ehcna_portal.pages.accounts import account_form, heading
from ehcna_portal.services.parent_accounts import GENDERS, TITLES
from ehcna_portal.settings import get_settings
from ehcna_portal.state.my_account import (
    AccountDeletedState,
    ChangePasswordState,
    ConfirmNewEmailState,
    DeleteAccountState,
    MyAccountState,
    TwoStepSettingsState,
)

ACCOUNT_MENU = [  # the overview, then seed 1.1.5's items in its order
    ("account.title", routes.ACCOUNT),
    ("account.personal", routes.ACCOUNT_PERSONAL),
    ("account.contact", routes.ACCOUNT + "#contact-details"),  # a section of the overview, never "current"
    ("account.email", routes.ACCOUNT_EMAIL),
    ("account.password", routes.ACCOUNT_PASSWORD),
    ("account.circumstances", routes.ACCOUNT_CIRCUMSTANCES),
    ("account.two_step", routes.ACCOUNT_TWO_STEP),
]


def account_menu(lang: Language, route: str) -> rx.Component:
    items = []
    for key, path in ACCOUNT_MENU:
        label = t(key, lang)
        if path == route:
            items.append(rx.el.li(rx.el.strong(label), aria_current="page"))
        else:
            items.append(rx.el.li(rx.el.a(label, href=localised_path(path, lang), class_name="govuk-link")))
    return rx.el.nav(rx.el.ul(*items, class_name="govuk-list"), aria_label=t("account.title", lang),
                     class_name="app-account-menu")


def account_layout(lang: Language, route: str, content: rx.Component) -> rx.Component:
    """My account's pages: its menu beside the page (the app module registers them with this layout)."""
    return page_shell(lang, route, rx.el.div(
        rx.el.div(account_menu(lang, route), class_name="govuk-grid-column-one-quarter"),
        rx.el.div(content, class_name="govuk-grid-column-three-quarters"),
        class_name="govuk-grid-row",
    ))


def account(lang: Language) -> rx.Component:
    details = MyAccountState.details
    method = rx.match(details["two_step_method"], ("email", t("two_step.method.email", lang)),
                      ("app", t("two_step.method.app", lang)), t("two_step.method.none", lang))
    address = rx.el.span(details["address_line_1"], rx.el.br(), details["address_line_2"], rx.el.br(),
                         details["town"], rx.el.br(), details["postcode"])
    return rx.fragment(
        heading("account.title", lang),
        rx.el.h2(t("account.personal", lang), class_name="govuk-heading-m"),
        summary_list([(t("field.title", lang), details["title"]), (t("field.forename", lang), details["forename"]),
                      (t("field.surname", lang), details["surname"])]),
        rx.el.h2(t("account.contact", lang), class_name="govuk-heading-m", id="contact-details"),
        summary_list([(t("field.email", lang), details["email"]), (t("account.address", lang), address),
                      (t("field.home_phone", lang), details["home_phone"]),
                      (t("field.mobile_phone", lang), details["mobile_phone"]),
                      (t("field.work_phone", lang), details["work_phone"])]),
        rx.el.h2(t("account.two_step", lang), class_name="govuk-heading-m"),
        summary_list([(t("two_step.preferred", lang), method)]),
        _your_data(lang),
        rx.el.p(rx.el.a(t("account.ehc", lang), href=localised_path(routes.EHC, lang), class_name="govuk-link"),
                class_name="govuk-body"),
    )


def _your_data(lang: Language) -> rx.Component:
    """My account › Your data: a copy of everything held (a zip from an HTTP route, so a plain link), and
    deleting the account. Both need two-step verification, like everything about the children."""
    state = MyAccountState
    available = rx.fragment(
        paragraph("account.your_data_intro", lang),
        rx.el.ul(
            rx.el.li(in_page_link(t("account.download_data", lang), target=state.download_href,
                                  class_name="govuk-link", id="download-data",
                                  aria_describedby="download-data-hint"),
                     rx.el.div(t("account.download_hint", lang), class_name="govuk-hint govuk-!-margin-bottom-2",
                               id="download-data-hint")),
            rx.el.li(rx.el.a(t("account.delete", lang), href=localised_path(routes.ACCOUNT_DELETE, lang),
                             class_name="govuk-link")),
            class_name="govuk-list",
        ),
    )
    needs_two_step = rx.fragment(
        paragraph("account.data_two_step", lang),
        rx.el.p(rx.el.a(t("two_step_area.enable", lang), href=localised_path(routes.ACCOUNT_TWO_STEP, lang),
                        class_name="govuk-link"), class_name="govuk-body"),
    )
    return rx.fragment(rx.el.h2(t("account.your_data", lang), class_name="govuk-heading-m"),
                       rx.cond(state.two_step_verified, available, needs_two_step))


def delete_account(lang: Language) -> rx.Component:
    """GOV.UK "delete" pattern: say what goes and what is kept, warn it cannot be undone, confirm with the
    password, and a warning button."""
    state = DeleteAccountState
    links = routes.hrefs(lang)

    def names(heading_key: str, items) -> rx.Component:
        return rx.cond(items.length() > 0, rx.fragment(
            rx.el.h2(t(heading_key, lang), class_name="govuk-heading-s"),
            rx.el.ul(rx.foreach(items, lambda name: rx.el.li(name)), class_name="govuk-list govuk-list--bullet"),
        ))

    kept = rx.cond(
        state.kept.length() > 0,
        rx.fragment(paragraph("delete_account.kept_body", lang, params={"age": get_settings().kept_until_age}),
                    rx.el.ul(rx.foreach(state.kept, lambda line: rx.el.li(line)),
                             class_name="govuk-list govuk-list--bullet", id="kept-requests")),
        paragraph("delete_account.nothing_kept", lang),
    )
    warning = warning_text(t("delete_account.warning", lang), lang)
    body = rx.fragment(
        paragraph("delete_account.intro", lang),
        rx.el.ul(
            *(rx.el.li(t(f"delete_account.{key}", lang)) for key in ("no_sign_in", "sign_in_details", "drafts",
                                                                      "children")),
            rx.cond(state.kept.length() > 0, rx.fragment(), rx.el.li(t("delete_account.details", lang))),
            class_name="govuk-list govuk-list--bullet",
        ),
        names("delete_account.unsent_heading", state.unsent),
        names("delete_account.children_heading", state.children),
        rx.el.h2(t("delete_account.kept_heading", lang), class_name="govuk-heading-m"),
        kept,
        paragraph("delete_account.privacy", lang, links),
        paragraph("delete_account.copy_first", lang),
        rx.el.p(in_page_link(t("account.download_data", lang), target=state.download_href, class_name="govuk-link"),
                class_name="govuk-body"),
        paragraph("delete_account.email", lang),
        warning,
        account_form(
            state.submit,
            password_input("password", t("field.current_password", lang), lang, error=state.errors["password"],
                           hint=t("delete_account.password_hint", lang)),
            rx.el.div(
                button(t("account.delete", lang), kind="warning"),
                rx.el.a(t("delete.cancel", lang), href=localised_path(routes.ACCOUNT, lang), class_name="govuk-link"),
                class_name="govuk-button-group",
            ),
        ),
    )
    return rx.fragment(
        error_summary(state.error_list, lang),
        heading("account.delete", lang),
        rx.cond(state.ready, body),
    )


def account_deleted(lang: Language) -> rx.Component:
    links = routes.hrefs(lang)
    return rx.fragment(
        rx.el.div(rx.el.h1(t("account_deleted.title", lang), class_name="govuk-panel__title"),
                  class_name="govuk-panel govuk-panel--confirmation"),
        paragraph("account_deleted.email", lang),
        rx.cond(AccountDeletedState.kept, paragraph("account_deleted.kept", lang, links)),
        paragraph("account_deleted.again", lang, links),
    )


def personal_details(lang: Language) -> rx.Component:
    state = MyAccountState
    errors = state.errors
    titles = [(value, t(f"title.{value.lower()}", lang)) for value in TITLES]
    genders = [(value, t(f"gender.{value}", lang)) for value in GENDERS]
    return rx.fragment(
        error_summary(state.error_list, lang),
        heading("account.personal", lang),
        paragraph("account.signs_out", lang),
        rx.el.form(
            select("title", t("field.title", lang), titles, lang, error=errors["title"],
                   default_value=state.details["title"]),
            text_input("forename", t("field.forename", lang), lang, error=errors["forename"],
                       default_value=state.details["forename"], auto_complete="given-name"),
            text_input("surname", t("field.surname", lang), lang, error=errors["surname"],
                       default_value=state.details["surname"], auto_complete="family-name"),
            select("gender", t("field.gender", lang), genders, lang, error=errors["gender"],
                   default_value=state.details["gender"]),
            button(t("account.save", lang)),
            key=state.details["email"], on_submit=state.save_personal, no_validate=True, reset_on_submit=False,
        ),
    )


def change_circumstances(lang: Language) -> rx.Component:
    state = MyAccountState
    errors = state.errors
    phone = "govuk-input--width-20"
    return rx.fragment(
        error_summary(state.error_list, lang),
        heading("account.circumstances", lang),
        paragraph("account.signs_out", lang),
        rx.el.form(
            address_finder(state, errors, lang, "register.address_legend"),
            rx.el.fieldset(
                rx.el.legend(t("register.phone_legend", lang),
                             class_name="govuk-fieldset__legend govuk-fieldset__legend--m"),
                paragraph("register.phone_hint", lang, class_name="govuk-hint"),
                text_input("home_phone", t("field.home_phone", lang), lang, error=errors["home_phone"],
                           input_type="tel", default_value=state.details["home_phone"], width_class=phone),
                text_input("mobile_phone", t("field.mobile_phone", lang), lang, error=errors["mobile_phone"],
                           input_type="tel", default_value=state.details["mobile_phone"], width_class=phone),
                text_input("work_phone", t("field.work_phone", lang), lang, error=errors["work_phone"],
                           input_type="tel", default_value=state.details["work_phone"], width_class=phone),
                class_name="govuk-fieldset",
            ),
            button(t("account.save", lang)),
            key=state.details["email"], on_submit=state.save_circumstances, no_validate=True,
            reset_on_submit=False,
        ),
    )


def change_email(lang: Language) -> rx.Component:
    state = MyAccountState
    return rx.fragment(
        error_summary(state.error_list, lang),
        heading("account.email", lang),
        rx.el.p(t("account.email_current", lang), " ", rx.el.strong(state.details["email"]), class_name="govuk-body"),
        paragraph("account.email_intro", lang),
        account_form(
            state.change_email,
            text_input("email", t("field.new_email", lang), lang, error=state.errors["email"], input_type="email",
                       auto_complete="email", spell_check=False),
            password_input("password", t("field.current_password", lang), lang, error=state.errors["password"]),
            button(t("account.email_submit", lang)),
        ),
    )


def change_email_sent(lang: Language) -> rx.Component:
    return rx.fragment(heading("account.email_sent.title", lang),
                         paragraph("account.email_sent.body", lang))


def confirm_new_email(lang: Language) -> rx.Component:
    links = routes.hrefs(lang)
    return rx.fragment(rx.match(
        ConfirmNewEmailState.outcome,
        *((outcome, rx.fragment(heading(f"verify.{outcome}.title", lang),
                                paragraph(f"new_email.{outcome}.body", lang, links)))
          for outcome in ("expired", "used", "invalid")),
        rx.fragment(heading("verify.checking.title", lang)),
    ))


def two_step_settings(lang: Language) -> rx.Component:
    state = TwoStepSettingsState
    methods = [("email", t("two_step.method.email", lang)), ("app", t("two_step.method.app", lang))]
    choose = rx.fragment(
        heading("two_step.title", lang),
        paragraph("two_step.intro", lang),
        paragraph("two_step.areas", lang),
        paragraph("two_step.sign_out_warning", lang),
        account_form(
            state.save,
            radios("method", t("two_step.preferred", lang), methods, lang, error=state.errors["method"]),
            button(t("two_step.save", lang)),
        ),
    )
    setup = rx.fragment(
        heading("two_step.app.title", lang),
        paragraph("two_step.app.scan", lang),
        rx.el.img(src=state.setup_qr, alt=t("two_step.app.qr_alt", lang), class_name="app-qr",
                  custom_attrs={"width": "205", "height": "205"}),
        paragraph("two_step.app.key_intro", lang),
        rx.el.p(rx.el.code(state.setup_key, class_name="app-setup-key"), class_name="govuk-body",
                id="setup-key"),
        account_form(
            state.confirm_app,
            text_input("code", t("two_step.app.code_label", lang), lang, error=state.errors["code"],
                       auto_complete="one-time-code", input_mode="numeric", spell_check=False,
                       width_class="govuk-input--width-10"),
            button(t("two_step.app.confirm", lang)),
        ),
    )
    recovery = rx.fragment(
        heading("two_step.recovery.title", lang),
        paragraph("two_step.recovery.body", lang),
        rx.el.ul(rx.foreach(state.recovery_codes, lambda code: rx.el.li(rx.el.code(code))),
                 class_name="govuk-list app-recovery-codes", id="recovery-codes"),
        paragraph("two_step.recovery.sign_out", lang),
        button(t("two_step.recovery.continue", lang), type="button", on_click=state.finish),
    )
    return rx.fragment(
        error_summary(state.error_list, lang),
        rx.cond(state.recovery_codes.length() > 0, recovery, rx.cond(state.setup_qr != "", setup, choose)),
    )


def change_password(lang: Language) -> rx.Component:
    state = ChangePasswordState
    return rx.fragment(
        error_summary(state.error_list, lang),
        heading("change_password.title", lang),
        paragraph("change_password.intro", lang),
        account_form(
            state.submit,
            password_input("current_password", t("field.current_password", lang), lang,
                           error=state.errors["current_password"]),
            password_input("password", t("field.new_password", lang), lang, error=state.errors["password"],
                           hint=t("register.password_hint", lang), autocomplete="new-password"),
            button(t("change_password.submit", lang)),
        ),
    )
