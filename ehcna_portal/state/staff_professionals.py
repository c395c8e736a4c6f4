"""Admins: the address book of professionals the council asks for advice (services/professionals.py)."""

from __future__ import annotations

import reflex as rx

from ehcna_portal.i18n import t
from ehcna_portal.services import professionals
from ehcna_portal.state.admin_lists import ADMINS, AdminListMixin
from ehcna_portal.state.guards import off_loop
from ehcna_portal.state.staff_session import staff, staff_only


class ProfessionalsState(AdminListMixin, rx.State):
    """The address book: who is in it, add someone, switch someone off or on."""

    entries: list[dict[str, str]] = []
    _list: str = "professionals"

    async def _fill(self) -> None:
        self.entries = [{"id": str(entry.id), "name": entry.name, "organisation": entry.organisation,
                         "email": entry.email, "type": t(f"advice.type.{entry.advice_type}", "en"),
                         "language": t(f"staff.book.language.{entry.language}", "en"),
                         "active": "yes" if entry.active else ""}
                        for entry in await off_loop(professionals.listed)]

    @rx.event
    @staff_only(roles=ADMINS)
    async def add(self, form_data: dict):
        return await self._after_add(await off_loop(professionals.add, form_data, staff_id=staff().staff_id))
