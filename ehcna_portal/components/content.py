"""GOV.UK content components (error summary, summary list, buttons, back link, tag, banner, table) and MOJ
Frontend's for caseworking (timeline, sub-navigation)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex.vars import Var
from reflex_components_core.el.elements.inline import A

from ehcna_portal.i18n import Language, t

ERROR_SUMMARY_ID = "error-summary"
# Focus the error summary once it is shown, as govuk-frontend's ErrorSummary does.
FOCUS_ERROR_SUMMARY = f"document.getElementById('{ERROR_SUMMARY_ID}')?.focus()"


def in_page_link(*children: Any, target: str | Var, **attrs: Any) -> rx.Component:
    """A plain ``<a href="#id">``: ``rx.el.a`` is a router link, which would turn a jump to a
    field into a navigation to another URL."""
    return A.create(*children, href=target, **attrs)


def error_summary(errors: Var | list[tuple[str, str]], lang: Language) -> rx.Component:
    """"There is a problem" with one link per error, to the field it is about.

    ``errors`` is a list of (field id, message) pairs, or a state Var holding a
    list of ``{"field": …, "message": …}`` dicts; an empty field is a problem with
    no one field (the service could not save), shown as text, as govuk-frontend does.
    """
    if isinstance(errors, Var):
        items = [rx.foreach(errors, lambda error: rx.el.li(rx.cond(
            error["field"].to(str) == "", error["message"],
            in_page_link(error["message"], target="#" + error["field"].to(str)))))]
        shown: Var | bool = errors.length() > 0
    else:
        items = [rx.el.li(in_page_link(message, target=f"#{field}")) for field, message in errors]
        shown = bool(errors)
    summary = rx.el.div(
        rx.el.div(
            rx.el.h2(t("error.summary_title", lang), class_name="govuk-error-summary__title"),
            rx.el.div(
                rx.el.ul(*items, class_name="govuk-list govuk-error-summary__list"),
                class_name="govuk-error-summary__body",
            ),
            role="alert",
        ),
        class_name="govuk-error-summary",
        id=ERROR_SUMMARY_ID,
        tab_index=-1,
    )
    if isinstance(shown, Var):
        return rx.cond(shown, summary, rx.fragment())
    return summary if shown else rx.fragment()


def summary_list(rows: list[tuple[str, Any]]) -> rx.Component:
    """Question/answer pairs (check answers, print view)."""
    return rx.el.dl(
        *(rx.el.div(
            rx.el.dt(key, class_name="govuk-summary-list__key"),
            rx.el.dd(value, class_name="govuk-summary-list__value"),
            class_name="govuk-summary-list__row",
        ) for key, value in rows),
        class_name="govuk-summary-list",
    )


def summary_row(key: Any, value: Any, value_class: str = "") -> rx.Component:
    return rx.el.div(rx.el.dt(key, class_name="govuk-summary-list__key"),
                     rx.el.dd(value, class_name=f"govuk-summary-list__value {value_class}".strip()),
                     class_name="govuk-summary-list__row")


def summary_list_of(rows: Var, key: Callable[[Var], Any] = lambda row: row["label"],
                    value: Callable[[Var], Any] = lambda row: row["value"], *, value_class: str = "",
                    before: tuple[rx.Component, ...] = (), **attrs: Any) -> rx.Component:
    """A GOV.UK summary list of a list var, one row per item (after the ``before`` rows): ``key`` and ``value``
    read an item (by default a dict's "label" and "value"). Parent and staff pages draw every list of answers
    with it."""
    return rx.el.dl(*before, rx.foreach(rows, lambda row: summary_row(key(row), value(row), value_class)),
                    class_name="govuk-summary-list", **attrs)


def button(label: str, *, kind: str = "primary", **attrs: Any) -> rx.Component:
    """A govuk button; ``kind`` is primary, secondary or warning. Defaults to a submit button."""
    classes = {"primary": "govuk-button", "secondary": "govuk-button govuk-button--secondary",
               "warning": "govuk-button govuk-button--warning"}[kind]
    return rx.el.button(label, class_name=classes, type=attrs.pop("type", "submit"), **attrs)


def start_button(label: str, href: str) -> rx.Component:
    """The green "Start now" link-button with its arrow."""
    return rx.el.a(
        label,
        rx.el.svg(
            rx.el.path(d="M0 0h13l20 20-20 20H0l20-20z", custom_attrs={"fill": "currentColor"}),
            class_name="govuk-button__start-icon", xmlns="http://www.w3.org/2000/svg",
            width="17.5", height="19", view_box="0 0 33 40", aria_hidden="true",
        ),
        href=href, role="button", draggable=False,
        class_name="govuk-button govuk-button--start",
    )


def back_link(href: str, lang: Language) -> rx.Component:
    return rx.el.a(t("back_link", lang), href=href, class_name="govuk-back-link")


TAG_COLOURS = frozenset({"", "grey", "green", "teal", "purple", "magenta", "red", "orange", "yellow"})


def tag(label: str | Var, colour: str = "") -> rx.Component:
    """A status label (an adjective, never a link); colour never carries meaning alone."""
    if colour not in TAG_COLOURS:
        raise ValueError(f"unknown tag colour {colour!r}")
    return rx.el.strong(label, class_name=f"govuk-tag govuk-tag--{colour}" if colour else "govuk-tag")


# Where advice stands (models/advice.py), as the family and staff see it: late in red, received in green.
ADVICE_TAG_COLOURS = {"late": "red", "received": "green"}


def tag_by(value: Var, label: Var, colours: dict[str, str], default: str = "grey") -> rx.Component:
    """A tag whose colour follows a value known only in the browser (the words say it; the colour only helps)."""
    return rx.match(value, *((key, tag(label, colour)) for key, colour in colours.items()), tag(label, default))


def details(summary: Any, *body: Any) -> rx.Component:
    """GOV.UK details: a summary line that opens to show ``body`` (help, or a form used now and then)."""
    return rx.el.details(
        rx.el.summary(rx.el.span(summary, class_name="govuk-details__summary-text"),
                      class_name="govuk-details__summary"),
        rx.el.div(*body, class_name="govuk-details__text"),
        class_name="govuk-details")


def warning_text(message: str, lang: Language) -> rx.Component:
    """GOV.UK warning text: the "!" icon and a bold message, announced with "Warning" first."""
    return rx.el.div(
        rx.el.span(t("warning.icon", lang), class_name="govuk-warning-text__icon", aria_hidden="true"),
        rx.el.strong(rx.el.span(t("child.warning", lang), class_name="govuk-visually-hidden"), message,
                     class_name="govuk-warning-text__text"),
        class_name="govuk-warning-text",
    )


def notification_banner(message: str | Var, lang: Language, *, success: bool = False, **attrs: Any) -> rx.Component:
    """One banner per page, before the h1; success banners are announced (role=alert)."""
    title_key = "banner.success" if success else "banner.important"
    return rx.el.div(
        rx.el.div(
            rx.el.h2(t(title_key, lang), class_name="govuk-notification-banner__title",
                     id="notification-banner-title"),
            class_name="govuk-notification-banner__header",
        ),
        rx.el.div(
            rx.el.p(message, class_name="govuk-notification-banner__heading"),
            class_name="govuk-notification-banner__content",
        ),
        class_name="govuk-notification-banner govuk-notification-banner--success"
        if success else "govuk-notification-banner",
        role="alert" if success else "region",
        aria_labelledby="notification-banner-title",
        **attrs,
    )


def table(headers: list[Any], *rows: rx.Component, caption: Any = "", caption_size: str = "m",
          **attrs: Any) -> rx.Component:
    """A GOV.UK table: an optional caption, one header row of column headings (text or components), then the
    body rows (``rx.foreach`` of ``table_row``s, or rows written out). ``class_name`` adds modifiers."""
    modifiers = attrs.pop("class_name", "")
    head = rx.el.thead(rx.el.tr(*(rx.el.th(header, scope="col", class_name="govuk-table__header")
                                  for header in headers), class_name="govuk-table__row"),
                       class_name="govuk-table__head")
    parts = [rx.el.caption(caption, class_name=f"govuk-table__caption govuk-table__caption--{caption_size}")] \
        if caption else []
    return rx.el.table(*parts, head, rx.el.tbody(*rows, class_name="govuk-table__body"),
                       class_name=f"govuk-table {modifiers}".strip(), **attrs)


def table_row(*cells: Any, **attrs: Any) -> rx.Component:
    """A body row of plain cells (a cell given as ``rx.el.td``/``rx.el.th`` is kept as it is)."""
    drawn = [cell if isinstance(cell, rx.Component) and getattr(cell, "tag", "") in ("td", "th")
             else rx.el.td(cell, class_name="govuk-table__cell") for cell in cells]
    return rx.el.tr(*drawn, class_name="govuk-table__row", **attrs)


def timeline(entries: Var, *, by_label: str, body: Callable[[Var], rx.Component],
             title: Callable[[Var], Any] | None = None, **attrs: Any) -> rx.Component:
    """Dated events, newest first (a case's history, its notes), as MOJ Frontend's timeline: each an optional
    title, who and when, then ``body``. Each entry has ``by`` and ``when``."""
    def item(entry: Var) -> rx.Component:
        # a space between the title and the byline, as MOJ's own markup has
        heading = [rx.el.h3(title(entry), class_name="moj-timeline__title"), " "] if title else []
        return rx.el.li(
            rx.el.div(*heading, rx.el.p(by_label, " ", entry["by"], class_name="moj-timeline__byline"),
                      class_name="moj-timeline__header"),
            rx.el.p(entry["when"], class_name="moj-timeline__date"),
            rx.el.div(body(entry), class_name="moj-timeline__description"),
            class_name="moj-timeline__item")

    return rx.el.ol(rx.foreach(entries, item), class_name="moj-timeline app-timeline", **attrs)


def sub_navigation(label: str, items: list[tuple[Any, Any, Var]], **attrs: Any) -> rx.Component:
    """MOJ Frontend's sub-navigation: links between the parts of one page (a case's sections, the queue's
    views). ``items`` are (text, address, is it the part shown)."""
    def item(text: Any, href: Any, current: Var) -> rx.Component:
        return rx.el.li(in_page_link(text, target=href, class_name="moj-sub-navigation__link",
                                     aria_current=rx.cond(current, "page", None)),
                        class_name="moj-sub-navigation__item")

    return rx.el.nav(rx.el.ul(*(item(*entry) for entry in items), class_name="moj-sub-navigation__list"),
                     aria_label=label, class_name="moj-sub-navigation", **attrs)
