"""The forms a child's stage tab offers the family ("Select the form you wish to complete"), where each one
stands, and whether one may be started.

The request form is the Request tab's own list (seed 1.2.3) and may always be started; a stage's other forms
are offered while the child's case is at that stage — the family's own advice once the council has decided to
assess (SEND Regulations 2014 reg 6(1)(a)). A form already started or sent stays listed whatever the stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.forms import registry
from ehcna_portal.forms.schema import FormDefinition, Stage
from ehcna_portal.models import Application, ApplicationStatus, CaseStage, Child, EhcCase
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
        stage_now = stage_of(cases.latest(db, parent_id, child_id))
    listed = []
    for form in forms:
        copies = sorted((row for row in rows if row.form_key == form.key),
                        key=lambda row: row.status != ApplicationStatus.DRAFT)
        if copies:
            row = copies[0]
            listed.append(TabForm(form.key, row.status, row.id or 0, row.last_page, row.updated_at,
                                  row.submitted_at))
        elif form.stage == stage_now:
            listed.append(TabForm(form.key, NOT_STARTED))
    return listed
