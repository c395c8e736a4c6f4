"""What staff do to a case besides changing its status: assign it, record an exception."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import update
from sqlmodel import Session, col, select

from ehcna_portal.models import EhcCase, StaffAccount
from ehcna_portal.services import audit
from ehcna_portal.services.timescales import EXCEPTIONS


class CaseworkRefused(ValueError):
    """Why the change cannot be made, in a sentence for the caseworker."""


def assign(db: Session, case_ids: Iterable[int], officer_id: int | None, *, actor: str) -> int:
    """Give cases to an officer (None: back to Unassigned), in the caller's transaction; how many changed."""
    ids = sorted(set(case_ids))
    if officer_id is not None:
        officer = db.get(StaffAccount, officer_id)
        if officer is None or not officer.is_active:
            raise CaseworkRefused("Choose an officer who has an active account")
    found = db.exec(select(EhcCase.id, EhcCase.assigned_to_id).where(col(EhcCase.id).in_(ids))).all()
    changed = 0
    for case_id, current in found:
        if current == officer_id:
            continue
        db.execute(update(EhcCase).where(col(EhcCase.id) == case_id).values(assigned_to_id=officer_id))
        audit.record(db, actor=actor, action="case.assigned", object_type=audit.CASE, object_id=case_id,
                     old=current, new=officer_id)
        changed += 1
    return changed


def record_exception(db: Session, case_id: int, reason: str, starts: date, ends: date | None, *,
                     actor: str) -> None:
    """Record that a reg 10(4) exception applies, with its dates (the statutory dates do not move)."""
    if reason not in EXCEPTIONS:
        raise CaseworkRefused("Select which exception in regulation 10(4) applies")
    if ends is not None and ends < starts:
        raise CaseworkRefused("The date the exception ended must be the same as or after the date it started")
    result = db.execute(update(EhcCase).where(col(EhcCase.id) == case_id)
                        .values(exception_reason=reason, exception_from=starts, exception_to=ends))
    if result.rowcount != 1:
        raise CaseworkRefused("That request cannot be found")
    audit.record(db, actor=actor, action="case.exception_recorded", object_type=audit.CASE, object_id=case_id,
                 reason=reason, starts=starts.isoformat(), ends=ends.isoformat() if ends else None)
