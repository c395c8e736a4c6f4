"""Admins: the address book of professionals the council asks for advice (services/professionals.py)."""

from __future__ import annotations

import reflex as rx

from ehcna_portal.i18n import t
from ehcna_portal.ids import parse_id
from ehcna_portal.services import professionals
from ehcna_portal.state.form import FormMixin
from ehcna_portal.state.guards import off_loop
from ehcna_portal.state.staff_session import staff, staff_only

ADMINS = ("admin",)


class ProfessionalsState(FormMixin, rx.State):
    """The address book: who is in it, add someone, switch someone off or on."""

    entries: list[dict[str, str]] = []
    added: bool = False
    revision: int = 0  # the add form is drawn afresh (empty) after each addition

    @rx.event
    @staff_only(roles=ADMINS)
    async def load(self):
        self._clear_errors()
        self.added = False
        await self._fill()

    async def _fill(self) -> None:
        self.entries = [{"id": str(entry.id), "name": entry.name, "organisation": entry.organisation,
                         "email": entry.email, "type": t(f"advice.type.{entry.advice_type}", "en"),
                         "language": t(f"staff.book.language.{entry.language}", "en"),
                         "active": "yes" if entry.active else ""}
                        for entry in await off_loop(professionals.listed)]

    @rx.event
    @staff_only(roles=ADMINS)
    async def add(self, form_data: dict):
        problems = await off_loop(professionals.add, form_data, staff_id=staff().staff_id)
        if problems:
            return self._show_errors(problems, "en")
        self._clear_errors()
        self.added = True
        self.revision += 1
        await self._fill()
        return None

    @rx.event
    @staff_only(roles=ADMINS)
    async def toggle(self, professional_id: str):
        """Switch someone off (no longer suggested for new requests) or back on."""
        await off_loop(professionals.switch, parse_id(professional_id) or 0, staff_id=staff().staff_id)
        await self._fill()
