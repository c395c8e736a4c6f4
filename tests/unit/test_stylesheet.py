"""The council stylesheet compiles only the govuk-frontend components the portal draws (scss/council.scss):
a component's class used anywhere in the code must have its component compiled in."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMPONENTS = ROOT / "tools" / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "components"
SOURCES = [*ROOT.joinpath("ehcna_portal").rglob("*.py"), *ROOT.joinpath("scripts").glob("*.js"),
           ROOT / "assets" / "app.css"]
# every component's directory name in govuk-frontend 6 (tools/package.json pins it), so the test runs without tools/
KNOWN = (
    "accordion", "back-link", "breadcrumbs", "button", "character-count", "checkboxes", "cookie-banner",
    "date-input", "details", "error-message", "error-summary", "exit-this-page", "feedback", "fieldset",
    "file-upload", "footer", "generic-header", "header", "hint", "input", "inset-text", "label",
    "language-navigation", "notification-banner", "pagination", "panel", "password-input", "phase-banner", "radios",
    "select", "service-navigation", "skip-link", "summary-list", "table", "tabs", "tag", "task-list", "textarea",
    "warning-text",
)


def _compiled() -> set[str]:
    text = (ROOT / "scss" / "council.scss").read_text()
    return set(re.findall(r'@use "govuk-frontend/dist/govuk/components/([a-z-]+)"', text))


def _used() -> set[str]:
    text = "\n".join(path.read_text() for path in SOURCES)
    classes = set(re.findall(r"govuk-([a-z]+(?:-[a-z]+)*)(?:__|--|[\"' ])", text))
    return {name for name in KNOWN if name in classes}


def test_every_component_the_code_draws_is_compiled_in():
    missing = _used() - _compiled()
    assert not missing, f"scss/council.scss leaves out components the code uses: {sorted(missing)}"


def test_the_known_components_are_govuk_frontends_own():
    if COMPONENTS.is_dir():  # after make setup: the list above is the installed version's
        assert set(KNOWN) == {path.name for path in COMPONENTS.iterdir() if path.is_dir()}
    assert _compiled() <= set(KNOWN)


def test_components_the_code_never_draws_are_left_out():
    assert {"accordion", "cookie-banner", "exit-this-page", "task-list"}.isdisjoint(_compiled())


def test_only_caseworking_pages_ask_for_moj_frontend():
    import reflex as rx

    from ehcna_portal.components import layout

    staff = str(layout.staff_wide("en", "/staff", rx.fragment()).render())
    public = str(layout.narrow("en", "/sign-in", rx.fragment()).render())
    assert "moj-frontend.min.css" in staff and 'precedence:"default"' in staff
    assert "moj-frontend.min.css" not in public
