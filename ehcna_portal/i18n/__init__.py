"""Message catalogs (gettext ``.po`` files, one per language) and ``t()``.

Every user-visible string is a catalog entry keyed by a stable id such as
``home.heading``. English is the source language and must have every key; a
Welsh entry left empty falls back to English until a translator fills it in.
Pages are built once per language at compile time, so ``t`` is a plain function
of (key, language) with no global locale (workers serve many users at once).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from babel.messages.pofile import read_po

Language = Literal["en", "cy"]
LANGUAGES: tuple[Language, ...] = ("en", "cy")
DEFAULT_LANGUAGE: Language = "en"
LOCALES_DIR = Path(__file__).parent / "locales"


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


def t_default(key: str, english: str, lang: Language = DEFAULT_LANGUAGE) -> str:
    """Text whose English source lives in data (the EHCNA form): the catalog's entry for ``key``
    in ``lang`` if a translator has written one, else the English from the data."""
    return catalog(lang).get(key) or english


def text_language(key: str, lang: Language) -> Language:
    """The language ``t(key, lang)`` is really in: ``lang``, or English while untranslated."""
    return lang if catalog(lang).get(key) else DEFAULT_LANGUAGE


def localised_path(path: str, lang: Language) -> str:
    """``/privacy`` → ``/cy/privacy`` for Welsh; English paths have no prefix."""
    path = "/" + path.strip("/")
    if lang == DEFAULT_LANGUAGE:
        return path
    return f"/{lang}" if path == "/" else f"/{lang}{path}"


def other_language(lang: Language) -> Language:
    return "cy" if lang == "en" else "en"


@functools.cache
def is_complete(lang: Language) -> bool:
    """Whether every key has text in ``lang`` (then pages are marked up in that language)."""
    return all(catalog(lang).get(key) for key in catalog(DEFAULT_LANGUAGE))
