"""The plan as a PDF (WeasyPrint, tagged PDF/UA-1): its text, read back with pypdf, holds every provision item and
the school named; a Welsh family's PDF is in Welsh; a parent reads only their own child's plan."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime

from pypdf import PdfReader
from sqlmodel import Session

from ehcna_portal.models import EhcCase
from ehcna_portal.services import consultations, personal_data, plan_documents, plan_issue, plans
from ehcna_portal.services.plan_edits import Edit
from tests.support.plans import ISSUED_AT, drafted_case


def _text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_final_plan_pdf_holds_the_provision_items_and_the_named_school(engine, settings):
    case_id, staff_id = drafted_case(engine, settings)
    plans.edit(engine, case_id, 2, Edit("placement", "I", values={"school_urn": "103456", "type": "Academy"}),
               staff_id=staff_id, now=ISSUED_AT)
    final = plan_issue.issue_final(engine, settings, case_id, 3, staff_id=staff_id, today=date(2026, 12, 23),
                                   now=datetime(2026, 12, 23, 9, tzinfo=ISSUED_AT.tzinfo))
    with Session(engine) as db:
        parent_id = db.get(EhcCase, case_id).parent_id
    found = plan_documents.issued(engine, final.id, "en", parent_id=parent_id)
    name, body = plan_documents.pdf(engine, found, "en", actor=f"parent:{parent_id}")
    text = _text(body)
    assert body.startswith(b"%PDF-") and name.endswith("-final-plan.pdf")
    for expected in ("Precision teaching of reading, one to one", "Speech and language therapy, one to one",
                     "30 minutes every week", "Meets needs B2", "Whitley Academy, Academy",
                     "From the advice of Sam Rivers, Speech and language therapist",
                     "F. Special educational provision"):
        assert expected in text, expected
    reader = PdfReader(io.BytesIO(body))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged
    assert reader.trailer["/Root"].get("/Lang") == "en"


def test_a_draft_pdf_leaves_section_i_blank_and_reads_in_welsh(engine, settings):
    case_id, _staff = drafted_case(engine, settings)
    [draft] = plan_issue_drafts(engine, case_id)
    found = plan_documents.issued(engine, draft, "cy")
    text = _text(plan_documents.pdf(engine, found, "cy", actor="staff:1")[1])
    assert "Cynllun Addysg, Iechyd a Gofal: drafft 1" in text and "Darpariaeth addysgol arbennig" in text
    assert "Wedi'i adael yn wag mewn cynllun drafft" in text


def test_a_parent_reads_only_their_own_childs_plans(engine, settings):
    case_id, _staff = drafted_case(engine, settings)
    [draft] = plan_issue_drafts(engine, case_id)
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
    assert plan_documents.issued(engine, draft, "en", parent_id=case.parent_id) is not None
    assert plan_documents.issued(engine, draft, "en", parent_id=case.parent_id + 1000) is None
    assert [plan.kind for plan in plan_documents.issued_for_family(engine, case.parent_id, case.child_id, "en")] \
        == ["draft"]
    assert plan_documents.issued_for_family(engine, case.parent_id + 1000, case.child_id, "en") == []


def plan_issue_drafts(engine, case_id: int) -> list[int]:
    with Session(engine) as db:
        return [draft.id for draft in plan_issue.drafts(db, case_id)]


def test_a_familys_copy_of_their_data_holds_the_plans_issued_and_the_schools_consulted(engine, settings):
    """The plans and the schools' answers are the family's personal data too (UK GDPR art. 15)."""
    case_id, staff_id = drafted_case(engine, settings)
    consultations.consult(engine, settings, case_id, "103456", "senco@whitley.example.org", staff_id=staff_id,
                          now=ISSUED_AT)
    with Session(engine) as db:
        parent_id = db.get(EhcCase, case_id).parent_id
    export = personal_data.export(engine, settings, parent_id)
    with zipfile.ZipFile(io.BytesIO(b"".join(export.chunks()))) as bundle:
        data = json.loads(bundle.read("data.json"))
    [case] = data["cases"]
    [draft] = case["plans_issued"]
    assert (draft["kind"], draft["respond_by"]) == ("draft", "2026-12-22")
    assert draft["content"]["F"]["items"][0]["what"] == "Precision teaching of reading, one to one"
    assert [(row["school"], row["answer"]) for row in case["schools_consulted"]] == [("Whitley Academy", "sent")]
