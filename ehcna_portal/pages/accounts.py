"""Account pages: register, check your email, confirm, sign in, the code, sign out, a forgotten password."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.address import address_finder
from ehcna_portal.components.content import (
    button,
    error_summary,
    notification_banner,
)
from ehcna_portal.components.forms import password_input, select, starred, text_input
from ehcna_portal.components.text import paragraph
from ehcna_portal.i18n import Language, t
from ehcna_portal.services.parent_accounts import GENDERS, TITLES
from ehcna_portal.state.accounts import (
    CompleteRegistrationState,
    ForgottenPasswordState,
    RegisterState,
    ResetPasswordState,
    SignInCodeState,
    SignInState,
)


def narrow(*children: rx.Component) -> rx.Component:
    column = rx.el.div(*children, class_name="govuk-grid-column-two-thirds")
    return rx.el.div(column, class_name="govuk-grid-row")


def heading(key: str, lang: Language, size: str = "l") -> rx.Component:
    return rx.el.h1(t(key, lang), class_name=f"govuk-heading-{size}")


def account_form(handler, *children: rx.Component) -> rx.Component:
    return rx.el.form(*children, on_submit=handler, no_validate=True, reset_on_submit=False)


def register(lang: Language) -> rx.Component:
    errors = RegisterState.errors
    titles = [(value, t(f"title.{value.lower()}", lang)) for value in TITLES]
    genders = [(value, t(f"gender.{value}", lang)) for value in GENDERS]
    return rx.fragment(
        error_summary(RegisterState.error_list, lang),
        heading("register.title", lang),
        paragraph("register.intro", lang),
        account_form(
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
    )


def register_check_email(lang: Language) -> rx.Component:
    return rx.fragment(
        heading("register.check.title", lang),
        paragraph("register.check.body", lang),
        paragraph("register.check.spam", lang),
        paragraph("register.check.next", lang, routes.hrefs(lang)),
    )


def complete_registration(lang: Language) -> rx.Component:
    state = CompleteRegistrationState
    links = routes.hrefs(lang)
    return rx.fragment(rx.match(
        state.outcome,
        ("expired", rx.fragment(
            heading("verify.expired.title", lang),
            paragraph("verify.expired.body", lang),
            rx.cond(state.resent, notification_banner(t("verify.resent", lang), lang, success=True),
                    button(t("verify.send_new_link", lang), type="button", on_click=state.resend)),
        )),
        *((outcome, rx.fragment(heading(f"verify.{outcome}.title", lang),
                                paragraph(f"verify.{outcome}.body", lang, links)))
          for outcome in ("used", "invalid")),
        rx.fragment(heading("verify.checking.title", lang)),
    ))


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
    return account_form(
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
    return rx.fragment(
        rx.cond(state.error_list.length() > 0, error_summary(state.error_list, lang), banner),
        heading("sign_in.title", lang),
        sign_in_form(lang),
        rx.cond(
            state.unverified_email != "",
            rx.cond(state.resent, paragraph("sign_in.verification_resent", lang),
                    button(t("verify.send_new_link", lang), kind="secondary", type="button",
                           on_click=state.resend_verification)),
        ),
        paragraph("sign_in.forgotten", lang, links),
        paragraph("sign_in.register", lang, links),
    )


def sign_in_code(lang: Language) -> rx.Component:
    state = SignInCodeState
    is_app = state.method == "app"
    return rx.fragment(
        error_summary(state.error_list, lang),
        rx.cond(state.resent, notification_banner(t("code.resent", lang), lang, success=True)),
        rx.cond(is_app, heading("code.app.title", lang), heading("code.email.title", lang)),
        rx.cond(is_app, paragraph("code.app.body", lang), paragraph("code.email.body", lang)),
        account_form(
            state.submit,
            text_input("code", t("code.label", lang), lang, error=state.errors["code"],
                       auto_complete="one-time-code", input_mode="numeric", spell_check=False,
                       width_class="govuk-input--width-10",
                       hint=rx.cond(is_app, t("code.app.hint", lang), t("code.email.hint", lang))),
            button(t("code.submit", lang)),
        ),
        rx.cond(is_app, rx.fragment(),
                button(t("code.resend", lang), kind="secondary", type="button", on_click=state.resend)),
    )


def sign_out(lang: Language) -> rx.Component:
    return rx.fragment(heading("sign_out.title", lang))


def forgotten_password(lang: Language) -> rx.Component:
    state = ForgottenPasswordState
    ask = rx.fragment(
        error_summary(state.error_list, lang),
        heading("forgotten.title", lang),
        paragraph("forgotten.intro", lang),
        account_form(
            state.submit,
            text_input("email", t("field.email", lang), lang, error=state.errors["email"], input_type="email",
                       auto_complete="email", spell_check=False),
            button(t("forgotten.submit", lang)),
        ),
    )
    sent = rx.fragment(heading("forgotten.sent.title", lang), paragraph("forgotten.sent.body", lang))
    return rx.fragment(rx.cond(state.sent, sent, ask))


def reset_password(lang: Language) -> rx.Component:
    state = ResetPasswordState
    links = routes.hrefs(lang)
    form = rx.fragment(
        error_summary(state.error_list, lang),
        heading("reset.title", lang),
        account_form(
            state.submit,
            password_input("password", t("field.new_password", lang), lang, error=state.errors["password"],
                           hint=t("register.password_hint", lang), autocomplete="new-password"),
            button(t("reset.submit", lang)),
        ),
    )
    return rx.fragment(rx.match(
        state.link_state,
        ("confirmed", form),
        *((outcome, rx.fragment(heading(f"reset.{outcome}.title", lang),
                                paragraph(f"reset.{outcome}.body", lang, links)))
          for outcome in ("expired", "used", "invalid")),
        rx.fragment(heading("verify.checking.title", lang)),
    ))
