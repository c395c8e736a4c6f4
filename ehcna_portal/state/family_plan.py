"""An issued plan's page for the family (/ehc/plan/<issue>): the draft or final plan, readable on a phone,
printable, and as a PDF; for a draft still open to comment, by when to respond (services/plan_documents)."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.i18n import long_date, t
from ehcna_portal.ids import parse_id
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import plan_documents
from ehcna_portal.services.dates import uk_date
from ehcna_portal.state.guards import language_of
from ehcna_portal.state.plan_views import section_dicts
from ehcna_portal.state.session import backend_base, for_parent, parent_only


class FamilyPlanState(rx.State):
    found: bool = False
    title: str = ""
    child_name: str = ""
    reference: str = ""
    issued: str = ""
    respond: str = ""  # "You have until 22 December 2026 to respond" while the 15 days run
    respond_how: str = ""  # with which form, on which tab
    sections: list[dict] = []
    pdf_href: str = ""
    child_href: str = ""

    @rx.event
    @parent_only(two_step=True)
    async def load(self):
        lang = language_of(self)
        issue_id = parse_id((routes.params_of(routes.PLAN, self.router.url.path) or {}).get("issue")) or 0
        found = await for_parent(plan_documents.family_page, issue_id, lang, uk_date(utcnow()))
        self.found = found is not None
        if found is None:
            self.sections = []
            return
        plan, child_id, respond_by = found
        self.title, self.child_name, self.reference = plan.title, plan.heading.child_name, plan.heading.reference
        self.issued = long_date(plan.issued_on, lang)
        self.respond = t("plan.page.respond_by", lang, date=long_date(respond_by, lang)) if respond_by else ""
        self.respond_how = t(plan_documents.respond_how_key(plan.kind), lang)
        self.sections = section_dicts(plan.sections)
        self.pdf_href = backend_base(self) + routes.plan_pdf(plan.issue_id, lang)
        self.child_href = routes.child_page(child_id, plan_documents.tab_of(plan.kind), lang)
