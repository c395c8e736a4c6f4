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
from ehcna_portal.models import CaseLetter, Child, EhcCase, PlanIssue, PlanIssueKind, PlanVersion
from ehcna_portal.services import audit, decisions, plan_issue, plan_pdf, plan_view, plans
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
    if issue.kind in (PlanIssueKind.DRAFT, PlanIssueKind.PROPOSED):
        return t(f"plan.pdf.title.{issue.kind}", lang, number=issue.number)
    return t(f"plan.pdf.title.{issue.kind}", lang)


def _issued(db: Session, issue: PlanIssue, lang: Language, *, sections: bool = True) -> IssuedPlan | None:
    """The plan as issued; ``sections=False`` leaves its drawing out (a list needs only titles and dates)."""
    version = db.get(PlanVersion, issue.plan_version_id)
    case = db.get(EhcCase, issue.case_id)
    child = db.get(Child, case.child_id) if case else None
    if version is None or case is None or child is None:
        return None
    title = title_of(issue, lang)
    heading = PlanHeading(title, case.child_name, child.date_of_birth, case.reference, issue.issued_on)
    draft = issue.kind == PlanIssueKind.DRAFT
    return IssuedPlan(issue.id or 0, case.id or 0, issue.kind, issue.number, title, issue.issued_on,
                      issue.respond_by if issue.kind in (PlanIssueKind.DRAFT, PlanIssueKind.PROPOSED) else None,
                      plan_view.view(version.content, lang, draft=draft) if sections else [], heading)


def issued_for_family(engine: Engine, parent_id: int, child_id: int, lang: Language, *,
                      sections: bool = True) -> list[IssuedPlan]:
    """The plans issued for a parent's own child, newest first (nothing for another family's child)."""
    with Session(engine) as db:
        issues = db.exec(select(PlanIssue).join(EhcCase, col(EhcCase.id) == PlanIssue.case_id)
                         .where(EhcCase.child_id == child_id, EhcCase.parent_id == parent_id)
                         .order_by(col(PlanIssue.issued_at).desc(), col(PlanIssue.id).desc())).all()
        return [found for issue in issues if (found := _issued(db, issue, lang, sections=sections)) is not None]


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


@dataclass(frozen=True)
class TabPlan:
    """One issued plan on the family's EHC Plan tab."""

    issue_id: int
    title: str
    issued_on: date
    respond_by: date | None  # set while the family's 15 days on this draft run (the latest draft, no final yet)


def tab_of(kind: str) -> str:
    """The child's tab an issued plan belongs to: drafts and the final plan on EHC Plan, a review's on EHCP Reviews."""
    return "reviews" if kind in (PlanIssueKind.PROPOSED, PlanIssueKind.AMENDMENT) else "plan"


def respond_how_key(kind: str) -> str:
    """How to respond to an issue still open to comment: "Respond to the draft" or to the proposed amendments."""
    return "plan.page.respond_how.proposed" if kind == PlanIssueKind.PROPOSED else "plan.page.respond_how"


def on_tab(engine: Engine, parent_id: int, child_id: int, lang: Language, today: date) -> list[TabPlan]:
    """The plans issued for the parent's own child, newest first; the newest, when it is a draft or proposed
    amendments, says by when to respond while its 15 days run (a final or amended plan issued after it ends them)."""
    issued = issued_for_family(engine, parent_id, child_id, lang, sections=False)
    newest = issued[0] if issued else None
    awaiting = newest.issue_id if newest and newest.kind in (PlanIssueKind.DRAFT, PlanIssueKind.PROPOSED) \
        and newest.respond_by and today <= newest.respond_by else 0
    return [TabPlan(plan.issue_id, plan.title, plan.issued_on, plan.respond_by if plan.issue_id == awaiting else None)
            for plan in issued]


def family_page(engine: Engine, parent_id: int, issue_id: int, lang: Language,
                today: date) -> tuple[IssuedPlan, int, date | None] | None:
    """An issued plan for its own family: the plan, the child's id, and by when to respond (while the 15 days on
    the latest draft run); each opening is audited."""
    found = issued(engine, issue_id, lang, parent_id=parent_id)
    if found is None:
        return None
    with Session(engine) as db:
        child_id = db.get(EhcCase, found.case_id).child_id  # type: ignore[union-attr]
        audit.record(db, actor=f"parent:{parent_id}", action="plan.viewed", object_type=audit.CASE,
                     object_id=found.case_id, plan_issue_id=issue_id)
        db.commit()
    on_the_tab = {plan.issue_id: plan for plan in on_tab(engine, parent_id, child_id, lang, today)}
    return found, child_id, on_the_tab[issue_id].respond_by if issue_id in on_the_tab else None


def preview(engine: Engine, case_id: int, today: date, *, staff_id: int) -> IssuedPlan | None:
    """The latest version as the family would see it if it were issued as the next draft today (staff only;
    audited)."""
    with Session(engine, expire_on_commit=False) as db:
        version = plans.latest(db, case_id)
        if version is None:
            return None
        draft = PlanIssue(case_id=case_id, plan_version_id=version.id or 0, kind=PlanIssueKind.DRAFT,
                          number=len(plan_issue.drafts(db, case_id)) + 1, issued_on=today)
        found = _issued(db, draft, "en")
        audit.record(db, actor=f"staff:{staff_id}", action="plan.previewed", object_type=audit.CASE,
                     object_id=case_id, revision=version.revision)
        db.commit()
        return found


def letter_pdf(engine: Engine, letter: CaseLetter, portal_url: str, *, actor: str) -> tuple[str, bytes]:
    """A letter's printable page as a PDF, and its file name; the download is audited on the case."""
    body = plan_pdf.to_pdf(decisions.letter_content(letter, portal_url).html)
    with Session(engine) as db:
        audit.record(db, actor=actor, action="letter.downloaded", object_type=audit.CASE, object_id=letter.case_id,
                     letter_id=letter.id)
        db.commit()
    return f"letter-{letter.id}.pdf", body
