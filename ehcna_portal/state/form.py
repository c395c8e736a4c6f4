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
    """``errors`` maps a field id (the id the error-summary link jumps to) to its message."""

    errors: dict[str, str] = {}

    @rx.var
    def error_list(self) -> list[dict[str, str]]:
        return [{"field": field, "message": message} for field, message in self.errors.items()]

    def _show_errors(self, keys: dict[str, str], lang: Language, **params: object) -> list[Any]:
        """Translate error keys (filling any {params}), show them, focus the summary, mark the title."""
        self.errors = {field: t(key, lang, **params) for field, key in keys.items()}
        if not keys:
            return [title_error_prefix(lang, False)]
        return [title_error_prefix(lang, True), rx.call_script(FOCUS_ERROR_SUMMARY)]
