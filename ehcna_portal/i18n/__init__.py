"""Message catalogs (gettext ``.po`` files, one per language) and ``t()``.

Every user-visible string is a catalog entry keyed by a stable id such as
``home.heading``. English is the source language and must have every key; the
Welsh catalog has every parent-facing key too (a test checks), while the staff
side's keys (``ENGLISH_ONLY_PREFIXES``) stay English. Plural messages are one key
per CLDR category (``timeout.minutes_one``…; Welsh has six), chosen by ``tn``.
Pages are built once per language at compile time, so ``t`` is a plain function
of (key, language) with no global locale (workers serve many users at once).
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Literal

from babel import Locale
from babel.dates import format_date
from babel.messages.pofile import read_po

Language = Literal["en", "cy"]
LANGUAGES: tuple[Language, ...] = ("en", "cy")
DEFAULT_LANGUAGE: Language = "en"
LOCALES_DIR = Path(__file__).parent / "locales"
# Keys of the staff side and developer pages, which stay English-only (the accessibility statement says so).
ENGLISH_ONLY_PREFIXES = ("staff.", "dev.", "nav.staff.", "role.", "email.staff_")
# CLDR plural categories each language's catalog must give a plural message (``key_<category>``).
PLURAL_CATEGORIES: dict[Language, tuple[str, ...]] = {
    "en": ("one", "other"),
    "cy": ("zero", "one", "two", "few", "many", "other"),
}
BABEL_LOCALES: dict[Language, str] = {"en": "en_GB", "cy": "cy_GB"}


@functools.cache
def catalog(lang: Language) -> dict[str, str]:
    """Key → text for one language, read once from ``locales/<lang>.po``."""
    with (LOCALES_DIR / f"{lang}.po").open("rb") as handle:
        parsed = read_po(handle, locale=lang)
    return {str(message.id): str(message.string or "") for message in parsed if message.id}


def t(key: str, lang: Language = DEFAULT_LANGUAGE, **params: object) -> str:
    """The text for ``key`` in ``lang`` (English if not yet translated), with ``{params}`` filled.

    An unknown key raises ``KeyError`` so a typo fails when pages compile, not in front of a user.
    """
    text = catalog(lang).get(key) or catalog(DEFAULT_LANGUAGE)[key]
    return text.format(**params) if params else text


def plural_category(count: int, lang: Language) -> str:
    """CLDR's category for ``count``: Welsh has six (0 zero, 1 one, 2 two, 3 few, 6 many, else other)."""
    return Locale.parse(BABEL_LOCALES[lang]).plural_form(abs(count))


def tn(key: str, count: int, lang: Language = DEFAULT_LANGUAGE, **params: object) -> str:
    """The plural message ``key_<category>`` for ``count``, with ``{count}`` filled."""
    return t(f"{key}_{plural_category(count, lang)}", lang, count=count, **params)


def plural_forms(key: str, lang: Language) -> dict[str, str]:
    """Every category's text of a plural message, for the browser to choose from (Intl.PluralRules)."""
    return {category: t(f"{key}_{category}", lang) for category in PLURAL_CATEGORIES[lang]}


@functools.lru_cache(maxsize=4096)
def long_date(value: date, lang: Language = DEFAULT_LANGUAGE) -> str:
    """"12 March 2017" / "12 Mawrth 2017" (GOV.UK style), in ``lang`` (remembered: Babel's formatting was a
    tenth of drawing a wizard step, and a page shows the same few dates again and again)."""
    return format_date(value, format="d MMMM y", locale=BABEL_LOCALES[lang])


def english_only(key: str) -> bool:
    return key.startswith(ENGLISH_ONLY_PREFIXES)


def t_default(key: str, english: str, lang: Language = DEFAULT_LANGUAGE) -> str:
    """Text whose English source lives in data (the EHCNA form): the catalog's entry for ``key``
    in ``lang`` if a translator has written one, else the English from the data."""
    return catalog(lang).get(key) or english


def localised_path(path: str, lang: Language) -> str:
    """``/privacy`` → ``/cy/privacy`` for Welsh; English paths have no prefix."""
    path = "/" + path.strip("/")
    if lang == DEFAULT_LANGUAGE:
        return path
    return f"/{lang}" if path == "/" else f"/{lang}{path}"


def language_of_path(path: str) -> Language:
    """The language a page's address is in: its first segment if that is a language (``/cy/…``), else English."""
    return next((code for code in LANGUAGES if code != DEFAULT_LANGUAGE
                 and (path == f"/{code}" or path.startswith(f"/{code}/"))), DEFAULT_LANGUAGE)


def switch_path(path: str, lang: Language) -> str:
    """The same page in ``lang``: ``/cy/ehc/child/3/request?x=1`` ↔ ``/ehc/child/3/request?x=1``."""
    route, separator, query = path.partition("?")
    here = language_of_path(route)
    if here != DEFAULT_LANGUAGE:
        route = route[len(here) + 1:] or "/"
    return localised_path(route, lang) + separator + query


def as_language(value: object) -> Language | None:
    """A language code from outside (a cookie, a query string, the database), or None if not ours."""
    return value if value in LANGUAGES else None  # type: ignore[return-value]
