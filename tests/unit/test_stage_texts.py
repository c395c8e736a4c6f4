"""Stage texts: the catalog's wording until a council saves its own, per language; blank goes back."""

from __future__ import annotations

from ehcna_portal.i18n import t
from ehcna_portal.services import stage_texts


def test_a_saved_text_replaces_the_catalog_and_blank_restores_it(engine):
    key = "tab.request.what_happens"
    assert stage_texts.texts(engine, "en")[key] == t(key, "en")
    assert stage_texts.save(engine, "en", {key: "  Our own words.  "}, staff_id=None) == {}  # type: ignore[arg-type]
    assert stage_texts.texts(engine, "en")[key] == "Our own words."
    assert stage_texts.texts(engine, "cy")[key] == t(key, "cy")  # Welsh is separate
    assert stage_texts.save(engine, "en", {key: ""}, staff_id=None) == {}  # type: ignore[arg-type]
    assert stage_texts.texts(engine, "en")[key] == t(key, "en")


def test_too_long_saves_nothing_and_unknown_keys_are_ignored(engine):
    key = "tab.plan.information"
    errors = stage_texts.save(engine, "en", {key: "x" * 1001, "tab.request.information": "Fine",  # type: ignore[arg-type]
                                             "home.title": "Hijack"}, staff_id=None)
    assert errors == {key: "error.stage_text.too_long"}
    assert stage_texts.texts(engine, "en")["tab.request.information"] == t("tab.request.information", "en")
    assert "home.title" not in stage_texts.texts(engine, "en")
