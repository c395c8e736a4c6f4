"""The forms a child's stage tab offers the family ("Select the form you wish to complete"), where each one
stands, and whether one may be started.

The request form is the Request tab's own list (seed 1.2.3) and may always be started; a stage's other forms
are offered while the child's case is at that stage — the family's own advice once the council has decided to
assess (SEND Regulations 2014 reg 6(1)(a)). A form already started or sent stays listed whatever the stage.

The EHCP Reviews tab's forms come round again: the views forms once per review (a copy sent before the last
review's decision belongs to that review), "Respond to the proposed amendments" once per set of amendments and
only while amendments are proposed (reg 22(2)).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.forms import registry
from ehcna_portal.forms.draft_plan_response import AMENDMENT_FORM_KEY
from ehcna_portal.forms.schema import FormDefinition, Stage
from ehcna_portal.models import (
    Application,
    ApplicationStatus,
    CaseStage,
    Child,
    EhcCase,
    PlanIssue,
    PlanReview,
    ReviewStatus,
)
from ehcna_portal.services import cases

FAMILY_ROLE = "parent"  # a family account fills in the family's forms, whoever in the family holds it
NOT_STARTED = "not_started"


@dataclass(frozen=True)
class TabForm:
    """One row of a tab's form list: a form and the family's copy of it, if they have one."""

    key: str
    status: str  # not_started, draft, submitted
    application_id: int = 0
    last_page: str = ""
    updated_at: datetime | None = None
    submitted_at: datetime | None = None


def stage_of(case: EhcCase | None) -> str:
    """The stage of the child's latest case ("request" while no request has been sent)."""
    return case.stage if case is not None else CaseStage.REQUEST


def may_start(form: FormDefinition, case: EhcCase | None) -> bool:
    """Whether the family may start ``form`` while the child's latest case is ``case`` (the request: always)."""
    if FAMILY_ROLE not in form.filled_by:
        return False
    return form.key == registry.REQUEST_FORM or form.stage == stage_of(case)


@dataclass(frozen=True)
class Round:
    """Where a repeating form stands on a case: offered now, and since when a sent copy counts as this round's."""

    offered: bool
    since: datetime | None = None  # None: any sent copy counts (a form sent once per case)


def round_of(db: Session, form: FormDefinition, case: EhcCase | None) -> Round:
    if not may_start(form, case):
        return Round(False)
    if form.stage != CaseStage.REVIEWS or case is None:
        return Round(True)
    if form.key == AMENDMENT_FORM_KEY:
        proposed = db.exec(select(PlanIssue.issued_at).join(PlanReview, col(PlanReview.amendment_issue_id) ==
                                                            PlanIssue.id)
                           .where(PlanReview.case_id == case.id,
                                  PlanReview.status == ReviewStatus.AMENDMENTS_PROPOSED)).first()
        return Round(proposed is not None, proposed)
    decided = db.exec(select(PlanReview.updated_at).where(PlanReview.case_id == case.id, PlanReview.decision != "")
                      .order_by(col(PlanReview.updated_at).desc())).first()
    return Round(True, decided)


def counts(row: Application, since: datetime | None) -> bool:
    """A draft always counts; a sent copy counts unless it belongs to an earlier round."""
    return row.status == ApplicationStatus.DRAFT or since is None or (row.submitted_at or since) >= since


def on_tab(engine: Engine, parent_id: int, child_id: int, stage: Stage) -> list[TabForm]:
    """The tab's forms besides the request, in the registry's order: each with the family's newest copy (a
    draft first), or "not started" where it may be started now. Nothing for another family's child."""
    forms = [form for form in registry.for_stage(stage, FAMILY_ROLE) if form.key != registry.REQUEST_FORM]
    if not forms:
        return []
    with Session(engine) as db:
        if db.exec(select(Child.id).where(Child.id == child_id, Child.parent_id == parent_id)).first() is None:
            return []
        rows = db.exec(select(Application)
                       .where(Application.child_id == child_id, Application.parent_id == parent_id,
                              col(Application.form_key).in_([form.key for form in forms]))
                       .order_by(col(Application.id).desc())).all()
        case = cases.latest(db, parent_id, child_id)
        rounds = {form.key: round_of(db, form, case) for form in forms}
    listed = []
    for form in forms:
        copies = sorted((row for row in rows if row.form_key == form.key and counts(row, rounds[form.key].since)),
                        key=lambda row: row.status != ApplicationStatus.DRAFT)
        if copies:
            row = copies[0]
            listed.append(TabForm(form.key, row.status, row.id or 0, row.last_page, row.updated_at,
                                  row.submitted_at))
        elif rounds[form.key].offered:
            listed.append(TabForm(form.key, NOT_STARTED))
    return listed
