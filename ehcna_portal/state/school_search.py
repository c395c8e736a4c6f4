"""A form question answered by choosing a school or college from the schools list (a question of kind "school",
such as "Name a school or college" in Respond to the draft): Search fills the choices, the page posts the URN."""

from __future__ import annotations

import reflex as rx

from ehcna_portal.services.schools import search_schools
from ehcna_portal.state.guards import off_loop
from ehcna_portal.state.session import parent_only
from ehcna_portal.state.staff_session import field, staff_only


async def _found(typed: str) -> list[dict[str, str]]:
    return [{"value": school.urn, "label": f"{school.name} ({school.address}, {school.postcode})"}
            for school in await off_loop(search_schools, str(typed)[:100])]


class SchoolSearchMixin(rx.State, mixin=True):
    school_results: list[dict[str, str]] = []
    school_searched: bool = False

    @rx.event
    @parent_only(two_step=True)
    async def search_school(self, typed: str = ""):
        """``typed``: what the search box holds when Search is pressed."""
        self.school_results, self.school_searched = await _found(typed), True


class StaffSchoolSearchMixin(rx.State, mixin=True):
    """The same search on a staff page, as a small form of its own ("school_search")."""

    school_results: list[dict[str, str]] = []
    school_searched: bool = False

    @rx.event
    @staff_only()
    async def find_school(self, form_data: dict):
        self.school_results, self.school_searched = await _found(field(form_data, "school_search")), True
