"""The caseworker's case page as the service works it out (services/case_page.py): one call, plain data."""

from __future__ import annotations

from datetime import timedelta

from ehcna_portal.models.base import utcnow
from ehcna_portal.services import applications, case_page
from ehcna_portal.services.dates import uk_date
from tests.support.factories import add_child, make_parent, make_staff, parent_id_of, sent_request, start_request


def test_a_sent_request_shows_its_clock_family_answers_documents_and_history(engine, settings):
    _email, _parent_id, application_id, reference = sent_request(engine, settings, "Juniper")
    staff_id, _ = make_staff(engine, settings, name="Casey Worker")
    received = applications.get(engine, _parent_id, application_id).received_on
    page = case_page.case_page(engine, application_id, staff_id, received)
    assert page is not None and page.reference == reference and page.child_name == "Juniper Staffcase"
    assert page.status == "submitted" and page.status_label == "Received" and not page.overdue
    assert page.decision_due and page.assigned_to == "Unassigned"
    assert {"label": "Family’s language", "value": "English"} in page.parent_rows
    assert [step.number for step in page.steps][:2] == [1, 2]
    [document] = page.documents
    assert document["name"] == "school-report.pdf" and document["href"].startswith("/api/documents/")
    assert [entry["title"] for entry in page.history][:2] == ["Case opened", "Request submitted"]
    assert "Decided to assess" not in [option["label"] for option in page.next_statuses]  # a decision, not a status
    late = case_page.case_page(engine, application_id, staff_id, received + timedelta(weeks=7))
    assert late is not None and late.overdue


def test_an_unsent_draft_has_no_case_page(engine, settings):
    parent_id = parent_id_of(engine, make_parent(engine, settings))
    draft = start_request(engine, parent_id, add_child(engine, parent_id, "Tansy"))
    staff_id, _ = make_staff(engine, settings)
    assert case_page.case_page(engine, draft, staff_id, uk_date(utcnow())) is None
