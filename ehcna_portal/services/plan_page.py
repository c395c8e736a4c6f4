"""What the Plan section of the staff case page shows, worked out here so the page only draws it: the plan's
sections with the quality check's flags on their items, what may be done now (start, issue the draft, consult,
issue the final plan), the drafts issued and the family's 15 days, the consultations, the family's response and
every version with who made it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal import routes
from ehcna_portal.forms import answers as form_answers
from ehcna_portal.forms import ehc_plan, registry
from ehcna_portal.forms.draft_plan_response import FORM_KEY as RESPONSE_FORM
from ehcna_portal.i18n import t
from ehcna_portal.models import Application, EhcCase, PlanVersion, StaffAccount
from ehcna_portal.services import consultations, plan_issue, plan_quality, plan_view, plans
from ehcna_portal.services.dates import day, format_when

EN = "en"
MAY_START = plans.EDITABLE
ADDS = ("needs", "outcomes", "provision")  # the sections whose items are added one by one


@dataclass
class PlanPage:
    started: bool = False
    may_start: bool = False
    revision: int = 0
    sections: list[dict] = field(default_factory=list)
    flags: list[dict[str, str]] = field(default_factory=list)  # the quality check: anchor, message
    may_issue_draft: bool = False
    may_consult: bool = False
    may_issue_final: bool = False
    drafts: list[dict[str, str]] = field(default_factory=list)
    final: dict[str, str] = field(default_factory=dict)
    consultations: list[dict[str, str]] = field(default_factory=list)
    family_school: dict[str, str] = field(default_factory=dict)  # the school the family asked for: urn, name
    response: list[form_answers.StepSummary] = field(default_factory=list)
    versions: list[dict[str, str]] = field(default_factory=list)


def _sections(version: PlanVersion, report: plan_quality.Report) -> list[dict]:
    flagged: dict[str, list[dict[str, str]]] = {}
    for flag in report.flags:
        flagged.setdefault(flag.item, []).append({"anchor": flag.anchor, "message": flag.message,
                                                  "term": flag.term if flag.overridable else ""})
    accepted: dict[str, list[dict[str, str]]] = {}
    for flag, reason in report.overridden:
        accepted.setdefault(flag.item, []).append({"term": flag.term, "reason": reason})
    shown = []
    for section in plan_view.view(version.content, EN, draft=False):
        kind = ehc_plan.section(section.key).kind
        shown.append({
            "key": section.key, "title": f"{section.key}. {section.title}", "text": section.text,
            "empty": section.empty,
            "add": t(f"staff.plan.add.{kind}", EN) if kind in ADDS else "",
            "editable": "yes" if kind != "advice" else "",
            "anchor": f"plan-{section.key}",
            "items": [{"id": item.id, "rows": [{"label": row.label, "value": row.value} for row in item.rows],
                       "source": item.source, "flags": flagged.get(item.id, []),
                       "accepted": accepted.get(item.id, []),
                       "anchor": f"plan-{item.id}" if item.id else f"plan-{section.key}-{number}"}
                      for number, item in enumerate(section.items, start=1)]})
    return shown


def plan_page(engine: Engine, case_id: int, today: date) -> PlanPage | None:
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        if case is None:
            return None
        version = plans.latest(db, case_id)
        drafts = plan_issue.drafts(db, case_id)
        final = plan_issue.final_of(db, case_id)
        response = plan_issue.response_to(db, case_id, drafts[-1]) if drafts else None
        sent = db.get(Application, response.application_id) if response else None
        history = db.exec(select(PlanVersion, StaffAccount)
                          .join(StaffAccount, col(StaffAccount.id) == PlanVersion.created_by, isouter=True)
                          .where(PlanVersion.case_id == case_id).order_by(col(PlanVersion.revision).desc())).all()
        status = case.case_status
    page = PlanPage(started=version is not None, may_start=version is None and status in MAY_START)
    if version is None:
        return page
    report = plan_quality.check(version.content, plan_quality.active_terms(engine), version.overrides)
    page.revision = version.revision
    page.sections = _sections(version, report)
    page.flags = [{"field": flag.anchor, "message": flag.message} for flag in report.flags]
    page.may_issue_draft = status in plan_issue.DRAFT_FROM
    page.may_consult = page.may_issue_final = status in plan_issue.FINAL_FROM
    page.drafts = [{"title": f"Draft {draft.number}", "issued": day(draft.issued_on), "served": day(draft.served_on),
                    "respond_by": day(draft.respond_by), "pdf": routes.plan_pdf(draft.id or 0)} for draft in drafts]
    if final is not None:
        page.final = {"issued": day(final.issued_on), "weeks": str(final.weeks_from_request),
                      "within": "yes" if final.within_20_weeks else "", "pdf": routes.plan_pdf(final.id or 0),
                      "early": "yes" if final.early_because_no_comments else ""}
    page.consultations = [{"school": row.school_name, "email": row.email, "status": row.status,
                           "status_label": t(f"staff.plan.status.{row.status}", EN),
                           "family_asked": "yes" if row.family_asked else "", "sent": day(row.sent_on),
                           "due": day(row.due_on), "answered": day(row.answered_on), "reasons": row.reasons,
                           "responder": row.responder}
                          for row in consultations.tracker(engine, case_id, today)]
    if response and response.school_urn:
        page.family_school = {"urn": response.school_urn, "name": response.school_name}
    if sent is not None:
        form = registry.form(RESPONSE_FORM, sent.form_version)
        page.response = form_answers.summarise(form, sent.answers, {}, EN)
    page.versions = [{"revision": str(row.revision), "by": staff.name if staff else "",
                      "when": format_when(row.created_at), "change": "; ".join(row.changes)}
                     for row, staff in history]
    return page


@dataclass
class ItemForm:
    """The page that changes one section's words or one item of the plan ("new": adds an item)."""

    section: str
    title: str  # "F. Special educational provision"
    kind: str  # text, needs, outcomes, provision, placement
    item: str  # the item's id, or "new"
    revision: int
    values: dict[str, str] = field(default_factory=dict)
    chosen: list[str] = field(default_factory=list)  # the needs and outcomes a provision meets
    needs: list[dict[str, str]] = field(default_factory=list)  # value (id), label
    outcomes: list[dict[str, str]] = field(default_factory=list)
    areas: list[dict[str, str]] = field(default_factory=list)


def _choices(content: dict, kind: str) -> list[dict[str, str]]:
    return [{"value": item["id"], "label": f"{item['id']}: {item.get('text', '')[:120]}"}
            for found in ehc_plan.of_kind(kind) for item in content.get(found.key, {}).get("items", [])]


def item_form(engine: Engine, case_id: int, section_key: str, item_id: str) -> ItemForm | None:
    """What the page shows to change ``item_id`` of ``section_key`` (None for a section or item not in the plan,
    or a section that is never typed: K is the advice received)."""
    if section_key not in ehc_plan.BY_KEY or ehc_plan.section(section_key).kind == "advice":
        return None
    section = ehc_plan.section(section_key)
    with Session(engine) as db:
        version = plans.latest(db, case_id)
    if version is None:
        return None
    block = version.content.get(section_key, {})
    form = ItemForm(section_key, f"{section_key}. {section.title}", section.kind, item_id, version.revision,
                    needs=_choices(version.content, "needs"), outcomes=_choices(version.content, "outcomes"),
                    areas=[{"value": key, "label": label} for key, label in ehc_plan.AREAS.items()])
    if section.kind in ("text", "placement"):
        form.values = {name: str(value) for name, value in block.items()}
        form.item = ""
        return form
    if item_id == "new":
        return form
    item = next((found for found in block.get("items", []) if found.get("id") == item_id), None)
    if item is None:
        return None
    form.values = {name: str(value) for name, value in item.items() if isinstance(value, str)}
    form.chosen = [*item.get("needs", []), *item.get("outcomes", [])]
    return form
