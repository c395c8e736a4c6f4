"""Retention: a case is deleted with everything of it — forms, documents and their files, letters, advice, plans,
consultations, reviews — once EHCNA_RETENTION_YEARS have passed since the young person's 25th birthday, and not a
day before; an audit record without personal data is left, and the case's earlier events lose their details."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from ehcna_portal.models import (
    Application,
    ApplicationDocument,
    AuditEvent,
    CaseLetter,
    Child,
    EhcCase,
    PlanIssue,
    PlanVersion,
    SchoolConsultation,
)
from ehcna_portal.services import case_retention, consultations, file_stores
from tests.support.plans import ISSUED_AT, drafted_case


def _born(engine, case_id: int, born: date) -> None:
    with Session(engine) as db:
        child = db.get(Child, db.get(EhcCase, case_id).child_id)
        child.date_of_birth = born
        db.add(child)
        db.commit()


def test_a_case_is_kept_until_its_retention_ends_then_deleted_with_everything_of_it(engine, settings):
    case_id, staff_id = drafted_case(engine, settings)
    consultations.consult(engine, settings, case_id, "103456", "senco@whitley.example.org", staff_id=staff_id,
                          now=ISSUED_AT)
    _born(engine, case_id, date(1996, 3, 4))  # 25 on 4 March 2021; retention 6 years: kept until 4 March 2027
    with Session(engine) as db:
        request_id = db.exec(select(Application.id).where(Application.case_id == case_id)).first()
        db.add(ApplicationDocument(application_id=request_id, parent_id=db.get(EhcCase, case_id).parent_id,
                                   original_name="report.pdf", stored_name="a1b2c3d4e5f6a7b8", file_type="pdf",
                                   size_bytes=5, sha256="0" * 64))
        db.commit()
    files = file_stores.for_settings(settings)
    files.directory.mkdir(parents=True, exist_ok=True)
    (files.directory / "a1b2c3d4e5f6a7b8").write_bytes(b"%PDF-")

    assert case_retention.delete_expired(engine, settings, date(2027, 3, 3)).deleted_cases == []  # a day early
    report = case_retention.delete_expired(engine, settings, date(2027, 3, 4))
    assert report.deleted_cases == [case_id] and report.files == 1
    assert not (files.directory / "a1b2c3d4e5f6a7b8").exists()
    with Session(engine) as db:
        for table in (EhcCase, Application, ApplicationDocument, CaseLetter, PlanIssue, PlanVersion,
                      SchoolConsultation, Child):
            assert db.exec(select(table)).all() == [], table.__name__
        events = db.exec(select(AuditEvent).where(AuditEvent.object_id == str(case_id),
                                                  AuditEvent.object_type == "ehc_case")).all()
    deleted = [event for event in events if event.action == "case.retention_deleted"]
    assert len(deleted) == 1 and deleted[0].detail["documents"] == 1
    assert all(event.detail == {} for event in events if event.action != "case.retention_deleted")
    assert case_retention.delete_expired(engine, settings, date(2027, 3, 5)).deleted_cases == []  # once


def test_a_younger_persons_case_is_left_alone(engine, settings):
    case_id, _staff = drafted_case(engine, settings)
    _born(engine, case_id, date(2002, 1, 1))  # kept until 1 January 2033
    assert case_retention.delete_expired(engine, settings, date(2030, 1, 1)).deleted_cases == []
    with Session(engine) as db:
        assert db.get(EhcCase, case_id) is not None
