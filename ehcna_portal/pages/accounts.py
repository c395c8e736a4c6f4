"""Account pages: register, check your email, confirm, sign in, code, EHC area gate, My account, 2SV."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.address import address_finder
from ehcna_portal.components.content import (
    button,
    error_summary,
    in_page_link,
    notification_banner,
    summary_list,
    warning_text,
)
from ehcna_portal.components.forms import password_input, radios, select, starred, text_input
from ehcna_portal.components.layout import page_shell
from ehcna_portal.components.text import paragraph
from ehcna_portal.i18n import Language, localised_path, t
from ehcna_portal.services.parent_accounts import GENDERS, TITLES
from ehcna_portal.settings import get_settings
from ehcna_portal.state.accounts import (
    AccountDeletedState,
    ChangePasswordState,
    CompleteRegistrationState,
    ConfirmNewEmailState,
    DeleteAccountState,
    ForgottenPasswordState,
    MyAccountState,
    RegisterState,
    ResetPasswordState,
    SignInCodeState,
    SignInState,
    TwoStepSettingsState,
)


def _narrow(*children: rx.Component) -> rx.Component:
    column = rx.el.div(*children, class_name="govuk-grid-column-two-thirds")
    return rx.el.div(column, class_name="govuk-grid-row")


def _h1(key: str, lang: Language, size: str = "l") -> rx.Component:
    return rx.el.h1(t(key, lang), class_name=f"govuk-heading-{size}")


def _form(handler, *children: rx.Component) -> rx.Component:
    return rx.el.form(*children, on_submit=handler, no_validate=True, reset_on_submit=False)


def register(lang: Language) -> rx.Component:
    errors = RegisterState.errors
    titles = [(value, t(f"title.{value.lower()}", lang)) for value in TITLES]
    genders = [(value, t(f"gender.{value}", lang)) for value in GENDERS]
    return page_shell(lang, routes.REGISTER, _narrow(
        error_summary(RegisterState.error_list, lang),
        _h1("register.title", lang),
        paragraph("register.intro", lang),
        _form(
            RegisterState.submit,
            text_input("email", starred("field.email", lang), lang, error=errors["email"], input_type="email",
                       auto_complete="email", spell_check=False, hint=t("register.email_hint", lang)),
            text_input("confirm_email", starred("field.confirm_email", lang), lang, error=errors["confirm_email"],
                       input_type="email", auto_complete="email", spell_check=False),
            password_input("password", starred("field.password", lang), lang, error=errors["password"],
                           hint=t("register.password_hint", lang), autocomplete="new-password"),
            select("title", starred("field.title", lang), titles, lang, error=errors["title"],
                   auto_complete="honorific-prefix"),
            text_input("forename", starred("field.forename", lang), lang, error=errors["forename"],
                       auto_complete="given-name", spell_check=False),
            text_input("surname", starred("field.surname", lang), lang, error=errors["surname"],
                       auto_complete="family-name", spell_check=False),
            select("gender", starred("field.gender", lang), genders, lang, error=errors["gender"]),
            address_finder(RegisterState, errors, lang, "register.address_legend"),
            rx.el.fieldset(
                rx.el.legend(t("register.phone_legend", lang),
                             class_name="govuk-fieldset__legend govuk-fieldset__legend--m"),
                paragraph("register.phone_hint", lang, class_name="govuk-hint"),
                text_input("home_phone", t("field.home_phone", lang), lang, error=errors["home_phone"],
                           input_type="tel", auto_complete="tel", width_class="govuk-input--width-20"),
                text_input("mobile_phone", t("field.mobile_phone", lang), lang, error=errors["mobile_phone"],
                           input_type="tel", auto_complete="tel", width_class="govuk-input--width-20"),
                text_input("work_phone", t("field.work_phone", lang), lang, error=errors["work_phone"],
                           input_type="tel", width_class="govuk-input--width-20"),
                class_name="govuk-fieldset",
            ),
            button(t("register.submit", lang)),
        ),
    ))


def register_check_email(lang: Language) -> rx.Component:
    return page_shell(lang, routes.REGISTER_CHECK_EMAIL, _narrow(
        _h1("register.check.title", lang),
        paragraph("register.check.body", lang),
        paragraph("register.check.spam", lang),
        paragraph("register.check.next", lang, routes.hrefs(lang)),
    ))


def complete_registration(lang: Language) -> rx.Component:
    state = CompleteRegistrationState
    links = routes.hrefs(lang)
    return page_shell(lang, routes.COMPLETE_REGISTRATION, _narrow(rx.match(
        state.outcome,
        ("expired", rx.fragment(
            _h1("verify.expired.title", lang),
            paragraph("verify.expired.body", lang),
            rx.cond(state.resent, notification_banner(t("verify.resent", lang), lang, success=True),
                    button(t("verify.send_new_link", lang), type="button", on_click=state.resend)),
        )),
        *((outcome, rx.fragment(_h1(f"verify.{outcome}.title", lang),
                                paragraph(f"verify.{outcome}.body", lang, links)))
          for outcome in ("used", "invalid")),
        rx.fragment(_h1("verify.checking.title", lang)),
    )))


_SIGN_IN_BANNERS = {
    "confirmed": ("sign_in.banner.confirmed", True),
    "signed_out": ("sign_in.banner.signed_out", True),
    "two_step_changed": ("sign_in.banner.two_step_changed", True),
    "timeout": ("sign_in.banner.timeout", False),
    "expired": ("sign_in.banner.expired", False),
    "password_changed": ("sign_in.banner.password_changed", True),
    "details_changed": ("sign_in.banner.details_changed", True),
    "email_changed": ("sign_in.banner.email_changed", True),
}


def sign_in_form(lang: Language) -> rx.Component:
    """Email address, Password with Show, and Sign in (seed 1.1.1): the sign-in page's and Home's."""
    state = SignInState
    return _form(
        state.submit,
        text_input("email", t("field.email", lang), lang, error=state.errors["email"], input_type="email",
                   auto_complete="email", spell_check=False),
        password_input("password", t("field.password", lang), lang, error=state.errors["password"]),
        button(t("sign_in.submit", lang)),
    )


def sign_in(lang: Language) -> rx.Component:
    state = SignInState
    links = routes.hrefs(lang)
    banner = rx.match(
        state.reason,
        *((reason, notification_banner(t(key, lang), lang, success=success))
          for reason, (key, success) in _SIGN_IN_BANNERS.items()),
        rx.fragment(),
    )
    return page_shell(lang, routes.SIGN_IN, _narrow(
        rx.cond(state.error_list.length() > 0, error_summary(state.error_list, lang), banner),
        _h1("sign_in.title", lang),
        sign_in_form(lang),
        rx.cond(
            state.unverified_email != "",
            rx.cond(state.resent, paragraph("sign_in.verification_resent", lang),
                    button(t("verify.send_new_link", lang), kind="secondary", type="button",
                           on_click=state.resend_verification)),
        ),
        paragraph("sign_in.forgotten", lang, links),
        paragraph("sign_in.register", lang, links),
    ))


def sign_in_code(lang: Language) -> rx.Component:
    state = SignInCodeState
    is_app = state.method == "app"
    return page_shell(lang, routes.SIGN_IN_CODE, _narrow(
        error_summary(state.error_list, lang),
        rx.cond(state.resent, notification_banner(t("code.resent", lang), lang, success=True)),
        rx.cond(is_app, _h1("code.app.title", lang), _h1("code.email.title", lang)),
        rx.cond(is_app, paragraph("code.app.body", lang), paragraph("code.email.body", lang)),
        _form(
            state.submit,
            text_input("code", t("code.label", lang), lang, error=state.errors["code"],
                       auto_complete="one-time-code", input_mode="numeric", spell_check=False,
                       width_class="govuk-input--width-10",
                       hint=rx.cond(is_app, t("code.app.hint", lang), t("code.email.hint", lang))),
            button(t("code.submit", lang)),
        ),
        rx.cond(is_app, rx.fragment(),
                button(t("code.resend", lang), kind="secondary", type="button", on_click=state.resend)),
    ))


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


def _account_page(lang: Language, route: str, *children: rx.Component) -> rx.Component:
    return page_shell(lang, route, rx.el.div(
        rx.el.div(account_menu(lang, route), class_name="govuk-grid-column-one-quarter"),
        rx.el.div(*children, class_name="govuk-grid-column-three-quarters"),
        class_name="govuk-grid-row",
    ))


def account(lang: Language) -> rx.Component:
    details = MyAccountState.details
    method = rx.match(details["two_step_method"], ("email", t("two_step.method.email", lang)),
                      ("app", t("two_step.method.app", lang)), t("two_step.method.none", lang))
    address = rx.el.span(details["address_line_1"], rx.el.br(), details["address_line_2"], rx.el.br(),
                         details["town"], rx.el.br(), details["postcode"])
    return _account_page(
        lang, routes.ACCOUNT,
        _h1("account.title", lang),
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
        _form(
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
    return _account_page(
        lang, routes.ACCOUNT_DELETE,
        error_summary(state.error_list, lang),
        _h1("account.delete", lang),
        rx.cond(state.ready, body),
    )


def account_deleted(lang: Language) -> rx.Component:
    links = routes.hrefs(lang)
    return page_shell(lang, routes.ACCOUNT_DELETED, _narrow(
        rx.el.div(rx.el.h1(t("account_deleted.title", lang), class_name="govuk-panel__title"),
                  class_name="govuk-panel govuk-panel--confirmation"),
        paragraph("account_deleted.email", lang),
        rx.cond(AccountDeletedState.kept, paragraph("account_deleted.kept", lang, links)),
        paragraph("account_deleted.again", lang, links),
    ))


def personal_details(lang: Language) -> rx.Component:
    state = MyAccountState
    errors = state.errors
    titles = [(value, t(f"title.{value.lower()}", lang)) for value in TITLES]
    genders = [(value, t(f"gender.{value}", lang)) for value in GENDERS]
    return _account_page(
        lang, routes.ACCOUNT_PERSONAL,
        error_summary(state.error_list, lang),
        _h1("account.personal", lang),
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
    return _account_page(
        lang, routes.ACCOUNT_CIRCUMSTANCES,
        error_summary(state.error_list, lang),
        _h1("account.circumstances", lang),
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
    return _account_page(
        lang, routes.ACCOUNT_EMAIL,
        error_summary(state.error_list, lang),
        _h1("account.email", lang),
        rx.el.p(t("account.email_current", lang), " ", rx.el.strong(state.details["email"]), class_name="govuk-body"),
        paragraph("account.email_intro", lang),
        _form(
            state.change_email,
            text_input("email", t("field.new_email", lang), lang, error=state.errors["email"], input_type="email",
                       auto_complete="email", spell_check=False),
            password_input("password", t("field.current_password", lang), lang, error=state.errors["password"]),
            button(t("account.email_submit", lang)),
        ),
    )


def change_email_sent(lang: Language) -> rx.Component:
    return _account_page(lang, routes.ACCOUNT_EMAIL_SENT, _h1("account.email_sent.title", lang),
                         paragraph("account.email_sent.body", lang))


def confirm_new_email(lang: Language) -> rx.Component:
    links = routes.hrefs(lang)
    return page_shell(lang, routes.CONFIRM_NEW_EMAIL, _narrow(rx.match(
        ConfirmNewEmailState.outcome,
        *((outcome, rx.fragment(_h1(f"verify.{outcome}.title", lang),
                                paragraph(f"new_email.{outcome}.body", lang, links)))
          for outcome in ("expired", "used", "invalid")),
        rx.fragment(_h1("verify.checking.title", lang)),
    )))


def two_step_settings(lang: Language) -> rx.Component:
    state = TwoStepSettingsState
    methods = [("email", t("two_step.method.email", lang)), ("app", t("two_step.method.app", lang))]
    choose = rx.fragment(
        _h1("two_step.title", lang),
        paragraph("two_step.intro", lang),
        paragraph("two_step.areas", lang),
        paragraph("two_step.sign_out_warning", lang),
        _form(
            state.save,
            radios("method", t("two_step.preferred", lang), methods, lang, error=state.errors["method"]),
            button(t("two_step.save", lang)),
        ),
    )
    setup = rx.fragment(
        _h1("two_step.app.title", lang),
        paragraph("two_step.app.scan", lang),
        rx.el.img(src=state.setup_qr, alt=t("two_step.app.qr_alt", lang), class_name="app-qr",
                  custom_attrs={"width": "205", "height": "205"}),
        paragraph("two_step.app.key_intro", lang),
        rx.el.p(rx.el.code(state.setup_key, class_name="app-setup-key"), class_name="govuk-body",
                id="setup-key"),
        _form(
            state.confirm_app,
            text_input("code", t("two_step.app.code_label", lang), lang, error=state.errors["code"],
                       auto_complete="one-time-code", input_mode="numeric", spell_check=False,
                       width_class="govuk-input--width-10"),
            button(t("two_step.app.confirm", lang)),
        ),
    )
    recovery = rx.fragment(
        _h1("two_step.recovery.title", lang),
        paragraph("two_step.recovery.body", lang),
        rx.el.ul(rx.foreach(state.recovery_codes, lambda code: rx.el.li(rx.el.code(code))),
                 class_name="govuk-list app-recovery-codes", id="recovery-codes"),
        paragraph("two_step.recovery.sign_out", lang),
        button(t("two_step.recovery.continue", lang), type="button", on_click=state.finish),
    )
    return _account_page(
        lang, routes.ACCOUNT_TWO_STEP,
        error_summary(state.error_list, lang),
        rx.cond(state.recovery_codes.length() > 0, recovery, rx.cond(state.setup_qr != "", setup, choose)),
    )


def sign_out(lang: Language) -> rx.Component:
    return page_shell(lang, routes.SIGN_OUT, _narrow(_h1("sign_out.title", lang)))


def forgotten_password(lang: Language) -> rx.Component:
    state = ForgottenPasswordState
    ask = rx.fragment(
        error_summary(state.error_list, lang),
        _h1("forgotten.title", lang),
        paragraph("forgotten.intro", lang),
        _form(
            state.submit,
            text_input("email", t("field.email", lang), lang, error=state.errors["email"], input_type="email",
                       auto_complete="email", spell_check=False),
            button(t("forgotten.submit", lang)),
        ),
    )
    sent = rx.fragment(_h1("forgotten.sent.title", lang), paragraph("forgotten.sent.body", lang))
    return page_shell(lang, routes.FORGOTTEN_PASSWORD, _narrow(rx.cond(state.sent, sent, ask)))


def reset_password(lang: Language) -> rx.Component:
    state = ResetPasswordState
    links = routes.hrefs(lang)
    form = rx.fragment(
        error_summary(state.error_list, lang),
        _h1("reset.title", lang),
        _form(
            state.submit,
            password_input("password", t("field.new_password", lang), lang, error=state.errors["password"],
                           hint=t("register.password_hint", lang), autocomplete="new-password"),
            button(t("reset.submit", lang)),
        ),
    )
    return page_shell(lang, routes.RESET_PASSWORD, _narrow(rx.match(
        state.link_state,
        ("confirmed", form),
        *((outcome, rx.fragment(_h1(f"reset.{outcome}.title", lang),
                                paragraph(f"reset.{outcome}.body", lang, links)))
          for outcome in ("expired", "used", "invalid")),
        rx.fragment(_h1("verify.checking.title", lang)),
    )))


def change_password(lang: Language) -> rx.Component:
    state = ChangePasswordState
    return _account_page(
        lang, routes.ACCOUNT_PASSWORD,
        error_summary(state.error_list, lang),
        _h1("change_password.title", lang),
        paragraph("change_password.intro", lang),
        _form(
            state.submit,
            password_input("current_password", t("field.current_password", lang), lang,
                           error=state.errors["current_password"]),
            password_input("password", t("field.new_password", lang), lang, error=state.errors["password"],
                           hint=t("register.password_hint", lang), autocomplete="new-password"),
            button(t("change_password.submit", lang)),
        ),
    )
