"""A case's plan as the caseworker composes it: started from the structured advice, changed one edit at a time,
each change a new version (``plan_version``: nothing is overwritten; who changed what is on every version).

A change is checked against the revision the page showed: if someone else saved first, it is refused and nothing
is lost (the page reloads the newer version). Section K is never typed: it is the list of advice received on the
case, filled in whenever a version is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from ehcna_portal.forms import answers as form_answers
from ehcna_portal.forms import ehc_plan, registry
from ehcna_portal.models import (
    AdviceRequest,
    AdviceStatus,
    AdviceType,
    Application,
    ApplicationStatus,
    EhcCase,
    PlanReview,
    PlanVersion,
    ReviewStatus,
    School,
)
from ehcna_portal.services import audit, plan_quality
from ehcna_portal.services.plan_edits import NEXT, Edit, EditRefused, apply, new_item_id

# Where each area of the professional advice form goes in the plan: (area of need, needs section, provision section).
AREA_SECTIONS = {
    "ci": ("ci", "B", "F"), "cl": ("cl", "B", "F"), "semh": ("semh", "B", "F"), "sp": ("sp", "B", "F"),
    "medical": ("health", "C", "G"), "care": ("care", "D", "H2"),
}
# The family's own advice (reg 6(1)(a)): section A starts from what they said about their child and their hopes.
FAMILY_ADVICE = next(form.key for form in registry.FORMS if form.gives_advice == AdviceType.FAMILY)
# While a plan may be composed: from the decision to issue one until the final plan (amendments: the reviews stage).
EDITABLE = ("issue_agreed", "draft_plan_issued", "consulting_settings")
NOT_EDITABLE = "This plan cannot be changed now: a plan is written after the decision to issue one and before the " \
    "final plan, and amended during a review"
CONFLICT = "Someone else changed this plan a moment ago. The page now shows their changes: make yours again"


class PlanConflict(EditRefused):
    def __init__(self) -> None:
        super().__init__({"plan-title": CONFLICT})


def latest(db: Session, case_id: int) -> PlanVersion | None:
    return db.exec(select(PlanVersion).where(PlanVersion.case_id == case_id)
                   .order_by(col(PlanVersion.revision).desc())).first()


def received_advice(db: Session, case_id: int) -> list[AdviceRequest]:
    return list(db.exec(select(AdviceRequest).where(AdviceRequest.case_id == case_id,
                                                    col(AdviceRequest.review_id).is_(None),
                                                    col(AdviceRequest.status).in_((AdviceStatus.RECEIVED,
                                                                                   AdviceStatus.EXISTING)))
                        .order_by(col(AdviceRequest.id))).all())


def advice_list(requests: list[AdviceRequest]) -> list[dict]:
    """Section K: the advice and information gathered, listed as the plan's appendices."""
    listed = []
    for request in requests:
        about = form_answers.flatten(request.answers or {}, {})
        listed.append({"source": request.id, "advice_type": request.advice_type,
                       "from": str(about.get("adviser_name") or request.recipient_name),
                       "role": str(about.get("adviser_role") or ""), "organisation": request.organisation,
                       "received_on": (request.received_on or request.settled_on).isoformat()
                       if (request.received_on or request.settled_on) else ""})
    return listed


def _family_views(db: Session, case_id: int) -> str:
    sent = db.exec(select(Application).where(Application.case_id == case_id,
                                             Application.form_key == FAMILY_ADVICE,
                                             Application.status == ApplicationStatus.SUBMITTED)).first()
    if sent is None:
        return ""
    answers = form_answers.flatten(sent.answers, {})
    parts = (answers.get("advice_about_now"), answers.get("advice_hopes"))
    return "\n\n".join(str(part).strip() for part in parts if part and str(part).strip())


def from_advice(requests: list[AdviceRequest], family_views: str = "") -> dict:
    """A first version built from the structured advice: each area's needs, outcomes and provision become
    items naming the advice they came from, the provision meeting that need and outcome."""
    content = ehc_plan.empty_content()
    content["A"]["text"] = family_views
    for request in requests:
        answers = form_answers.flatten(request.answers or {}, {})
        for prefix, (area, needs_key, provision_key) in AREA_SECTIONS.items():
            need_text = str(answers.get(f"{prefix}_needs") or "").strip()
            outcome_text = str(answers.get(f"{prefix}_outcomes") or "").strip()
            parts = {part: str(answers.get(f"{prefix}_provision_{part}") or "").strip()
                     for part in ehc_plan.PROVISION_PARTS}
            need_id = outcome_id = ""
            if need_text:
                need_id, content[NEXT] = new_item_id(content, needs_key)
                content[needs_key]["items"].append({"id": need_id, "area": area, "text": need_text,
                                                    "source": request.id})
            if outcome_text:
                outcome_id, content[NEXT] = new_item_id(content, "E")
                content["E"]["items"].append({"id": outcome_id, "text": outcome_text, "steps": "",
                                              "source": request.id})
            if any(parts.values()):
                item_id, content[NEXT] = new_item_id(content, provision_key)
                content[provision_key]["items"].append({
                    "id": item_id, **parts, "needs": [need_id] if need_id else [],
                    "outcomes": [outcome_id] if outcome_id else [], "source": request.id})
    content["K"]["items"] = advice_list(requests)
    return content


def _editable(db: Session, case_id: int) -> None:
    """Refused unless the plan is being written, or a review of the plan in force is open (its amendments)."""
    case = db.get(EhcCase, case_id)
    if case is not None and case.case_status in EDITABLE:
        return
    reviewing = db.exec(select(PlanReview.id).where(PlanReview.case_id == case_id,
                                                    PlanReview.status == ReviewStatus.ARRANGED)).first()
    if case is None or case.case_status != "final_plan_issued" or reviewing is None:
        raise EditRefused({"plan-title": NOT_EDITABLE})


def _append(db: Session, case_id: int, base: PlanVersion | None, content: dict, overrides: list, change: str,
            staff_id: int, now: datetime) -> PlanVersion:
    """A new version after ``base`` (in the caller's transaction); PlanConflict if ``base`` is no longer the
    latest (the unique revision makes two saves from the same page state exclusive), the caller's transaction
    then rolled back."""
    content["K"] = {"items": advice_list(received_advice(db, case_id))}
    version = PlanVersion(case_id=case_id, revision=(base.revision if base else 0) + 1,
                          based_on=base.revision if base else None, content=content, overrides=overrides,
                          changes=[change], created_by=staff_id, created_at=now)
    db.add(version)
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise PlanConflict() from None
    return version


def start(engine: Engine, case_id: int, *, staff_id: int, now: datetime) -> PlanVersion:
    """The case's plan: its latest version, or a first one built from the advice received."""
    with Session(engine, expire_on_commit=False) as db:
        found = latest(db, case_id)
        if found is not None:
            return found
        _editable(db, case_id)
        try:
            version = _append(db, case_id, None, from_advice(received_advice(db, case_id), _family_views(db, case_id)),
                              [], "Started from the advice received", staff_id, now)
        except PlanConflict:
            return latest(db, case_id)  # type: ignore[return-value]  # started by someone else a moment ago
        audit.record(db, actor=f"staff:{staff_id}", action="plan.started", object_type=audit.CASE,
                     object_id=case_id, revision=version.revision)
        db.commit()
        return version


@dataclass(frozen=True)
class Saved:
    version: PlanVersion
    change: str  # "F: added F3", "A: changed"

    @property
    def anchor(self) -> str:
        """The id of what changed on the Plan section ("plan-F3", "plan-A"), to return to it."""
        section, _, what = self.change.partition(": ")
        last = what.rsplit(" ", 1)[-1]
        return f"plan-{last}" if last[:1].isalpha() and last[1:].isdigit() else f"plan-{section}"


def edit(engine: Engine, case_id: int, expected_revision: int, change: Edit, *, staff_id: int,
         now: datetime) -> Saved:
    """Make one change as a new version; EditRefused with the problems, or PlanConflict. Changing a provision
    item drops the overrides given for it: a reason accepted the wording it was given for, not the next one."""
    with Session(engine, expire_on_commit=False) as db:
        _editable(db, case_id)
        base = latest(db, case_id)
        if base is None or base.revision != expected_revision:
            raise PlanConflict()
        sources = {request.id for request in received_advice(db, case_id) if request.id}
        urn = str(change.values.get("school_urn") or "")
        schools = {school.urn: school.name for school in db.exec(select(School).where(School.urn == urn)).all()}
        content, line = apply(base.content, change, sources=sources, schools=schools)
        kept = [entry for entry in base.overrides if entry.get("item") != change.item]
        version = _append(db, case_id, base, content, kept, line, staff_id, now)
        audit.record(db, actor=f"staff:{staff_id}", action="plan.changed", object_type=audit.CASE, object_id=case_id,
                     revision=version.revision, change=line)
        db.commit()
        return Saved(version, line)


def override(engine: Engine, case_id: int, expected_revision: int, item: str, term: str, reason: str, *,
             staff_id: int, now: datetime) -> Saved:
    """Accept a vague term in one provision item, for a reason (kept on the version and audited)."""
    reason = reason.strip()
    if not reason:
        raise EditRefused({"reason": "Enter why this wording is specific enough"})
    if len(reason) > 500:
        raise EditRefused({"reason": "The reason must be 500 characters or fewer"})
    with Session(engine, expire_on_commit=False) as db:
        _editable(db, case_id)
        base = latest(db, case_id)
        if base is None or base.revision != expected_revision:
            raise PlanConflict()
        flagged = {flag.term for flag in plan_quality.check(base.content, plan_quality.terms(db), []).flags
                   if flag.overridable and flag.item == item}
        if term not in flagged:  # only a term the check flags in that item now
            raise EditRefused({"reason": "That wording is no longer flagged in this item"})
        overrides = [entry for entry in base.overrides if (entry.get("item"), entry.get("term")) != (item, term)]
        overrides.append({"item": item, "term": term, "reason": reason, "by": staff_id, "at": now.isoformat()})
        line = f"F: accepted “{term}” in {item}"
        version = _append(db, case_id, base, dict(base.content), overrides, line, staff_id, now)
        audit.record(db, actor=f"staff:{staff_id}", action="plan.flag_overridden", object_type=audit.CASE,
                     object_id=case_id, revision=version.revision, item=item, term=term, reason=reason)
        db.commit()
        return Saved(version, line)


def latest_revision(engine: Engine, case_id: int) -> int:
    """The revision the plan is at (0 before it is started)."""
    with Session(engine) as db:
        found = latest(db, case_id)
        return found.revision if found else 0


def history(engine: Engine, case_id: int) -> list[PlanVersion]:
    """Every version of the case's plan, newest first."""
    with Session(engine) as db:
        return list(db.exec(select(PlanVersion).where(PlanVersion.case_id == case_id)
                            .order_by(col(PlanVersion.revision).desc())).all())


def version(engine: Engine, version_id: int) -> PlanVersion | None:
    with Session(engine) as db:
        return db.get(PlanVersion, version_id)
