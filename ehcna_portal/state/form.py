"""What every form state shares: errors by field, shown GOV.UK-style."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ehcna_portal.components.content import FOCUS_ERROR_SUMMARY
from ehcna_portal.i18n import Language, t


def title_error_prefix(lang: Language, shown: bool) -> Any:
    """Prefix the page title with "Error: " while errors are shown (WCAG 2.4.2, GOV.UK pattern)."""
    prefix = t("page.error_prefix", lang)
    if shown:
        script = f"if (!document.title.startsWith({prefix!r})) document.title = {prefix!r} + document.title"
    else:
        script = f"document.title = document.title.replace({prefix!r}, '')"
    return rx.call_script(script)


class FormMixin(rx.State, mixin=True):
    """``errors`` maps a field id (the id the error-summary link jumps to) to its message;
    ``error_list`` is the same, in order, for the summary. Both are plain vars set together
    (a computed var would make Reflex load every form state on every event)."""

    errors: dict[str, str] = {}
    error_list: list[dict[str, str]] = []

    def _clear_errors(self) -> None:
        self.errors = {}
        self.error_list = []

    def _show_errors(self, keys: dict[str, str], lang: Language, **params: object) -> list[Any]:
        """Translate error keys (filling any {params}), show them, focus the summary, mark the title."""
        self.errors = {field: t(key, lang, **params) for field, key in keys.items()}
        self.error_list = [{"field": field, "message": message} for field, message in self.errors.items()]
        if not keys:
            return [title_error_prefix(lang, False)]
        return [title_error_prefix(lang, True), rx.call_script(FOCUS_ERROR_SUMMARY)]
