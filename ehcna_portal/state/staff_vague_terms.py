"""Admins: the vague terms the plan's quality check flags (services/vague_terms.py)."""

from __future__ import annotations

import reflex as rx

from ehcna_portal.services import vague_terms
from ehcna_portal.state.admin_lists import ADMINS, AdminListMixin
from ehcna_portal.state.guards import off_loop
from ehcna_portal.state.staff_session import field, staff, staff_only


class VagueTermsState(AdminListMixin, rx.State):
    terms: list[dict[str, str]] = []
    _list: str = "vague_terms"

    async def _fill(self) -> None:
        self.terms = [{"id": str(term.id), "phrase": term.phrase, "unless_number": "yes" if term.unless_number else "",
                       "active": "yes" if term.active else ""} for term in await off_loop(vague_terms.listed)]

    @rx.event
    @staff_only(roles=ADMINS)
    async def add(self, form_data: dict):
        problems = await off_loop(vague_terms.add, field(form_data, "phrase")[:200],
                                  field(form_data, "unless_number-yes") == "yes", staff_id=staff().staff_id)
        return await self._after_add(problems, max=vague_terms.PHRASE_MAX)
