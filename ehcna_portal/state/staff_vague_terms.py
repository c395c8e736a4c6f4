"""Admins: the vague terms the plan's quality check flags (services/vague_terms.py)."""

from __future__ import annotations

import reflex as rx

from ehcna_portal.ids import parse_id
from ehcna_portal.services import vague_terms
from ehcna_portal.state.form import FormMixin
from ehcna_portal.state.guards import off_loop
from ehcna_portal.state.staff_professionals import ADMINS
from ehcna_portal.state.staff_session import field, staff, staff_only


class VagueTermsState(FormMixin, rx.State):
    terms: list[dict[str, str]] = []
    added: bool = False
    revision: int = 0  # the add form is drawn afresh (empty) after each addition

    @rx.event
    @staff_only(roles=ADMINS)
    async def load(self):
        self._clear_errors()
        self.added = False
        await self._fill()

    async def _fill(self) -> None:
        self.terms = [{"id": str(term.id), "phrase": term.phrase, "unless_number": "yes" if term.unless_number else "",
                       "active": "yes" if term.active else ""} for term in await off_loop(vague_terms.listed)]

    @rx.event
    @staff_only(roles=ADMINS)
    async def add(self, form_data: dict):
        problems = await off_loop(vague_terms.add, field(form_data, "phrase")[:200],
                                  field(form_data, "unless_number-yes") == "yes", staff_id=staff().staff_id)
        if problems:
            return self._show_errors(problems, "en", max=vague_terms.PHRASE_MAX)
        self._clear_errors()
        self.added, self.revision = True, self.revision + 1
        await self._fill()
        return None

    @rx.event
    @staff_only(roles=ADMINS)
    async def toggle(self, term_id: str):
        await off_loop(vague_terms.switch, parse_id(term_id) or 0, staff_id=staff().staff_id)
        await self._fill()
