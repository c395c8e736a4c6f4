"""States behind the development-only pages (/dev/mailbox, /dev/components).

The app module imports this only when EHCNA_ENV is not prod, so in production
these handlers are not even registered; each also checks for itself.
"""

from __future__ import annotations

import reflex as rx

from ehcna_portal.components.content import FOCUS_ERROR_SUMMARY
from ehcna_portal.i18n import t
from ehcna_portal.services.mailbox import MailboxEntry, latest_messages
from ehcna_portal.settings import get_settings
from ehcna_portal.state.guards import off_loop, public, typed

VIEWS_MAX_LENGTH = 200


def _dev_only() -> bool:
    return not get_settings().is_prod


class DevMailboxState(rx.State):
    """The outbox as a mailbox, newest first."""

    messages: list[MailboxEntry] = []

    @rx.event
    @public
    async def load(self):
        if not _dev_only():
            return
        self.messages = await off_loop(latest_messages)


class DevComponentsState(rx.State):
    """Just enough state to show every component with and without errors."""

    show_errors: bool = False
    views_too_long: bool = False

    @rx.event
    @public
    def check(self, form_data: dict):
        if not _dev_only():
            return None
        self.views_too_long = len(typed(form_data, "views")) > VIEWS_MAX_LENGTH
        self.show_errors = True
        return rx.call_script(FOCUS_ERROR_SUMMARY)

    @rx.var
    def errors(self) -> dict[str, str]:
        """Field id → message, in page order (the error summary follows the form)."""
        if not self.show_errors:
            return {}
        found = {
            "full-name": t("dev.components.name_error"),
            "contact": t("dev.components.contact_error"),
            "needs": t("dev.components.needs_error"),
            "dob": t("dev.components.dob_error"),
        }
        if self.views_too_long:
            found["views"] = t("dev.components.views_error")
        return found

    @rx.var
    def error_list(self) -> list[dict[str, str]]:
        return [{"field": field, "message": message} for field, message in self.errors.items()]
