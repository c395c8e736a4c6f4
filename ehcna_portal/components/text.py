"""Catalog text with links inside sentences.

Translators need whole sentences, links included, so catalog entries may carry
``[link text](target)`` where ``target`` names a route (``contact``) that the
page resolves to a path in the page's language.
"""

from __future__ import annotations

import re

import reflex as rx

from ehcna_portal.i18n import Language, t

_LINK = re.compile(r"\[([^\]]+)\]\(([a-z_]+)\)")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def rich(key: str, lang: Language, hrefs: dict[str, str], **params: object) -> list[rx.Component | str]:
    """Children for a sentence whose links point at ``hrefs[target]``; each ``{placeholder}`` is filled from
    ``params`` as a piece of its own (so every other piece is the catalog's text as written)."""
    if not params:
        return _linked(t(key, lang), hrefs)
    children: list[rx.Component | str] = []
    for index, part in enumerate(_PLACEHOLDER.split(t(key, lang))):
        if index % 2:
            children.append(str(params[part]))
        elif part:
            children.extend(_linked(part, hrefs))
    return children


def _linked(text: str, hrefs: dict[str, str]) -> list[rx.Component | str]:
    children: list[rx.Component | str] = []
    position = 0
    for match in _LINK.finditer(text):
        if match.start() > position:
            children.append(text[position:match.start()])
        children.append(rx.el.a(match.group(1), href=hrefs[match.group(2)], class_name="govuk-link"))
        position = match.end()
    if position < len(text):
        children.append(text[position:])
    return children


def plain(key: str, lang: Language, **params: object) -> str:
    """Catalog text with any ``[text](target)`` markup reduced to its text (for titles, emails)."""
    return _LINK.sub(r"\1", t(key, lang, **params))


def paragraph(key: str, lang: Language, hrefs: dict[str, str] | None = None, *,
              params: dict[str, object] | None = None, **attrs) -> rx.Component:
    """A ``govuk-body`` paragraph from one catalog entry (``params`` fill its placeholders)."""
    return rx.el.p(*rich(key, lang, hrefs or {}, **(params or {})), class_name=attrs.pop("class_name", "govuk-body"),
                   **attrs)


def bullets(keys: list[str], lang: Language) -> rx.Component:
    return rx.el.ul(*(rx.el.li(t(key, lang)) for key in keys), class_name="govuk-list govuk-list--bullet")


def heading(key: str, lang: Language, level: int = 2, size: str = "m", **attrs) -> rx.Component:
    tag = {1: rx.el.h1, 2: rx.el.h2, 3: rx.el.h3}[level]
    return tag(t(key, lang), class_name=f"govuk-heading-{size}", **attrs)


Block = tuple[str, str | list[str]]


def prose(blocks: list[Block], lang: Language, hrefs: dict[str, str],
          params: dict[str, object] | None = None) -> list[rx.Component]:
    """Content pages as data: ``("h2", key)``, ``("h3", key)``, ``("p", key)`` or ``("ul", [keys])``;
    ``params`` fill the paragraphs' placeholders (figures from the settings, such as retention periods)."""
    drawn: list[rx.Component] = []
    for kind, content in blocks:
        if kind == "h2":
            drawn.append(heading(str(content), lang))
        elif kind == "h3":
            drawn.append(heading(str(content), lang, level=3, size="s"))
        elif kind == "p":
            drawn.append(paragraph(str(content), lang, hrefs, params=params))
        elif kind == "ul":
            drawn.append(bullets(list(content), lang))
        else:
            raise ValueError(f"unknown block kind {kind!r}")
    return drawn
