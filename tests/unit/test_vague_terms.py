"""The vague-terms list is data admins keep: it starts with the issue's list (migration 0024), a term added is
flagged by the quality check, a term switched off is not, bad input is refused by field, every change audited."""

from __future__ import annotations

from sqlmodel import Session, select

from ehcna_portal.models import AuditEvent
from ehcna_portal.services import plan_quality, vague_terms
from tests.support.factories import make_staff

STARTING = ["access to", "as appropriate", "as required", "may", "opportunities to", "regular", "regularly",
            "should", "small group", "support with", "up to"]


def test_the_list_starts_as_the_issue_gives_it(engine):
    listed = vague_terms.listed(engine)
    assert [term.phrase for term in listed] == STARTING and all(term.active for term in listed)
    assert [term.phrase for term in listed if term.unless_number] == ["small group"]


def test_a_term_added_is_flagged_and_a_term_switched_off_is_not(engine, settings):
    staff_id, _ = make_staff(engine, settings, "admin")
    text = "Sessions termly, support with spelling"
    assert plan_quality.vague_terms_in(text, plan_quality.active_terms(engine)) == ["support with"]
    assert vague_terms.add(engine, "  Termly ", False, staff_id=staff_id) == {}
    support = next(term for term in vague_terms.listed(engine) if term.phrase == "support with")
    vague_terms.switch(engine, support.id, staff_id=staff_id)
    assert plan_quality.vague_terms_in(text, plan_quality.active_terms(engine)) == ["termly"]
    with Session(engine) as db:
        actions = [event.action for event in db.exec(select(AuditEvent)).all()]
    assert actions.count("vague_term.added") == 1 and actions.count("vague_term.switched") == 1


def test_bad_terms_are_refused_by_field(engine, settings):
    staff_id, _ = make_staff(engine, settings, "admin")
    assert vague_terms.add(engine, "  ", False, staff_id=staff_id) == {"phrase": "staff.vague.error.empty"}
    assert vague_terms.add(engine, "x" * 61, False, staff_id=staff_id) == {"phrase": "staff.vague.error.format"}
    assert vague_terms.add(engine, "(.*)", False, staff_id=staff_id) == {"phrase": "staff.vague.error.format"}
    assert vague_terms.add(engine, "Up To", False, staff_id=staff_id) == {"phrase": "staff.vague.error.listed"}
