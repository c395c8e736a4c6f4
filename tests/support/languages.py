"""Checking a page or an email is wholly in one language.

``say`` finds the text a parent sees for an English catalog text in either language, so one
journey test drives the service in English or in Welsh. ``assert_page_in`` is the English-leak
scan: a Welsh page may show no English sentence (or fragment of three words or more) from the
catalogs or the form, in its text, its title or its accessible names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from email.message import Message

from playwright.sync_api import Page

from ehcna_portal.components.text import _LINK
from ehcna_portal.forms.ehcna import EHCNA
from ehcna_portal.forms.text import catalog_entries
from ehcna_portal.i18n import Language, catalog, english_only, t, t_default
from tests.support.browser import assert_accessible
from tests.support.mail import html_of, subject_of, text_of

MIN_WORDS = 3


@functools.cache
def _by_english() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for key, english in catalog("en").items():
        if not english_only(key):
            found.setdefault(english, set()).add(t(key, "cy"))
    for key, english in catalog_entries(EHCNA):
        found.setdefault(english, set()).add(t_default(key, english, "cy"))
    return found


def say(english: str, lang: Language) -> str:
    """The text a parent sees for ``english`` in ``lang`` (it must translate one way only)."""
    if lang == "en":
        return english
    welsh = _by_english().get(english)
    assert welsh, f"no catalog entry says {english!r}"
    assert len(welsh) == 1, f"{english!r} is translated more than one way: {welsh}"
    return next(iter(welsh))


def _pieces(text: str) -> Iterator[str]:
    """The runs of words a page can show of one entry: around placeholders, links and line breaks."""
    for line in re.split(r"\{\w+\}|\n", _LINK.sub(lambda m: "\n" + m.group(1) + "\n", text)):
        line = line.strip(" #-•*:.,;()")
        if len(line.split()) >= MIN_WORDS:
            yield line


@functools.cache
def english_phrases() -> frozenset[str]:
    """Every English run of words the Welsh translation does not keep (names such as "My Support
    Plan" stay in English on purpose, so they are not leaks)."""
    pairs = [(english, t(key, "cy")) for key, english in catalog("en").items() if not english_only(key)]
    pairs += [(english, t_default(key, english, "cy")) for key, english in catalog_entries(EHCNA)]
    kept = " ".join(welsh for _, welsh in pairs)
    return frozenset(piece for english, welsh in pairs if welsh != english
                     for piece in _pieces(english) if piece not in kept)


def english_in(text: str) -> list[str]:
    return sorted(phrase for phrase in english_phrases() if phrase in text)


PERCEIVED = """() => [document.title, document.body.innerText,
  ...Array.from(document.querySelectorAll('[aria-label], [title], [alt], [placeholder]'))
     .map(e => [e.getAttribute('aria-label'), e.getAttribute('title'), e.getAttribute('alt'),
                e.getAttribute('placeholder')].filter(Boolean).join(' '))].join('\\n')"""


# Form controls shown without a label one can see (axe accepts an aria-label; GOV.UK wants a visible one).
UNLABELLED = """() => Array.from(document.querySelectorAll(
    'main input:not([type=hidden]):not([type=submit]), main select, main textarea'))
  .filter(e => { const box = (e.type === 'radio' || e.type === 'checkbox') && e.labels[0] ? e.labels[0] : e;
                 const r = box.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
  .filter(e => !Array.from(e.labels || []).some(l => l.textContent.trim() && l.getBoundingClientRect().height > 1
                                                  && !l.closest('.govuk-visually-hidden')))
  .map(e => e.name || e.id)"""


def assert_page_in(page: Page, lang: Language) -> None:
    """Marked up in ``lang``, free of axe violations, every control visibly labelled, and — for
    Welsh — without English text."""
    assert page.evaluate("document.documentElement.lang") == lang, page.url
    assert page.locator(".app-page").get_attribute("lang") == lang, page.url
    assert page.evaluate(UNLABELLED) == [], f"controls without a visible label on {page.url}"
    if lang == "cy":
        leaked = english_in(page.evaluate(PERCEIVED))
        assert leaked == [], f"English on the Welsh page {page.url}: {leaked}"
    assert_accessible(page)


def assert_email_in(message: Message, lang: Language) -> None:
    """Subject, text and HTML parts in ``lang`` (the HTML part marked with it), with no English in Welsh."""
    html = html_of(message)
    assert f'<html lang="{lang}">' in html
    if lang == "cy":
        for part in (subject_of(message), text_of(message), re.sub(r"<[^>]+>", " ", html)):
            assert english_in(part) == [], f"English in a Welsh email: {english_in(part)}"
