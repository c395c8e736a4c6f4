"""The page shell every parent-facing page shares.

Order follows the GOV.UK page template: skip link, header, service navigation
(with the language switch), optional back link, ``main``, footer. This is a
council service, so it uses the generic header with the council's own logo —
no crown, no GOV.UK branding.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from reflex_components_core.el.elements.inline import A

from ehcna_portal import routes
from ehcna_portal.components.connection import SERVICE_PROBLEM_SHOWN, connection_banner, service_problem_banner
from ehcna_portal.components.content import in_page_link
from ehcna_portal.i18n import (
    Language,
    localised_path,
    plural_forms,
    t,
)
from ehcna_portal.state.session import SessionState
from ehcna_portal.state.staff_session import StaffNavState

MAIN_ID = "main-content"


def council_logo(lang: Language) -> rx.Component:
    """The council's mark (a simple shield), drawn inline so no image request is needed."""
    return rx.el.svg(
        rx.el.path(d="M2 2h24v12c0 8-6 13-12 16C8 27 2 22 2 14z", custom_attrs={"fill": "currentColor"}),
        rx.el.path(d="M14 7l2.4 5 5.6.6-4.2 3.7 1.2 5.5L14 19l-5 2.8 1.2-5.5L6 12.6l5.6-.6z",
                   custom_attrs={"fill": "#0b0c0c"}),
        width="28", height="32", view_box="0 0 28 32",
        aria_hidden="true", class_name="app-header__logo-mark",
    )


def width(wide: bool) -> str:
    """The page's column: GOV.UK's 960 px, or the window's whole width for caseworking (``page_shell``)."""
    return "app-wide-width" if wide else "govuk-width-container"


def header(lang: Language, *, wide: bool = False) -> rx.Component:
    return rx.el.header(
        rx.el.div(
            rx.el.div(
                rx.el.a(
                    council_logo(lang),
                    rx.el.span(t("council.name", lang), class_name="app-header__council"),
                    href=localised_path(routes.HOME, lang),
                    class_name="govuk-generic-header__homepage-link",
                    aria_label=t("shell.logo_label", lang),
                ),
                class_name="govuk-generic-header__logo",
            ),
            class_name=f"govuk-generic-header__container {width(wide)}",
        ),
        class_name="govuk-generic-header",
    )


def _nav_item(label: str, href: str, active: bool) -> rx.Component:
    if active:
        return rx.el.li(
            rx.el.a(
                rx.el.strong(label, class_name="govuk-service-navigation__active-fallback"),
                href=href, class_name="govuk-service-navigation__link", aria_current="page",
            ),
            class_name="govuk-service-navigation__item govuk-service-navigation__item--active",
        )
    return rx.el.li(
        rx.el.a(label, href=href, class_name="govuk-service-navigation__link"),
        class_name="govuk-service-navigation__item",
    )


def language_navigation(lang: Language, route: str) -> rx.Component:
    """English | Cymraeg, each named in its own language; the other one opens this page in it.

    The link goes through the switch route (which remembers the choice); ``scripts/language-switch.js``
    fills in the exact page (addresses with an id) and carries over unsaved answers."""
    items = []
    for code in ("en", "cy"):
        label = t(f"lang.{code}", code)
        here = routes.HOME if "[" in route else localised_path(route, lang)
        if code == lang:
            item = rx.el.span(label, class_name="govuk-language-navigation__text", lang=code,
                              aria_current="true")
        else:
            # A plain anchor (not a router link): the switch route is on the server, not a page.
            item = A.create(label, href=SessionState.backend_base + routes.language_switch(code, here),
                           class_name="govuk-language-navigation__link", lang=code,
                           href_lang=code, rel="alternate", custom_attrs={"data-switch-language": ""})
        items.append(rx.el.li(item, class_name="govuk-language-navigation__list-item"))
    return rx.el.nav(
        rx.el.ul(*items, class_name="govuk-language-navigation__list"),
        class_name="govuk-language-navigation",
        aria_label=t("lang.navigation", lang),
    )


def service_navigation(lang: Language, route: str, *, staff: bool = False, wide: bool = False) -> rx.Component:
    """The service name and its links: the parents' (with the language switch), or the staff side's."""
    def items(links: list[tuple[str, str]]) -> list[rx.Component]:
        return [_nav_item(t(key, lang), localised_path(path, lang), path == route) for key, path in links]

    if staff:
        role = StaffNavState.role
        managers = rx.fragment(*items([("nav.staff.kpis", routes.STAFF_KPIS),
                                       ("nav.staff.access", routes.STAFF_ACCESS_LOG)]))
        links = rx.fragment(*items([("nav.staff.requests", routes.STAFF_QUEUE),
                                    ("nav.staff.reviews", routes.STAFF_REVIEWS)]),
                            rx.cond((role == "manager") | (role == "admin"), managers),
                            rx.cond(role == "admin", rx.fragment(*items([("nav.staff.admin", routes.STAFF_ADMIN)]))),
                            *items([("nav.sign_out", routes.STAFF_SIGN_OUT)]))
    else:
        signed_out = items([("nav.sign_in", routes.SIGN_IN), ("nav.register", routes.REGISTER)])
        signed_in = items([("nav.account", routes.ACCOUNT), ("nav.sign_out", routes.SIGN_OUT)])
        links = rx.fragment(*items([("nav.home", routes.HOME)]),
                            rx.cond(SessionState.signed_in, rx.fragment(*signed_in), rx.fragment(*signed_out)))
    return rx.el.section(
        rx.el.div(
            rx.el.div(
                rx.el.span(
                    rx.el.a(t("service.name", lang), href=localised_path(routes.HOME, lang),
                            class_name="govuk-service-navigation__link"),
                    class_name="govuk-service-navigation__service-name",
                ),
                rx.el.nav(
                    rx.el.ul(
                        links,
                        class_name="govuk-service-navigation__list",
                        id="navigation",
                    ),
                    aria_label=t("nav.menu", lang),
                    class_name="govuk-service-navigation__wrapper",
                ),
                class_name="govuk-service-navigation__container",
            ),
            rx.fragment() if staff else language_navigation(lang, route),
            class_name=f"{width(wide)} app-service-navigation__row",
        ),
        aria_label=t("nav.service_information", lang),
        class_name="govuk-service-navigation govuk-!-display-none-print",
    )


IDLE_SECONDS = 20 * 60
WARN_SECONDS = 2 * 60


def timeout_dialog(lang: Language) -> rx.Component:
    """The inactivity warning, driven by scripts/session-timeout.js (drawn only on signed-in pages)."""
    before, _, after = t("timeout.message", lang).partition("{time}")
    return rx.el.dialog(
        rx.el.h2(t("timeout.title", lang), class_name="govuk-heading-m", id="session-timeout-title"),
        rx.el.p(before, rx.el.strong("", custom_attrs={"data-countdown": ""}), after, class_name="govuk-body",
                aria_hidden="true"),
        rx.el.p("", class_name="govuk-visually-hidden", aria_live="polite", custom_attrs={"data-announce": ""}),
        rx.el.p(t("timeout.saved", lang), class_name="govuk-body"),
        rx.el.div(
            rx.el.button(t("timeout.stay", lang), type="button", class_name="govuk-button",
                         custom_attrs={"data-stay-signed-in": ""}),
            rx.el.a(t("nav.sign_out", lang), href=localised_path(routes.SIGN_OUT, lang), class_name="govuk-link"),
            class_name="govuk-button-group",
        ),
        id="session-timeout",
        class_name="app-timeout-dialog",
        aria_labelledby="session-timeout-title",
        custom_attrs={
            "data-idle-seconds": str(IDLE_SECONDS), "data-warn-seconds": str(WARN_SECONDS), "data-lang": lang,
            "data-message": t("timeout.message", lang),
            **{f"data-{unit}-{category}": text for unit in ("minutes", "seconds")
               for category, text in plural_forms(f"timeout.{unit}", lang).items()},
            "data-backend": SessionState.backend_base,
        },
    )


def footer(lang: Language, *, wide: bool = False) -> rx.Component:
    links = [
        ("footer.privacy", routes.PRIVACY),
        ("footer.accessibility", routes.ACCESSIBILITY),
        ("footer.cookies", routes.COOKIES),
        ("footer.contact", routes.CONTACT),
        ("footer.guidance", routes.GUIDANCE),
    ]
    return rx.el.footer(
        rx.el.div(
            rx.el.div(
                rx.el.div(
                    rx.el.h2(t("footer.support_links", lang), class_name="govuk-visually-hidden"),
                    rx.el.ul(
                        *(rx.el.li(
                            rx.el.a(t(key, lang), href=localised_path(path, lang),
                                    class_name="govuk-footer__link"),
                            class_name="govuk-footer__inline-list-item",
                        ) for key, path in links),
                        class_name="govuk-footer__inline-list",
                    ),
                    rx.el.p(t("footer.copyright", lang), class_name="govuk-footer__meta-custom"),
                    class_name="govuk-footer__meta-item govuk-footer__meta-item--grow",
                ),
                class_name="govuk-footer__meta",
            ),
            class_name=width(wide),
        ),
        class_name="govuk-footer",
    )


def page_shell(
    lang: Language,
    route: str,
    *children: rx.Component,
    staff: bool = False,
    wide: bool = False,
) -> rx.Component:
    """Wrap a page's content in the shared chrome (called by the layouts below, where pages are registered).

    ``lang`` marks the wrapper (and ``scripts/forms.js`` the ``<html>`` element): every
    parent-facing text exists in both languages (tests/unit/test_i18n.py checks). ``wide``: the whole width of
    the window, as MOJ Frontend lays out caseworking pages (queues and case pages are tables and timelines).
    """
    return rx.el.div(
        in_page_link(t("shell.skip_link", lang), target=f"#{MAIN_ID}", class_name="govuk-skip-link"),
        connection_banner(lang),
        header(lang, wide=wide),
        service_problem_banner(lang),
        service_navigation(lang, route, staff=staff, wide=wide),
        rx.el.div(
            rx.el.main(*children, class_name="govuk-main-wrapper", id=MAIN_ID, tab_index=-1),
            class_name=f"{width(wide)} app-main-width",
        ),
        footer(lang, wide=wide),
        rx.cond(SessionState.signed_in, timeout_dialog(lang)),
        *_page_resources(staff=staff),
        class_name="govuk-template__body app-page",
        lang=lang,
        on_click=SERVICE_PROBLEM_SHOWN.set_value(False),  # the parent tries again: the banner has done its job
    )


def _page_resources(*, staff: bool) -> list[rx.Component]:
    """What only some pages need, loaded by those pages alone (issue 23: page weight): MOJ Frontend's stylesheet
    on the caseworking pages. React hoists it into the page's ``<head>`` and loads it once, however many pages
    ask for it."""
    if staff:
        return [rx.el.link(rel="stylesheet", href="/govuk/moj-frontend.min.css",
                           custom_attrs={"precedence": "default"})]
    return []


# A layout draws a page's content inside the chrome: the app module applies the one each page is registered
# with (pages/registry.PageSpec), so no page function calls the chrome itself.
Layout = Callable[[Language, str, rx.Component], rx.Component]


def _two_thirds(content: rx.Component) -> rx.Component:
    return rx.el.div(rx.el.div(content, class_name="govuk-grid-column-two-thirds"), class_name="govuk-grid-row")


def narrow(lang: Language, route: str, content: rx.Component) -> rx.Component:
    """Two-thirds of the page, as GOV.UK sets forms and short pages (a line of text stays readable)."""
    return page_shell(lang, route, _two_thirds(content))


def full(lang: Language, route: str, content: rx.Component) -> rx.Component:
    """The page draws its own grid (the home page's sign-in box beside the services, a wizard's steps)."""
    return page_shell(lang, route, content)


def staff(lang: Language, route: str, content: rx.Component) -> rx.Component:
    """A staff page with a form: the staff header links, two-thirds wide."""
    return page_shell(lang, route, _two_thirds(content), staff=True)


def staff_wide(lang: Language, route: str, content: rx.Component) -> rx.Component:
    """A caseworking page (queue, case, figures): the staff header links and the window's whole width."""
    return page_shell(lang, route, content, staff=True, wide=True)
