"""What the admins' lists share (the address book of professionals, the vague terms of plans): load, an entry
added (the form drawn afresh, a banner), an entry switched off or on — never deleted. A state names its list
(``_list``) and draws its own rows (``_fill``) and its own add."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ehcna_portal.ids import parse_id
from ehcna_portal.services import professionals, vague_terms
from ehcna_portal.state.form import FormMixin
from ehcna_portal.state.guards import off_loop
from ehcna_portal.state.staff_session import staff, staff_only

ADMINS = ("admin",)
LISTS = {"professionals": professionals, "vague_terms": vague_terms}  # each has switch(engine, id, staff_id=)


class AdminListMixin(FormMixin, rx.State, mixin=True):
    added: bool = False
    revision: int = 0  # the add form is drawn afresh (empty) after each addition
    _list: str = "professionals"

    @rx.event
    @staff_only(roles=ADMINS)
    async def load(self):
        self._clear_errors()
        self.added = False
        await self._fill()  # type: ignore[attr-defined]  # each list's own rows

    @rx.event
    @staff_only(roles=ADMINS)
    async def toggle(self, entry_id: str):
        """Switch an entry off (no longer used for new work) or back on."""
        await off_loop(LISTS[self._list].switch, parse_id(entry_id) or 0, staff_id=staff().staff_id)
        await self._fill()  # type: ignore[attr-defined]

    async def _after_add(self, problems: dict[str, str], **params: Any) -> list | None:
        """The add's problems at their fields, or the list drawn again with the new entry and an empty form."""
        if problems:
            return self._show_errors(problems, "en", **params)
        self._clear_errors()
        self.added, self.revision = True, self.revision + 1
        await self._fill()  # type: ignore[attr-defined]
        return None
