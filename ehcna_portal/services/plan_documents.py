"""Who may read which issued plan, and as what: the family reads their own child's drafts and final plan (page,
print and PDF); a school reads the draft it was consulted on, through its link; staff read any. Every PDF
downloaded is audited on the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.i18n import Language, t
from ehcna_portal.models import Child, EhcCase, PlanIssue, PlanIssueKind, PlanVersion
from ehcna_portal.services import audit, plan_pdf, plan_view
from ehcna_portal.services.plan_pdf import PlanHeading


@dataclass(frozen=True)
class IssuedPlan:
    issue_id: int
    case_id: int
    kind: str  # draft, final
    number: int
    title: str
    issued_on: date
    respond_by: date | None
    sections: list[plan_view.SectionView]
    heading: PlanHeading


def title_of(issue: PlanIssue, lang: Language) -> str:
    if issue.kind == PlanIssueKind.DRAFT:
        return t("plan.pdf.title.draft", lang, number=issue.number)
    return t("plan.pdf.title.final", lang)


def _issued(db: Session, issue: PlanIssue, lang: Language) -> IssuedPlan | None:
    version = db.get(PlanVersion, issue.plan_version_id)
    case = db.get(EhcCase, issue.case_id)
    child = db.get(Child, case.child_id) if case else None
    if version is None or case is None or child is None:
        return None
    title = title_of(issue, lang)
    heading = PlanHeading(title, case.child_name, child.date_of_birth, case.reference, issue.issued_on)
    draft = issue.kind == PlanIssueKind.DRAFT
    return IssuedPlan(issue.id or 0, case.id or 0, issue.kind, issue.number, title, issue.issued_on,
                      issue.respond_by if draft else None, plan_view.view(version.content, lang, draft=draft), heading)


def issued_for_family(engine: Engine, parent_id: int, child_id: int, lang: Language) -> list[IssuedPlan]:
    """The plans issued for a parent's own child, newest first (nothing for another family's child)."""
    with Session(engine) as db:
        issues = db.exec(select(PlanIssue).join(EhcCase, col(EhcCase.id) == PlanIssue.case_id)
                         .where(EhcCase.child_id == child_id, EhcCase.parent_id == parent_id)
                         .order_by(col(PlanIssue.issued_at).desc(), col(PlanIssue.id).desc())).all()
        return [found for issue in issues if (found := _issued(db, issue, lang)) is not None]


def issued(engine: Engine, issue_id: int, lang: Language, *, parent_id: int | None = None) -> IssuedPlan | None:
    """One issued plan: for a parent only if it is about their own child; staff (parent_id None) read any."""
    with Session(engine) as db:
        issue = db.get(PlanIssue, issue_id)
        case = db.get(EhcCase, issue.case_id) if issue else None
        if issue is None or case is None or (parent_id is not None and case.parent_id != parent_id):
            return None
        return _issued(db, issue, lang)


def pdf(engine: Engine, found: IssuedPlan, lang: Language, *, actor: str) -> tuple[str, bytes]:
    """The plan as a tagged PDF and its file name; the download is audited on the case."""
    body = plan_pdf.to_pdf(plan_pdf.plan_html(found.heading, found.sections, lang))
    with Session(engine) as db:
        audit.record(db, actor=actor, action="plan.downloaded", object_type=audit.CASE, object_id=found.case_id,
                     plan_issue_id=found.issue_id)
        db.commit()
    name = f"{found.heading.reference}-{'draft-' + str(found.number) if found.kind == 'draft' else 'final'}-plan.pdf"
    return name, body
