"""Changing one part of a case's plan (/staff/plan/<case>/<section>/<item>): a section's words, the placement, or
one need, outcome or provision item ("new" adds one). Saving makes a new version (services/plans.edit), checked
against the version the page showed; then back to the item on the Plan section."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.forms import ehc_plan
from ehcna_portal.ids import parse_id, parse_number
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import plan_page, plans
from ehcna_portal.services.plan_edits import EditRefused, edit_for
from ehcna_portal.state.form import FormMixin
from ehcna_portal.state.guards import off_loop
from ehcna_portal.state.school_search import StaffSchoolSearchMixin
from ehcna_portal.state.staff_session import field, staff, staff_only

EN = "en"
TEXT_FIELDS = ("text", "area", "steps", *ehc_plan.PROVISION_PARTS, "school_urn", "type")
FIELDS = frozenset(TEXT_FIELDS)


class PlanItemState(FormMixin, StaffSchoolSearchMixin, rx.State):
    found: bool = False
    case_id: str = ""
    section: str = ""
    title: str = ""
    kind: str = ""
    item: str = ""
    revision: int = 0
    values: dict[str, str] = {}
    chosen: list[str] = []
    needs: list[dict[str, str]] = []
    outcomes: list[dict[str, str]] = []
    areas: list[dict[str, str]] = []
    form_key: str = ""

    def _where(self) -> tuple[int, str, str]:
        found = routes.params_of(routes.STAFF_PLAN_ITEM, self.router.url.path) or {}
        return parse_id(found.get("case")) or 0, str(found.get("section", ""))[:3], str(found.get("item", ""))[:10]

    @rx.event
    @staff_only()
    async def load(self):
        self._clear_errors()
        await self._fill()

    async def _fill(self) -> None:
        """The page as the plan now stands (on opening, and after someone else's change won)."""
        case_id, section, item = self._where()
        form = await off_loop(plan_page.item_form, case_id, section, item)
        self.found = form is not None
        self.case_id, self.school_results, self.school_searched = str(case_id), [], False
        if form is None:
            return
        for name in ("section", "title", "kind", "item", "revision", "values", "chosen", "needs", "outcomes",
                     "areas"):
            setattr(self, name, getattr(form, name))
        self.form_key = f"{section}-{item}-{form.revision}"

    @rx.event
    @staff_only()
    async def save(self, form_data: dict):
        case_id, section, item = self._where()
        values: dict[str, object] = {name: str(form_data.get(name, ""))[:ehc_plan.TEXT_LIMIT + 1]
                                     for name in TEXT_FIELDS if name in form_data}
        values["needs"], values["outcomes"] = ticked(form_data, "need"), ticked(form_data, "outcome")
        try:
            saved = await off_loop(plans.edit, case_id,
                                   parse_number(field(form_data, "revision"), 10**9) or 0,
                                   edit_for(section, item, values),
                                   staff_id=staff().staff_id, now=utcnow())
        except EditRefused as refused:  # a problem about no one field (a conflict, a removed item): at the form
            if isinstance(refused, plans.PlanConflict):
                await self._fill()
            return self._show_messages({name if name in FIELDS else "plan-item-form": message
                                        for name, message in refused.problems.items()}, EN)
        return rx.redirect(routes.staff_case(case_id, "plan", done="plan_changed") + f"#{saved.anchor}")


def ticked(form_data: dict, prefix: str) -> list[str]:
    """The ticked "meets need" / "towards outcome" boxes (``need-B1``, ``outcome-E2``…)."""
    return [name.split("-", 1)[1][:10] for name, value in form_data.items()
            if isinstance(name, str) and name.startswith(f"{prefix}-") and value]
