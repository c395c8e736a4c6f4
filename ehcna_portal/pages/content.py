"""Information pages: guidance, privacy notice, accessibility statement, cookies, contact, not found.

Their text is catalog entries (so a council edits wording without code and
translators see whole paragraphs); the structure of each page is data.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.content import table, table_row
from ehcna_portal.components.text import Block, prose
from ehcna_portal.i18n import Language, t
from ehcna_portal.settings import get_settings

GUIDANCE: list[Block] = [
    ("p", "guidance.intro"),
    *[(kind, f"guidance.{step}.{part}") for step in
      ("register", "2sv", "child", "form", "resume", "submit", "print")
      for kind, part in (("h2", "heading"), ("p", "body"))],
]

PRIVACY: list[Block] = [
    ("h2", "privacy.who.heading"), ("p", "privacy.who.body"),
    ("h2", "privacy.summary.heading"), ("p", "privacy.summary.body"),
    ("h2", "privacy.collect.heading"), ("p", "privacy.collect.intro"),
    ("ul", ["privacy.collect.you", "privacy.collect.child", "privacy.collect.needs",
            "privacy.collect.documents", "privacy.collect.technical"]),
    ("h2", "privacy.basis.heading"), ("p", "privacy.basis.body"),
    ("h2", "privacy.share.heading"), ("p", "privacy.share.body"),
    ("h2", "privacy.keep.heading"), ("p", "privacy.keep.body"),
    ("h2", "privacy.rights.heading"), ("p", "privacy.rights.body"),
    ("h2", "privacy.copy.heading"), ("p", "privacy.copy.body"),
    ("h2", "privacy.delete.heading"), ("p", "privacy.delete.body"), ("p", "privacy.delete.kept"),
    ("h2", "privacy.complaints.heading"), ("p", "privacy.complaints.body"),
    ("h2", "privacy.storage.heading"), ("p", "privacy.storage.body"),
]

ACCESSIBILITY: list[Block] = [
    ("p", "a11y.scope"),
    ("h2", "a11y.using.heading"), ("p", "a11y.using.body"),
    ("ul", ["a11y.using.colours", "a11y.using.zoom", "a11y.using.keyboard", "a11y.using.speech",
            "a11y.using.screen_reader"]),
    ("p", "a11y.using.plain"),
    ("h2", "a11y.how.heading"), ("p", "a11y.how.body"),
    ("ul", ["a11y.how.loading", "a11y.how.documents", "a11y.how.javascript", "a11y.how.staff", "a11y.how.welsh"]),
    ("h2", "a11y.feedback.heading"), ("p", "a11y.feedback.body"),
    ("h2", "a11y.report.heading"), ("p", "a11y.report.body"),
    ("h2", "a11y.enforcement.heading"), ("p", "a11y.enforcement.body"),
    ("h2", "a11y.technical.heading"), ("p", "a11y.technical.body"),
    ("h2", "a11y.status.heading"), ("p", "a11y.status.body"),
    ("h2", "a11y.noncompliant.heading"), ("p", "a11y.noncompliant.body"),
    ("h3", "a11y.failures.heading"), ("p", "a11y.failures.body"),
    ("h3", "a11y.out_of_scope.heading"), ("p", "a11y.out_of_scope.body"),
    ("h3", "a11y.other.heading"), ("p", "a11y.other.body"),
    ("h2", "a11y.improve.heading"), ("p", "a11y.improve.body"),
    ("h2", "a11y.prepared.heading"), ("p", "a11y.prepared.body"),
]

CONTACT: list[Block] = [
    ("p", "contact.intro"),
    ("h2", "contact.phone.heading"), ("p", "contact.phone.number"), ("p", "contact.phone.hours"),
    ("h2", "contact.post.heading"), ("p", "contact.post.address"),
    ("h2", "contact.portal.heading"), ("p", "contact.portal.body"),
    ("h2", "contact.advice.heading"), ("p", "contact.advice.body"),
]

NOT_FOUND: list[Block] = [("p", "notfound.typed"), ("p", "notfound.pasted"), ("p", "notfound.home")]

# What this portal stores in the browser: (name, purpose, expiry) catalog keys. One place to update.
BROWSER_STORAGE: list[tuple[str, str, str]] = [
    ("cookies.session.name", "cookies.session.purpose", "cookies.session.expires"),
    ("cookies.language.name", "cookies.language.purpose", "cookies.language.expires"),
    ("cookies.token.name", "cookies.token.purpose", "cookies.token.expires"),
    ("cookies.carry_over.name", "cookies.carry_over.purpose", "cookies.carry_over.expires"),
]


def _article(lang: Language, title_key: str, *body: rx.Component) -> rx.Component:
    return rx.fragment(rx.el.h1(t(title_key, lang), class_name="govuk-heading-l"), *body)


def _prose_page(title_key: str, blocks: list[Block], params: Callable[[], dict[str, object]] = dict):
    def render(lang: Language) -> rx.Component:
        return _article(lang, title_key, *prose(blocks, lang, routes.hrefs(lang), params()))

    render.__name__ = title_key.split(".")[0] + "_page"
    return render


guidance = _prose_page("guidance.title", GUIDANCE)


def _retention() -> dict[str, object]:
    """The periods the privacy notice states, from the settings that enforce them (read when pages compile)."""
    settings = get_settings()
    return {"age": settings.kept_until_age, "draft_days": settings.draft_retention_days}


privacy = _prose_page("privacy.title", PRIVACY, _retention)
accessibility = _prose_page("a11y.title", ACCESSIBILITY)
contact = _prose_page("contact.title", CONTACT)
not_found = _prose_page("notfound.title", NOT_FOUND)


def cookies(lang: Language) -> rx.Component:
    stored = table([t(key, lang) for key in ("cookies.table.name", "cookies.table.purpose", "cookies.table.expires")],
                   *(table_row(t(name, lang), t(purpose, lang), t(expires, lang))
                     for name, purpose, expires in BROWSER_STORAGE),
                   caption=t("cookies.table.caption", lang), caption_size="s", class_name="app-table--wrap")
    return _article(
        lang, "cookies.title",
        *prose([("p", "cookies.intro"), ("h2", "cookies.essential.heading"),
                ("p", "cookies.essential.body")], lang, routes.hrefs(lang)),
        stored,
        *prose([("p", "cookies.change")], lang, routes.hrefs(lang)),
    )
