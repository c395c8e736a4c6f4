"""Reflex turns an attribute it does not know (``hreflang``, ``autocomplete``) into a CSS
property instead of failing; no page may contain one."""

import json
import re

import pytest
import reflex as rx

from tests.support.pages import PAGES

_STRAY_CSS = re.compile(r"css:\(\{[^}]*\}\)")


@pytest.mark.parametrize("page", sorted(PAGES))
def test_no_attribute_became_css(page: str):
    rendered = json.dumps(PAGES[page]("en").render(), default=str)
    assert _STRAY_CSS.findall(rendered) == []


def test_the_check_would_notice_a_misspelt_attribute():
    assert _STRAY_CSS.findall(json.dumps(rx.el.a("x", href="/", hreflang="cy").render(), default=str))
