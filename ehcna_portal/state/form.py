"""What every form state shares: errors by field, shown GOV.UK-style."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ehcna_portal.components.content import FOCUS_ERROR_SUMMARY
from ehcna_portal.components.scripts import run_js
from ehcna_portal.i18n import Language, t

# "Sorry, there is a problem with the service…": the database could not save (state/session.outage_safe).
SERVICE_PROBLEM = "error.service_unavailable"


def title_error_prefix(lang: Language, shown: bool) -> Any:
    """Prefix the page title with "Error: " while errors are shown (WCAG 2.4.2, GOV.UK pattern)."""
    prefix = t("page.error_prefix", lang)
    if shown:
        return run_js("p => { if (!document.title.startsWith(p)) document.title = p + document.title; }", prefix)
    return run_js("p => { document.title = document.title.replace(p, ''); }", prefix)


class FormMixin(rx.State, mixin=True):
    """``errors`` maps a field id (the id the error-summary link jumps to) to its message;
    ``error_list`` is the same, in order, for the summary. Both are plain vars set together
    (a computed var would make Reflex load every form state on every event)."""

    errors: dict[str, str] = {}
    error_list: list[dict[str, str]] = []

    def _clear_errors(self) -> None:
        self._assign_changed(errors={}, error_list=[])

    def _assign_changed(self, **values: Any) -> None:
        """Set only the vars whose value differs: Reflex sends (and type-checks) every var assigned in an
        event, equal or not, so a page redrawn after a save would resend what the browser already shows."""
        for name, value in values.items():
            if getattr(self, name) != value:
                setattr(self, name, value)

    def _show_errors(self, keys: dict[str, str], lang: Language, **params: object) -> list[Any]:
        """Translate error keys (filling any {params}), show them, focus the summary, mark the title."""
        return self._show_messages({field: t(key, lang, **params) for field, key in keys.items()}, lang)

    def _show_messages(self, messages: dict[str, str], lang: Language) -> list[Any]:
        """Show messages already written (a form's problems), as ``_show_errors`` does."""
        self.errors = messages
        self.error_list = [{"field": field, "message": message} for field, message in messages.items()]
        if not messages:
            return [title_error_prefix(lang, False)]
        return [title_error_prefix(lang, True), rx.call_script(FOCUS_ERROR_SUMMARY)]

    def _show_service_problem(self, lang: Language) -> list[Any]:
        """Nothing was saved: one error summary entry without a link (it is about no one field); the
        form keeps what was typed, because nothing here redraws it."""
        self.errors = {}
        self.error_list = [{"field": "", "message": t(SERVICE_PROBLEM, lang)}]
        return [title_error_prefix(lang, True), rx.call_script(FOCUS_ERROR_SUMMARY)]
