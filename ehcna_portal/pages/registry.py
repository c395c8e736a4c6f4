"""Pages as data: each public page is registered once per language by the app module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import reflex as rx

from ehcna_portal.components import layout
from ehcna_portal.i18n import Language, t


@dataclass(frozen=True)
class PageSpec:
    """A page: its English route, the catalog key of its title, how to draw its content in a language, and the
    layout that puts that content in the page's chrome."""

    route: str
    title_key: str
    render: Callable[[Language], rx.Component]
    on_load: Callable[[], Any] | list[Callable[[], Any]] | None = None
    languages: tuple[Language, ...] = ("en", "cy")
    meta: list[dict[str, str]] = field(default_factory=list)
    layout: layout.Layout = layout.narrow
    # a title that depends on what the page shows (a stage, a step), from its state; else ``title_key``'s
    title: Callable[[Language], rx.Var] | None = None

    def page(self, lang: Language) -> rx.Component:
        """The whole page in ``lang``: its content in its layout."""
        return self.layout(lang, self.route, self.render(lang))

    def component(self, lang: Language) -> Callable[[], rx.Component]:
        """The page for ``app.add_page``, named after the function that draws it and the language. Reflex
        compiles a page's state-bound components into a file named after the module of the function it was
        given: one function for every page put every page's components in one file that every page loaded
        (Home paid for all the wizards' questions), and one per module made the English wizard step load
        the Welsh one's and its item pages' too (docs/PERFORMANCE.md)."""
        def draw() -> rx.Component:
            return self.page(lang)

        draw.__module__ = f"{self.render.__module__}_{self.render.__name__}_{lang}"
        return draw


def page_title(title_key: str, lang: Language) -> str:
    """"Heading – service name", unique per page (WCAG 2.4.2)."""
    return t("page.title", lang, page=t(title_key, lang))


def spec_title(spec: PageSpec, lang: Language) -> str | rx.Var:
    """The title a page is registered with: its own, from state, or its title key's."""
    return spec.title(lang) if spec.title is not None else page_title(spec.title_key, lang)
