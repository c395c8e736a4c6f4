"""Every user-visible string comes from the catalogs, and the catalogs agree on their keys."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date

import pytest
from babel.messages.pofile import read_po

from ehcna_portal.components.text import _LINK
from ehcna_portal.forms.registry import FORMS
from ehcna_portal.forms.text import catalog_entries
from ehcna_portal.i18n import (
    LANGUAGES,
    LOCALES_DIR,
    PLURAL_CATEGORIES,
    Language,
    catalog,
    english_only,
    localised_path,
    long_date,
    plural_category,
    switch_path,
    t,
    t_default,
    tn,
)
from tests.support.pages import PAGES

# Text attributes a user (or their screen reader) perceives.
_TEXT_PROP = re.compile(r'^(?:"aria-label"|ariaLabel|title|alt|placeholder):(".*")$')


def _expected_welsh_keys() -> set[str]:
    """Every parent-facing English key, every key of the form, and Welsh's extra plural forms."""
    keys = {key for key in catalog("en") if not english_only(key)}
    keys |= {key for form in FORMS for key, _ in catalog_entries(form)}
    families = {key.removesuffix("_other") for key in keys
                if key.endswith("_other") and key.removesuffix("_other") + "_one" in keys}
    keys |= {f"{family}_{category}" for family in families for category in PLURAL_CATEGORIES["cy"]}
    return keys


def test_welsh_has_every_parent_facing_key_and_nothing_else():
    assert sorted(_expected_welsh_keys() - set(catalog("cy"))) == []
    assert sorted(set(catalog("cy")) - _expected_welsh_keys()) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_entry_is_empty(lang: str):
    assert [key for key, text in catalog(lang).items() if not text.strip()] == []


def _english_of(key: str) -> str:
    form = {key: english for each in FORMS for key, english in catalog_entries(each)}
    if key in form:
        return form[key]
    family, _, category = key.rpartition("_")
    plural = category in PLURAL_CATEGORIES["cy"] and {f"{family}_one", f"{family}_other"} <= set(catalog("en"))
    return t(f"{family}_other") if plural else t(key)  # every plural form may say {count}


def test_placeholders_and_link_targets_match_between_languages():
    for key, welsh in catalog("cy").items():
        english = _english_of(key)
        assert set(re.findall(r"\{(\w+)\}", welsh)) == set(re.findall(r"\{(\w+)\}", english)), key
        assert sorted(m.group(2) for m in _LINK.finditer(welsh)) == \
            sorted(m.group(2) for m in _LINK.finditer(english)), key


def test_welsh_catalog_declares_welsh_plural_rules():
    with (LOCALES_DIR / "cy.po").open("rb") as handle:
        header = read_po(handle, locale="cy")
    assert header.num_plurals == 6
    assert [plural_category(n, "cy") for n in (0, 1, 2, 3, 6, 7)] == ["zero", "one", "two", "few", "many", "other"]


def test_welsh_plurals_and_dates():
    assert tn("timeout.minutes", 2, "cy") == "2 funud"
    assert tn("timeout.minutes", 5, "cy") == "5 munud"
    assert tn("timeout.minutes", 1, "en") == "1 minute" and tn("timeout.minutes", 5, "en") == "5 minutes"
    assert long_date(date(2026, 3, 27), "cy") == "27 Mawrth 2026"
    assert long_date(date(2026, 3, 27), "en") == "27 March 2026"


def test_unknown_keys_fail_loudly():
    with pytest.raises(KeyError):
        t("no.such.key")


def test_staff_text_stays_english_on_any_page():
    assert t("staff.queue.title", "cy") == t("staff.queue.title", "en")


def test_localised_and_switched_paths():
    assert localised_path("/", "en") == "/" and localised_path("/", "cy") == "/cy"
    assert localised_path("/privacy", "cy") == "/cy/privacy"
    assert switch_path("/cy/ehc/child/3/request?saved=1", "en") == "/ehc/child/3/request?saved=1"
    assert switch_path("/ehc/child/3/request?saved=1", "cy") == "/cy/ehc/child/3/request?saved=1"
    assert switch_path("/cy", "en") == "/" and switch_path("/", "cy") == "/cy"
    assert switch_path("/cymru", "en") == "/cymru"  # only a whole /cy segment is the language


def _pieces(text: str) -> Iterator[str]:
    """What components may show of one catalog entry: the whole, the parts around links, around a {placeholder}."""
    yield text
    position = 0
    for match in _LINK.finditer(text):
        yield text[position:match.start()]
        yield match.group(1)
        position = match.end()
    yield text[position:]
    yield from re.split(r"\{\w+\}", text)


def _allowed(lang: Language) -> set[str]:
    """Catalog text in ``lang`` only — a Welsh page may show no English but the name "English"
    on the language switch (itself a catalog entry, each language named in its own language)."""
    allowed = {" ", ""}
    for key in catalog("en"):
        if lang == "en" or not english_only(key):
            allowed.update(_pieces(t(key, lang)))
    # Every form's text: English in the form definition, translations in the catalog.
    for key, english in (entry for form in FORMS for entry in catalog_entries(form)):
        allowed.update(_pieces(t_default(key, english, lang)))
    return allowed


def _literals(rendered: object) -> Iterator[str]:
    """String literals a rendered component tree shows as text or as accessible names."""
    if isinstance(rendered, dict):
        contents = rendered.get("contents")
        if isinstance(contents, str) and contents.startswith('"'):
            yield json.loads(contents)
        for prop in rendered.get("props", []) or []:
            match = _TEXT_PROP.match(prop) if isinstance(prop, str) else None
            if match:
                yield json.loads(match.group(1))
        for value in rendered.values():
            if isinstance(value, dict | list):
                yield from _literals(value)
    elif isinstance(rendered, list):
        for item in rendered:
            yield from _literals(item)


ENGLISH_ONLY_PAGES = {name for name in PAGES if name.startswith(("staff_", "dev_"))}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_pages_show_no_text_that_is_not_in_the_catalog(page: str, lang: Language):
    """For Welsh pages this is the compile-time English-leak check (the browser test scans the rendered text)."""
    if lang != "en" and page in ENGLISH_ONLY_PAGES:
        pytest.skip("the staff side and developer pages are English only")
    shown = set(_literals(PAGES[page](lang).render()))
    assert shown, "the walk found no text at all: the test would prove nothing"
    # A figure filled into a catalog sentence from the settings (a retention period) is a number, not language.
    assert sorted(text for text in shown - _allowed(lang) if not text.isdigit()) == []


def test_the_literal_scan_catches_a_stray_string():
    import reflex as rx

    stray = rx.el.div(rx.el.p("Click here to continue"), rx.el.a("x", aria_label="Close window"))
    assert set(_literals(stray.render())) - _allowed("en") == {"Click here to continue", "Close window", "x"}
