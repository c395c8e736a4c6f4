"""EHCNA applications on real PostgreSQL: one draft per child, version-checked saves, submit exactly once,
documents, and unsent drafts reminded then deleted.

Each test gets its own empty database brought to the latest migration, so the
concurrency guarantees (a partial unique index, conditional UPDATEs) are the
real PostgreSQL ones.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.forms import consents as consents_text
from ehcna_portal.forms.ehcna import EHCNA
from ehcna_portal.models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    AuditEvent,
    OutboxMessage,
    ParentAccount,
)
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import applications, children, decisions, document_store, form_checks
from ehcna_portal.services.draft_expiry import expire_drafts
from ehcna_portal.settings import Settings
from tests.support.databases import postgres_portal
from tests.support.factories import AGREED, make_parent

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
STEP_1 = {"requester_role": "parent", "request_type": "new"}
STEP_2 = {"relationship_to_child": "father", "has_parental_responsibility": "yes"}
STEP_5 = {"currently_in_education": "school"}
DOCUMENT_DETAILS = {"document_type": "school_report", "document_from": "Sample Street Primary School",
                    "date_published": {"day": "1", "month": "9", "year": "2025"}, "description": ""}


@pytest.fixture
def db(tmp_path: Path) -> Iterator[tuple[Engine, Settings]]:
    with postgres_portal(tmp_path) as portal:
        yield portal


def make_family(engine: Engine, settings: Settings, forename: str = "Zebedee",
                surname: str = "Quixley", born: date = date(2017, 3, 12)) -> tuple[int, int]:
    """A confirmed parent with one child: (parent id, child id)."""
    email = make_parent(engine, settings)
    with Session(engine) as session:
        parent_id = session.exec(select(ParentAccount).where(ParentAccount.email == email)).one().id
    child_id, _ = children.add_child(engine, parent_id, {
        "forename": forename, "middle_name": "", "surname": surname, "gender_at_birth": "male",
        "date_of_birth": born, "school_urn": "", "school_name": "Sample Street Primary School",
        "school_status": "not_listed", "relationship": "Father", "parental_responsibility": True,
        "address_line_1": "1 Example Street", "address_line_2": "", "town": "Coventry", "postcode": "CV1 5RR",
        "uprn": ""})
    assert child_id is not None
    return parent_id, child_id


def draft_for(engine: Engine, settings: Settings) -> tuple[int, int]:
    """A family with a started draft: (parent id, application id)."""
    parent_id, child_id = make_family(engine, settings)
    started = applications.start(engine, parent_id, child_id)
    assert started is not None
    return parent_id, started[0]


def version_of(engine: Engine, parent_id: int, application_id: int) -> int:
    view = applications.get(engine, parent_id, application_id)
    assert view is not None
    return view.version


def save(engine: Engine, parent_id: int, application_id: int, step: int, values: dict[str, Any],
         *, complete: bool = True) -> applications.SaveOutcome:
    outcome = applications.save_step(engine, parent_id, application_id, version_of(engine, parent_id, application_id),
                                     step, values, complete=complete, last_page=f"step-{step + 1}")
    assert outcome.saved, outcome
    return outcome


@contextmanager
def count_statements(engine: Engine, into: list[str]) -> Iterator[None]:
    """Collect the SQL statements ``engine`` sends while the block runs."""
    def seen(_connection, _cursor, statement, *_args) -> None:
        into.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def fill_valid(engine: Engine, parent_id: int, application_id: int) -> None:
    for step, values in ((1, STEP_1), (2, STEP_2), (5, STEP_5)):
        save(engine, parent_id, application_id, step, values)


def submit(engine: Engine, settings: Settings, parent_id: int, application_id: int, *, now: datetime | None = None,
           **changed: str) -> applications.SubmitOutcome:
    """Submit with every consent given, less or more ``changed`` (``consent_share=""``: that box not ticked)."""
    return applications.submit(engine, settings, parent_id, application_id, given={**AGREED, **changed},
                               now=now or utcnow())


def upload(engine: Engine, settings: Settings, parent_id: int, application_id: int, name: str = "report.pdf",
           content: bytes = PDF) -> int:
    return applications.add_document(engine, settings, parent_id, application_id, name, io.BytesIO(content))


def outbox_rows(engine: Engine, template: str) -> list[OutboxMessage]:
    with Session(engine) as session:
        return list(session.exec(select(OutboxMessage).where(OutboxMessage.template == template)
                                 .order_by(col(OutboxMessage.id))).all())


def application_rows(engine: Engine, child_id: int | None = None) -> list[Application]:
    with Session(engine) as session:
        query = select(Application).order_by(col(Application.id))
        if child_id is not None:
            query = query.where(Application.child_id == child_id)
        return list(session.exec(query).all())


def set_times(engine: Engine, application_id: int, **values: datetime | None) -> None:
    """Move a draft's clock (``updated_at``, ``reminder_sent_at``) as if time had passed."""
    with Session(engine) as session:
        session.execute(update(Application).where(col(Application.id) == application_id).values(**values))
        session.commit()


def all_at_once(count: int, work: Callable[[], Any]) -> list[Any]:
    """Run ``work`` in ``count`` threads released together; return what each returned."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = work()
        except BaseException as error:  # reported below, in the test's own thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


# ---------------------------------------------------------------- starting

def test_starting_twice_opens_the_same_draft(db):
    engine, settings = db
    parent_id, child_id = make_family(engine, settings)
    first = applications.start(engine, parent_id, child_id)
    assert first is not None and first[1] == "step-1"
    assert applications.start(engine, parent_id, child_id) == first
    view = applications.get(engine, parent_id, first[0])
    assert view is not None and view.is_draft and view.version == 1
    assert (view.child_id, view.child_name, view.reference) == (child_id, "Zebedee Quixley", "")
    assert view.answers == {} and view.completed_steps == [] and view.documents == []
    assert len(application_rows(engine, child_id)) == 1
    with Session(engine) as session:
        started = session.exec(select(AuditEvent).where(AuditEvent.action == "application.started")).all()
    assert [event.object_id for event in started] == [str(first[0])]


def test_two_starts_at_once_make_one_draft(db):
    engine, settings = db
    parent_id, child_id = make_family(engine, settings)
    results = all_at_once(6, lambda: applications.start(engine, parent_id, child_id))
    assert len(set(results)) == 1 and results[0] is not None
    assert [row.id for row in application_rows(engine, child_id)] == [results[0][0]]


def test_each_child_has_its_own_draft(db):
    engine, settings = db
    parent_id, first_child = make_family(engine, settings)
    second_child, _ = children.add_child(engine, parent_id, {
        "forename": "Ada", "middle_name": "", "surname": "Quixley", "gender_at_birth": "female",
        "date_of_birth": date(2019, 5, 1), "school_urn": "", "school_name": "", "school_status": "not_in_school",
        "relationship": "Father", "parental_responsibility": True, "address_line_1": "1 Example Street",
        "address_line_2": "", "town": "Coventry", "postcode": "CV1 5RR", "uprn": ""})
    first = applications.start(engine, parent_id, first_child)
    second = applications.start(engine, parent_id, second_child)
    assert first and second and first[0] != second[0]


# ---------------------------------------------------------------- another family

def test_another_parent_finds_nothing_and_changes_nothing(db):
    engine, settings = db
    parent_id, child_id = make_family(engine, settings)
    application_id = applications.start(engine, parent_id, child_id)[0]
    fill_valid(engine, parent_id, application_id)
    document_id = upload(engine, settings, parent_id, application_id)
    before = applications.get(engine, parent_id, application_id)
    stranger, stranger_child = make_family(engine, settings, "Other", "Family")
    group = EHCNA.find("other_people")

    assert applications.get(engine, stranger, application_id) is None
    assert applications.start(engine, stranger, child_id) is None
    assert applications.save_step(engine, stranger, application_id, before.version, 1, {"request_type": "re_request"},
                                  complete=True, last_page="step-2") == applications.SaveOutcome(False, None)
    assert applications.save_item(engine, stranger, application_id, before.version, group, None,
                                  {"forename": "X", "surname": "Y"}).view is None
    assert applications.remove_item(engine, stranger, application_id, before.version, group, 0).view is None
    applications.record_page(engine, stranger, application_id, "step-7")
    assert applications.owned_document(engine, stranger, document_id) is None
    assert applications.save_document_details(engine, stranger, document_id, DOCUMENT_DETAILS) is False
    assert applications.remove_document(engine, settings, stranger, document_id) is False
    with pytest.raises(LookupError):
        upload(engine, settings, stranger, application_id)
    refused = submit(engine, settings, stranger, application_id)
    assert refused.view is None and not refused.submitted_now
    assert applications.for_child(engine, stranger, child_id) == []
    assert child_id not in applications.latest_by_child(engine, stranger)
    # The stranger's own child is not reachable through the first parent either.
    assert applications.start(engine, parent_id, stranger_child) is None

    after = applications.get(engine, parent_id, application_id)
    assert (after.version, after.answers, after.last_page, after.status) == \
           (before.version, before.answers, before.last_page, ApplicationStatus.DRAFT)
    assert [doc.details for doc in after.documents] == [{}]
    assert (settings.documents_dir / applications.owned_document(engine, parent_id, document_id).stored_name).exists()


# ---------------------------------------------------------------- saving

def test_a_save_from_a_stale_page_changes_nothing_and_returns_the_newer_answers(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    first = applications.save_step(engine, parent_id, application_id, 1, 1, STEP_1, complete=True, last_page="step-2")
    assert first.saved and not first.conflict and first.view.version == 2
    assert first.view.answers == {"step-1": STEP_1}
    assert first.view.facts(date(2026, 11, 29)) == {"child_age_band": "under_16"}  # usable after the session

    stale = applications.save_step(engine, parent_id, application_id, 1, 1,
                                   {"requester_role": "young_person", "request_type": "re_request"},
                                   complete=False, last_page="step-1")
    assert not stale.saved and stale.conflict
    assert stale.view.version == 2 and stale.view.answers == {"step-1": STEP_1}
    now = applications.get(engine, parent_id, application_id)
    assert (now.version, now.answers, now.completed_steps, now.last_page) == (2, {"step-1": STEP_1}, [1], "step-2")
    [row] = application_rows(engine)
    assert (row.requester_role, row.request_type) == ("parent", "new")


def test_a_save_from_the_view_just_read_writes_once_and_still_loses_a_race(db):
    """Save & Continue passes the view it has just read, so the save is one UPDATE with no second read;
    the version check in that UPDATE still decides who wins, and a stranger's id still finds nothing."""
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    shown = applications.get(engine, parent_id, application_id)
    statements: list[str] = []
    with count_statements(engine, statements):
        saved = applications.save_step(engine, parent_id, application_id, shown.version, 1, STEP_1, complete=True,
                                       last_page="step-2", shown=shown)
    assert saved.saved and saved.view.version == shown.version + 1 and saved.view.answers == {"step-1": STEP_1}
    assert [sql.split()[0] for sql in statements] == ["UPDATE"]
    assert applications.get(engine, parent_id, application_id).answers == {"step-1": STEP_1}

    # Another tab saved after this page was read: the page's view is stale, its UPDATE matches no row.
    shown = applications.get(engine, parent_id, application_id)
    save(engine, parent_id, application_id, 2, STEP_2)
    lost = applications.save_step(engine, parent_id, application_id, shown.version, 1, {"request_type": "re_request"},
                                  complete=True, last_page="step-2", shown=shown)
    assert not lost.saved and lost.conflict and lost.view.answers == {"step-1": STEP_1, "step-2": STEP_2}

    stranger, _ = make_family(engine, settings, "Other", "Family")
    shown = applications.get(engine, parent_id, application_id)
    refused = applications.save_step(engine, stranger, application_id, shown.version, 1, {"request_type": "re_request"},
                                     complete=True, last_page="step-2", shown=shown)
    assert refused == applications.SaveOutcome(False, None)
    assert applications.get(engine, parent_id, application_id).answers["step-1"] == STEP_1


def test_two_saves_of_the_same_version_at_once_keep_exactly_one(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    known_as = iter(f"Name {number}" for number in range(8))
    lock = threading.Lock()

    def save_one():
        with lock:
            values = {"known_as": next(known_as)}
        return applications.save_step(engine, parent_id, application_id, 1, 1, values, complete=False,
                                      last_page="step-1")

    outcomes = all_at_once(8, save_one)
    winners = [outcome for outcome in outcomes if outcome.saved]
    assert len(winners) == 1
    assert all(outcome.conflict for outcome in outcomes if not outcome.saved)
    now = applications.get(engine, parent_id, application_id)
    assert now.version == 2 and now.answers == winners[0].view.answers


def test_steps_are_merged_and_completed_steps_and_last_page_are_kept(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    save(engine, parent_id, application_id, 1, {"requester_role": "parent"}, complete=False)
    view = save(engine, parent_id, application_id, 1, {"request_type": "new"}).view
    assert view.answers == {"step-1": STEP_1}
    assert view.completed_steps == [1] and view.last_page == "step-2"
    view = save(engine, parent_id, application_id, 5, STEP_5).view
    assert view.completed_steps == [1, 5] and view.last_page == "step-6"
    view = save(engine, parent_id, application_id, 1, {"request_type": ""}, complete=False).view
    assert view.completed_steps == [5] and view.answers["step-1"] == {"requester_role": "parent", "request_type": ""}

    applications.record_page(engine, parent_id, application_id, "step-7")
    again = applications.get(engine, parent_id, application_id)
    assert again.last_page == "step-7" and again.version == view.version  # no version bump
    assert applications.start(engine, parent_id, view.child_id) == (application_id, "step-7")

    statuses = form_checks.step_statuses(EHCNA, again, date.today())
    assert statuses[5] == "completed" and statuses[1] == "in_progress" and statuses[3] == "not_started"


def test_group_items_are_added_replaced_and_removed_with_the_version_check(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    group = EHCNA.find("other_people")
    jo = {"forename": "Jo", "surname": "Bloggs", "relationship": "mother"}
    sam = {"forename": "Sam", "surname": "Bloggs", "relationship": "step_parent"}

    added = applications.save_item(engine, parent_id, application_id, 1, group, None, jo)
    assert added.saved and added.view.answers["step-2"]["other_people"] == [jo]
    added = applications.save_item(engine, parent_id, application_id, 2, group, None, sam)
    assert added.view.answers["step-2"]["other_people"] == [jo, sam]
    changed = applications.save_item(engine, parent_id, application_id, 3, group, 0, {**jo, "forename": "Joanne"})
    assert [item["forename"] for item in changed.view.answers["step-2"]["other_people"]] == ["Joanne", "Sam"]

    stale = applications.save_item(engine, parent_id, application_id, 3, group, None, jo)
    assert stale.conflict and not stale.saved
    assert len(applications.get(engine, parent_id, application_id).answers["step-2"]["other_people"]) == 2

    removed = applications.remove_item(engine, parent_id, application_id, 4, group, 0)
    assert removed.saved and removed.view.answers["step-2"]["other_people"] == [sam]
    assert applications.remove_item(engine, parent_id, application_id, 4, group, 0).conflict

    # Items in another step's group land in that step, next to its single answers.
    save(engine, parent_id, application_id, 5, STEP_5)
    setting = {"name": "Little Acorns Nursery"}
    version = version_of(engine, parent_id, application_id)
    saved = applications.save_item(engine, parent_id, application_id, version, EHCNA.find("previous_settings"),
                                   None, setting)
    assert saved.view.answers["step-5"] == {**STEP_5, "previous_settings": [setting]}


def test_a_group_never_grows_past_its_limit(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    group = EHCNA.find("other_people")
    for number in range(group.max_items + 2):
        version = version_of(engine, parent_id, application_id)
        applications.save_item(engine, parent_id, application_id, version, group, None,
                               {"forename": f"Person {number}", "surname": "X"})
    items = applications.get(engine, parent_id, application_id).answers["step-2"]["other_people"]
    assert len(items) == group.max_items


# ---------------------------------------------------------------- submitting

def test_submitting_needs_both_consents(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    fill_valid(engine, parent_id, application_id)
    outcome = submit(engine, settings, parent_id, application_id, consent_privacy="", consent_share="")
    assert not outcome.submitted_now and list(outcome.consent_errors) == ["consent_privacy", "consent_share"]
    assert outcome.problems == [] and outcome.view.is_draft
    assert list(submit(engine, settings, parent_id, application_id, consent_share="").consent_errors) == [
        "consent_share"]
    assert list(submit(engine, settings, parent_id, application_id, consent_privacy="").consent_errors) == [
        "consent_privacy"]
    assert applications.get(engine, parent_id, application_id).status == ApplicationStatus.DRAFT
    assert outbox_rows(engine, "application_received") == []


def test_a_young_person_asking_for_themselves_says_whether_their_parents_are_copied_in(db):
    engine, settings = db
    parent_id, child_id = make_family(engine, settings, born=date(2009, 6, 1))  # 17 on the day
    application_id = applications.start(engine, parent_id, child_id)[0]
    for step, values in ((1, {**STEP_1, "requester_role": "young_person"}), (5, STEP_5)):
        save(engine, parent_id, application_id, step, values)
    group = EHCNA.find("other_people")
    for person in ({"forename": "Lesley", "surname": "Quixley", "has_parental_responsibility": "yes",
                    "email": "lesley@example.com"},
                   {"forename": "Pat", "surname": "Quixley", "has_parental_responsibility": "no",
                    "email": "pat@example.com"},  # no parental responsibility: no copies
                   {"forename": "Sam", "surname": "Quixley", "has_parental_responsibility": "yes"}):  # no address
        assert applications.save_item(engine, parent_id, application_id, version_of(engine, parent_id, application_id),
                                      group, None, person).saved
    refused = submit(engine, settings, parent_id, application_id, copy_parents="", declaration="",
                     declaration_name="  ")
    assert refused.problems == [] and refused.consent_errors == {
        "copy_parents": "error.copy_parents", "declaration": "error.declaration",
        "declaration_name": "error.declaration_name"}
    now = utcnow()
    assert submit(engine, settings, parent_id, application_id, copy_parents="yes", declaration_name="Zebedee Quixley",
                  now=now).submitted_now
    [row] = application_rows(engine)
    assert (row.requested_by, row.copy_parents, row.young_person_agrees) == ("young_person", True, "")
    assert (row.declaration_name, row.declaration_at, row.consent_text_version) == (
        "Zebedee Quixley", now, consents_text.TEXT_VERSION)
    # honoured: a copy of what is sent goes to the parent named with parental responsibility and an address
    [copy] = outbox_rows(engine, "copy_to_parent")
    assert copy.to_address == "lesley@example.com" and row.reference in copy.subject
    assert "Hello Lesley Quixley" in copy.text_body and "We have received the request" in copy.text_body
    decisions.record(engine, settings, row.case_id, "assess", "", staff_id=None, today=now.date(), now=now)
    assert [m.to_address for m in outbox_rows(engine, "copy_to_parent")] == ["lesley@example.com"] * 2


def test_a_parent_asking_for_a_young_person_of_16_says_whether_they_agree(db):
    engine, settings = db
    today = date(2026, 12, 7)
    parent_id, child_id = make_family(engine, settings, born=date(2010, 12, 7))  # 16 on the day it is sent
    application_id = applications.start(engine, parent_id, child_id)[0]
    fill_valid(engine, parent_id, application_id)
    sent_at = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    refused = submit(engine, settings, parent_id, application_id, young_person_agrees="maybe", now=sent_at)
    assert refused.consent_errors == {"young_person_agrees": "error.young_person_agrees"}
    assert applications.get(engine, parent_id, application_id).requested_by(today - timedelta(days=1)) == "parent"
    assert submit(engine, settings, parent_id, application_id, young_person_agrees="cannot_decide",
                  now=sent_at).submitted_now
    [row] = application_rows(engine)
    assert (row.requested_by, row.young_person_agrees, row.copy_parents) == (
        "parent_for_young_person", "cannot_decide", None)


def test_submitting_needs_the_required_answers(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    outcome = submit(engine, settings, parent_id, application_id)
    assert not outcome.submitted_now and outcome.consent_errors == {}
    problems = {step.step_number: {problem.field_id for problem in step.problems} for step in outcome.problems}
    assert problems == {1: {"requester_role", "request_type"}, 5: {"currently_in_education"}}

    save(engine, parent_id, application_id, 1, STEP_1)  # a parent: now step 2 asks about them too
    problems = {step.step_number: {problem.field_id for problem in step.problems}
                for step in submit(engine, settings, parent_id, application_id).problems}
    assert problems == {2: {"relationship_to_child", "has_parental_responsibility"}, 5: {"currently_in_education"}}

    save(engine, parent_id, application_id, 2, STEP_2)
    save(engine, parent_id, application_id, 5, STEP_5)
    document_id = upload(engine, settings, parent_id, application_id)  # a document without its details
    outcome = submit(engine, settings, parent_id, application_id)
    assert not outcome.submitted_now
    [step_8] = outcome.problems
    assert step_8.step_number == 8 and [item.key for item in step_8.incomplete] == [str(document_id)]
    assert applications.get(engine, parent_id, application_id).is_draft
    assert outbox_rows(engine, "application_received") == []


def test_a_valid_application_is_submitted_once_with_its_reference_and_deadline(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    fill_valid(engine, parent_id, application_id)
    document_id = upload(engine, settings, parent_id, application_id)
    assert applications.save_document_details(engine, parent_id, document_id, DOCUMENT_DETAILS)
    now = utcnow()

    outcome = submit(engine, settings, parent_id, application_id, now=now)
    assert outcome.submitted_now and outcome.problems == [] and outcome.consent_errors == {}
    view = outcome.view
    assert view.status == ApplicationStatus.SUBMITTED and not view.is_draft
    assert re.fullmatch(r"EHC-\d{4}-\d{6}", view.reference)
    assert view.reference == f"EHC-{now.year}-{application_id:06d}"
    assert view.received_on == now.date()
    assert view.decision_due_on == view.received_on + timedelta(days=42)
    assert view.last_page == "summary"
    [row] = application_rows(engine)
    assert row.consent_text_version == consents_text.TEXT_VERSION
    assert row.consent_privacy_at == now and row.consent_share_at == now and row.submitted_at == now
    assert (row.requested_by, row.declaration_name, row.declaration_at) == ("parent", "Alan Aardvark", now)
    assert row.copy_parents is None and row.young_person_agrees == ""  # not asked of a parent of a child under 16

    [email] = outbox_rows(engine, "application_received")
    with Session(engine) as session:
        parent_email = session.get(ParentAccount, parent_id).email
    assert email.to_address == parent_email
    assert view.reference in email.text_body and view.reference in email.subject
    assert "Zebedee" not in email.text_body and "Quixley" not in email.text_body
    assert "Zebedee" not in email.subject and "Zebedee" not in email.html_body

    again = submit(engine, settings, parent_id, application_id, now=now + timedelta(minutes=5))
    assert not again.submitted_now and again.view.reference == view.reference
    assert again.view.received_on == view.received_on
    assert len(outbox_rows(engine, "application_received")) == 1

    # Sent: the answers are closed, and the child can have a new draft.
    closed = applications.save_step(engine, parent_id, application_id, view.version, 1,
                                    {"request_type": "re_request"}, complete=True, last_page="step-2")
    assert not closed.saved and closed.conflict
    assert applications.get(engine, parent_id, application_id).answers["step-1"] == STEP_1
    new = applications.start(engine, parent_id, view.child_id)
    assert new is not None and new[0] != application_id
    listing = applications.for_child(engine, parent_id, view.child_id)
    assert [(item.id, item.status) for item in listing] == [(new[0], "draft"), (application_id, "submitted")]


def test_a_request_sent_just_after_midnight_uk_time_is_received_that_uk_day(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    fill_valid(engine, parent_id, application_id)
    sent = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 00:30 on 1 July 2026 in London (BST)
    outcome = submit(engine, settings, parent_id, application_id, now=sent)
    assert outcome.submitted_now
    assert outcome.view.received_on == date(2026, 7, 1)


def test_five_submits_at_once_send_one_application_and_one_email(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    fill_valid(engine, parent_id, application_id)
    outcomes = all_at_once(5, lambda: submit(engine, settings, parent_id, application_id))
    assert sum(outcome.submitted_now for outcome in outcomes) == 1
    references = {outcome.view.reference for outcome in outcomes if outcome.view.status == "submitted"}
    assert len(references) == 1
    [row] = application_rows(engine)
    assert row.status == ApplicationStatus.SUBMITTED and row.reference in references
    assert len(outbox_rows(engine, "application_received")) == 1
    with Session(engine) as session:
        submitted = session.exec(select(AuditEvent).where(AuditEvent.action == "application.submitted")).all()
    assert len(submitted) == 1


def test_a_save_between_the_check_and_the_send_is_not_sent_unchecked(db, monkeypatch):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    fill_valid(engine, parent_id, application_id)
    checked = form_checks.check_all

    def check_then_another_tab_saves(form, view, today):
        found = checked(form, view, today)
        other_tab = applications.save_step(engine, parent_id, application_id, view.version, 1,
                                           {"request_type": ""}, complete=False, last_page="step-1")
        assert other_tab.saved
        return found

    monkeypatch.setattr(form_checks, "check_all", check_then_another_tab_saves)
    submit(engine, settings, parent_id, application_id)
    monkeypatch.undo()
    view = applications.get(engine, parent_id, application_id)
    assert view.is_draft or form_checks.check_all(EHCNA, view, date.today()) == [], \
        f"sent as {view.reference} with request_type={view.answers['step-1'].get('request_type')!r}"


# ---------------------------------------------------------------- documents

def test_documents_are_added_and_removed_with_their_files(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    document_id = upload(engine, settings, parent_id, application_id, "Report from school.pdf")
    document = applications.owned_document(engine, parent_id, document_id)
    assert document is not None and document.file_type == "pdf" and document.size_bytes == len(PDF)
    assert document.original_name == "Report from school.pdf" and document.stored_name != document.original_name
    assert not document.after_submission
    stored = settings.documents_dir / document.stored_name
    assert stored.read_bytes() == PDF
    [listed] = applications.get(engine, parent_id, application_id).documents
    assert (listed.id, listed.name, listed.details) == (document_id, "Report from school.pdf", {})

    assert applications.save_document_details(engine, parent_id, document_id, DOCUMENT_DETAILS)
    assert applications.get(engine, parent_id, application_id).documents[0].details == DOCUMENT_DETAILS

    assert applications.remove_document(engine, settings, parent_id, document_id) is True
    assert not stored.exists()
    assert applications.owned_document(engine, parent_id, document_id) is None
    assert applications.get(engine, parent_id, application_id).documents == []
    assert applications.remove_document(engine, settings, parent_id, document_id) is False


def test_a_refused_upload_leaves_no_row_and_no_file(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    with pytest.raises(document_store.RefusedFile) as refused:
        upload(engine, settings, parent_id, application_id, "scan.pdf", png)
    assert (refused.value.code, refused.value.detected) == ("mismatch", "png")
    with pytest.raises(document_store.RefusedFile) as refused:
        upload(engine, settings, parent_id, application_id, "empty.pdf", b"")
    assert refused.value.code == "empty"
    assert applications.get(engine, parent_id, application_id).documents == []
    assert list(settings.documents_dir.iterdir()) == []


def test_documents_sent_with_an_application_cannot_be_removed_but_more_can_be_added(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    fill_valid(engine, parent_id, application_id)
    sent_with = upload(engine, settings, parent_id, application_id)
    applications.save_document_details(engine, parent_id, sent_with, DOCUMENT_DETAILS)
    assert submit(engine, settings, parent_id, application_id).submitted_now

    stored = settings.documents_dir / applications.owned_document(engine, parent_id, sent_with).stored_name
    assert applications.remove_document(engine, settings, parent_id, sent_with) is False
    assert stored.exists() and applications.owned_document(engine, parent_id, sent_with) is not None

    later = upload(engine, settings, parent_id, application_id, "later.pdf")
    assert applications.owned_document(engine, parent_id, later).after_submission is True
    assert applications.remove_document(engine, settings, parent_id, later) is False
    assert len(applications.get(engine, parent_id, application_id).documents) == 2


# ---------------------------------------------------------------- unsent drafts expire

def reminder_age(settings: Settings) -> timedelta:
    return timedelta(days=settings.draft_retention_days - settings.draft_reminder_days)


def test_an_untouched_draft_gets_one_reminder(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    _, fresh_id = draft_for(engine, settings)
    now = utcnow()
    last_saved = now - reminder_age(settings) - timedelta(minutes=1)
    set_times(engine, application_id, updated_at=last_saved)
    set_times(engine, fresh_id, updated_at=now - reminder_age(settings) + timedelta(days=2))  # not yet

    report = expire_drafts(engine, settings, now)
    assert report.reminded == [application_id] and report.deleted == []
    [email] = outbox_rows(engine, "draft_expiring")
    with Session(engine) as session:
        assert email.to_address == session.get(ParentAccount, parent_id).email
    deletes_on = (last_saved + timedelta(days=settings.draft_retention_days)).date()
    assert f"{deletes_on.day} {deletes_on:%B %Y}" in email.text_body

    for later in (now, now + timedelta(hours=1), now + timedelta(days=1)):
        assert expire_drafts(engine, settings, later).reminded == []
    assert len(outbox_rows(engine, "draft_expiring")) == 1
    assert len(application_rows(engine)) == 2


def test_a_reminded_draft_untouched_until_the_end_is_deleted_with_its_documents(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    document_id = upload(engine, settings, parent_id, application_id)
    stored = settings.documents_dir / applications.owned_document(engine, parent_id, document_id).stored_name
    other_parent, kept_id = draft_for(engine, settings)
    kept_document = upload(engine, settings, other_parent, kept_id)
    now = utcnow()
    set_times(engine, application_id, updated_at=now - reminder_age(settings) - timedelta(hours=1))

    assert expire_drafts(engine, settings, now).reminded == [application_id]
    # The reminder's days run out.
    nearly = now + timedelta(days=settings.draft_reminder_days) - timedelta(hours=2)
    assert expire_drafts(engine, settings, nearly).deleted == []
    report = expire_drafts(engine, settings, now + timedelta(days=settings.draft_reminder_days))
    assert report.deleted == [application_id] and report.reminded == []

    assert applications.get(engine, parent_id, application_id) is None
    assert applications.owned_document(engine, parent_id, document_id) is None
    assert not stored.exists()
    with Session(engine) as session:
        assert session.exec(select(ApplicationDocument)
                            .where(ApplicationDocument.application_id == application_id)).all() == []
        [expired] = session.exec(select(AuditEvent).where(AuditEvent.action == "application.expired")).all()
    assert expired.object_id == str(application_id) and expired.detail["documents"] == 1
    # Another family's fresh draft and its file are untouched.
    assert applications.owned_document(engine, other_parent, kept_document) is not None
    assert [row.id for row in application_rows(engine)] == [kept_id]


def test_a_draft_is_not_deleted_until_a_day_after_its_reminder(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    now = utcnow()
    # Never reminded (the workers were down): past the retention period already.
    set_times(engine, application_id, updated_at=now - timedelta(days=settings.draft_retention_days + 30))
    report = expire_drafts(engine, settings, now)
    assert report.reminded == [application_id] and report.deleted == []
    assert expire_drafts(engine, settings, now + timedelta(hours=23)).deleted == []
    assert applications.get(engine, parent_id, application_id) is not None
    assert expire_drafts(engine, settings, now + timedelta(hours=25)).deleted == [application_id]


def test_a_reminder_sent_on_the_same_day_does_not_allow_deletion(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    now = utcnow()
    old = now - timedelta(days=settings.draft_retention_days + 1)
    set_times(engine, application_id, updated_at=old, reminder_sent_at=now - timedelta(hours=12))
    assert expire_drafts(engine, settings, now).deleted == []
    assert applications.get(engine, parent_id, application_id) is not None
    set_times(engine, application_id, reminder_sent_at=now - timedelta(days=2))
    assert expire_drafts(engine, settings, now).deleted == [application_id]


def test_a_submitted_application_is_never_reminded_or_deleted(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    fill_valid(engine, parent_id, application_id)
    assert submit(engine, settings, parent_id, application_id).submitted_now
    now = utcnow()
    long_ago = now - timedelta(days=settings.draft_retention_days * 3)
    set_times(engine, application_id, updated_at=long_ago)
    report = expire_drafts(engine, settings, now)
    assert report.reminded == [] and report.deleted == []
    set_times(engine, application_id, reminder_sent_at=long_ago + timedelta(days=1))
    assert expire_drafts(engine, settings, now + timedelta(days=400)).deleted == []
    assert applications.get(engine, parent_id, application_id).status == ApplicationStatus.SUBMITTED
    assert outbox_rows(engine, "draft_expiring") == []


def test_a_draft_saved_after_its_reminder_is_not_deleted_and_is_reminded_again_later(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    now = utcnow()
    set_times(engine, application_id, updated_at=now - reminder_age(settings) - timedelta(hours=1))
    assert expire_drafts(engine, settings, now).reminded == [application_id]

    save(engine, parent_id, application_id, 1, STEP_1)  # the parent comes back
    saved_at = applications.get(engine, parent_id, application_id).updated_at
    assert saved_at > now
    end_of_old_clock = now + timedelta(days=settings.draft_reminder_days, hours=1)
    report = expire_drafts(engine, settings, end_of_old_clock)
    assert report.deleted == [] and report.reminded == []
    assert applications.get(engine, parent_id, application_id) is not None

    # Even once the whole retention period has passed since the save, the stale reminder does not count:
    # a new reminder is sent first, and deletion waits for it.
    late = saved_at + timedelta(days=settings.draft_retention_days, hours=1)
    report = expire_drafts(engine, settings, late)
    assert report.deleted == [] and report.reminded == [application_id]
    assert len(outbox_rows(engine, "draft_expiring")) == 2
    assert applications.get(engine, parent_id, application_id).answers == {"step-1": STEP_1}
    assert expire_drafts(engine, settings, late + timedelta(days=2)).deleted == [application_id]


def test_a_draft_saved_after_an_old_reminder_is_reminded_again_not_deleted(db):
    engine, settings = db
    parent_id, application_id = draft_for(engine, settings)
    now = utcnow()
    set_times(engine, application_id, reminder_sent_at=now - timedelta(days=settings.draft_retention_days + 10),
              updated_at=now - timedelta(days=settings.draft_retention_days + 5))
    report = expire_drafts(engine, settings, now)
    assert report.deleted == [] and report.reminded == [application_id]
    assert applications.get(engine, parent_id, application_id) is not None


def test_expiry_run_by_several_workers_at_once_reminds_once_and_deletes_once(db):
    engine, settings = db
    _, due_id = draft_for(engine, settings)
    stale_parent, stale_id = draft_for(engine, settings)
    document_id = upload(engine, settings, stale_parent, stale_id)
    stored = settings.documents_dir / applications.owned_document(engine, stale_parent, document_id).stored_name
    now = utcnow()
    set_times(engine, due_id, updated_at=now - reminder_age(settings) - timedelta(hours=1))
    set_times(engine, stale_id, updated_at=now - timedelta(days=settings.draft_retention_days + 1),
              reminder_sent_at=now - timedelta(days=3))

    reports = all_at_once(4, lambda: expire_drafts(engine, settings, now))
    assert sum(report.deleted.count(stale_id) for report in reports) == 1
    assert any(due_id in report.reminded for report in reports)
    assert len(outbox_rows(engine, "draft_expiring")) == 1
    assert [row.id for row in application_rows(engine)] == [due_id]
    assert not stored.exists()
    with Session(engine) as session:
        assert len(session.exec(select(AuditEvent).where(AuditEvent.action == "application.expired")).all()) == 1
