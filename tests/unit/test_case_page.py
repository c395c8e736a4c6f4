"""The caseworker's case page as the service works it out (services/case_page.py): one call, plain data."""

from __future__ import annotations

from datetime import timedelta

from ehcna_portal import routes
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import applications, case_page, staff_cases
from ehcna_portal.services.dates import uk_date
from tests.support.factories import (
    add_child,
    add_document,
    case_of,
    make_parent,
    make_staff,
    parent_id_of,
    sent_request,
    start_request,
)


def test_a_sent_request_shows_its_clock_family_answers_documents_and_history(engine, settings):
    _email, _parent_id, application_id, reference = sent_request(engine, settings, "Juniper")
    staff_id, _ = make_staff(engine, settings, name="Casey Worker")
    received = applications.get(engine, _parent_id, application_id).received_on
    case_id = case_of(engine, application_id)
    page = case_page.case_page(engine, case_id, staff_id, received)
    assert page is not None and page.reference == reference and page.child_name == "Juniper Staffcase"
    assert page.status == "submitted" and page.status_label == "Received" and not page.overdue
    assert page.decision_due and page.assigned_to == "Unassigned"
    assert {"label": "Family’s language", "value": "English"} in page.parent_rows
    assert [step.number for step in page.steps][:2] == [1, 2]
    [document] = page.documents
    assert document["name"] == "school-report.pdf" and document["href"].startswith("/api/documents/")
    assert [entry["title"] for entry in page.history][:2] == ["Case opened", "Request submitted"]
    assert "Decided to assess" not in [option["label"] for option in page.next_statuses]  # a decision, not a status
    assert page.clock == "Week 1 of 20" and not page.clock_late
    assert page.next_deadline.startswith("Next: decision whether to assess (6 weeks, reg 5), due ")
    assert page.next_deadline.endswith("owed by the council")
    late = case_page.case_page(engine, case_id, staff_id, received + timedelta(weeks=7))
    assert late is not None and late.overdue and late.clock == "Week 8 of 20" and late.clock_late


def test_an_unsent_draft_has_no_case_page(engine, settings):
    parent_id = parent_id_of(engine, make_parent(engine, settings))
    draft = start_request(engine, parent_id, add_child(engine, parent_id, "Tansy"))
    staff_id, _ = make_staff(engine, settings)
    assert case_page.case_page(engine, draft, staff_id, uk_date(utcnow())) is None  # no case has the draft's id


def test_the_statutory_clock_counts_weeks_from_the_day_received_and_names_the_next_deadline():
    """Worked dates (SEND Regulations 2014): received Monday 5 January 2026. Week 1 is that day and the six after
    it; the decision whether to assess is due 16 February (reg 5(1): 6 weeks); while assessing, a decision not to
    issue a plan by 27 April (reg 10(1): 16 weeks); the final plan by 25 May (reg 13(2): 20 weeks)."""
    from datetime import date

    from ehcna_portal.services.case_status import clock

    received = date(2026, 1, 5)
    assert clock("submitted", received, received).week == 1
    assert clock("submitted", received, date(2026, 1, 11)).week == 1
    assert clock("submitted", received, date(2026, 1, 12)).week == 2
    first = clock("acknowledged", received, date(2026, 1, 20))
    assert (first.week, first.due, first.due_on, first.owed_by) == (3, "decision_to_assess", date(2026, 2, 16),
                                                                   "council")
    assessing = clock("assessment_in_progress", received, date(2026, 3, 2))
    assert (assessing.week, assessing.due, assessing.due_on) == (9, "decision_to_issue", date(2026, 4, 27))
    planning = clock("draft_plan_issued", received, date(2026, 5, 20))
    assert (planning.week, planning.due, planning.due_on, planning.weeks_total) == (20, "final_plan",
                                                                                    date(2026, 5, 25), 20)
    assert clock("consulting_settings", received, date(2026, 6, 1)).week == 22  # past the 20 weeks, still counted
    for ended in ("assess_refused", "not_to_issue", "withdrawn", "final_plan_issued"):
        assert clock(ended, received, date(2026, 3, 2)) is None


def test_the_familys_advice_its_documents_and_its_events_are_on_the_case_and_downloadable_by_staff(engine, settings):
    _email, parent_id, request_id, _reference = sent_request(engine, settings, "Rowan")
    case_id = case_of(engine, request_id)
    staff_cases.change_status(engine, case_id, "assess_agreed", actor="staff:1", on=uk_date(utcnow()))
    child_id = applications.get(engine, parent_id, request_id).child_id
    advice_id, _page = applications.start(engine, parent_id, child_id, "parent_advice")
    diary = add_document(engine, settings, parent_id, advice_id, "diary.pdf", described=False)
    applications.save_document_details(engine, parent_id, diary, {"description": "A week at home"})
    staff_id, _ = make_staff(engine, settings)
    assert staff_cases.staff_document(engine, diary, staff_id) is None  # not sent yet: not the council's
    assert applications.submit(engine, settings, parent_id, advice_id, given={}, now=utcnow()).submitted_now

    page = case_page.case_page(engine, case_id, staff_id, uk_date(utcnow()))
    sent = next(row for row in page.documents if row["name"] == "diary.pdf")
    assert sent["type"] == "A week at home" and sent["href"] == routes.document(diary)
    assert sent["when"] == "(sent with “Your advice and information for the assessment”)"
    assert staff_cases.staff_document(engine, diary, staff_id).id == diary
    downloads = [entry for entry in staff_cases.history(engine, case_id) if entry.action == "document.downloaded"]
    assert [entry.detail["document_id"] for entry in downloads] == [diary]  # on the case's history
    history = case_page.case_page(engine, case_id, staff_id, uk_date(utcnow())).history
    advice = "“Your advice and information for the assessment”"
    assert {"title": "Form sent", "detail": advice} in [{key: entry[key] for key in ("title", "detail")}
                                                          for entry in history]
    assert {"title": "Document uploaded", "detail": advice} in [{key: entry[key] for key in ("title", "detail")}
                                                                 for entry in history]


def test_the_access_log_names_the_case_also_for_access_recorded_against_its_request_before_cases(engine, settings):
    from sqlmodel import Session

    from ehcna_portal.models import AuditEvent

    _email, _parent_id, request_id, reference = sent_request(engine, settings, "Linden")
    case_id = case_of(engine, request_id)
    staff_id, _ = make_staff(engine, settings, name="Morgan Manager")
    with Session(engine) as db:  # as a case opening was audited before migration 0020
        db.add(AuditEvent(actor=f"staff:{staff_id}", action="case.viewed", object_type="application",
                          object_id=str(request_id), detail={}))
        db.commit()
    assert case_page.case_page(engine, case_id, staff_id, uk_date(utcnow())) is not None
    [now, before] = staff_cases.access_log(engine)
    assert (now.case_id, now.reference, now.actor, now.action) == (case_id, reference, "Morgan Manager",
                                                                   "case.viewed")
    assert (before.case_id, before.reference) == (case_id, reference)
