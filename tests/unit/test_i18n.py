"""Every user-visible string comes from the catalogs, and the catalogs agree on their keys."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from ehcna_portal.components.text import _LINK
from ehcna_portal.forms.ehcna import EHCNA
from ehcna_portal.forms.text import catalog_entries
from ehcna_portal.i18n import LANGUAGES, catalog, localised_path, t, t_default
from ehcna_portal.pages import accounts, application, children, content, dev, home, staff

PAGES = {
    "home": home.home, "guidance": content.guidance, "privacy": content.privacy,
    "accessibility": content.accessibility, "cookies": content.cookies, "contact": content.contact,
    "not_found": content.not_found, "dev_mailbox": dev.mailbox, "dev_components": dev.components,
    "register": accounts.register, "register_check_email": accounts.register_check_email,
    "complete_registration": accounts.complete_registration, "sign_in": accounts.sign_in,
    "sign_in_code": accounts.sign_in_code, "ehc_area": children.ehc_area,
    "add_child": children.add_child, "child_page": children.child_page,
    "edit_child": children.edit_child, "account": accounts.account,
    "two_step_settings": accounts.two_step_settings, "sign_out": accounts.sign_out,
    "forgotten_password": accounts.forgotten_password, "reset_password": accounts.reset_password,
    "change_password": accounts.change_password, "personal_details": accounts.personal_details,
    "change_circumstances": accounts.change_circumstances, "change_email": accounts.change_email,
    "change_email_sent": accounts.change_email_sent, "confirm_new_email": accounts.confirm_new_email,
    "application": application.application_page, "application_item": application.item_page,
    "staff_sign_in": staff.staff_sign_in, "staff_two_step": staff.staff_two_step, "staff_queue": staff.queue_page,
    "staff_case": staff.case_page, "staff_sign_out": staff.staff_sign_out, "staff_kpis": staff.kpi_page,
    "staff_access_log": staff.access_log_page, "staff_admin": staff.admin_page,
    "staff_paper_request": staff.paper_request_page, "staff_stage_texts": staff.stage_texts_page,
}
# Text attributes a user (or their screen reader) perceives.
_TEXT_PROP = re.compile(r'^(?:"aria-label"|ariaLabel|title|alt|placeholder):(".*")$')


def test_both_languages_have_exactly_the_same_keys():
    assert set(catalog("cy")) == set(catalog("en"))


def test_every_english_entry_has_text():
    assert [key for key, text in catalog("en").items() if not text.strip()] == []


def test_placeholders_match_between_languages():
    for key, english in catalog("en").items():
        welsh = catalog("cy")[key]
        if welsh:
            assert set(re.findall(r"\{(\w+)\}", welsh)) == set(re.findall(r"\{(\w+)\}", english)), key


def test_unknown_keys_fail_loudly():
    with pytest.raises(KeyError):
        t("no.such.key")


def test_untranslated_welsh_falls_back_to_english_and_welsh_is_used_when_present():
    assert t("service.name", "cy") == t("service.name", "en")
    assert t("shell.skip_link", "cy") == "Neidio i'r prif gynnwys"


def test_localised_paths():
    assert localised_path("/", "en") == "/" and localised_path("/", "cy") == "/cy"
    assert localised_path("/privacy", "cy") == "/cy/privacy"


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


def _allowed(lang: str) -> set[str]:
    """Catalog text in ``lang``, plus English (language names and the bilingual notice are both)."""
    allowed = {" ", ""}
    for key in catalog("en"):
        allowed.update(_pieces(t(key, lang)))
        allowed.update(_pieces(t(key, "en")))
    # The EHCNA form's text: English in the form definition, translations in the catalog.
    for key, english in catalog_entries(EHCNA):
        allowed.update(_pieces(t_default(key, english, lang)))
        allowed.update(_pieces(english))
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


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_pages_show_no_text_that_is_not_in_the_catalog(page: str, lang: str):
    shown = set(_literals(PAGES[page](lang).render()))
    assert shown, "the walk found no text at all: the test would prove nothing"
    assert sorted(shown - _allowed(lang)) == []


def test_the_literal_scan_catches_a_stray_string():
    import reflex as rx

    stray = rx.el.div(rx.el.p("Click here to continue"), rx.el.a("x", aria_label="Close window"))
    assert set(_literals(stray.render())) - _allowed("en") == {"Click here to continue", "Close window", "x"}
