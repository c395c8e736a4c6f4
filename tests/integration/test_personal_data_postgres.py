"""The copy and the deletion on real PostgreSQL: its foreign keys are checked statement by statement, and a
submit racing a deletion meets the row lock that ``applications.remove_drafts`` takes first."""

from __future__ import annotations

import io
import json
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from ehcna_portal.models import Application, ApplicationDocument, Child, EhcCase, ParentAccount
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import applications, personal_data
from ehcna_portal.settings import Settings
from tests.support.databases import postgres_portal
from tests.support.factories import AGREED, PASSWORD, answer_required
from tests.support.families import family_with_history

pytestmark = pytest.mark.integration


@pytest.fixture
def db(tmp_path: Path) -> Iterator[tuple[Engine, Settings]]:
    with postgres_portal(tmp_path) as portal:
        yield portal


def test_export_then_close_then_delete_on_postgresql(db):
    engine, settings = db
    a = family_with_history(engine, settings, "Kai")
    b = family_with_history(engine, settings, "Lowri")
    with zipfile.ZipFile(io.BytesIO(b"".join(personal_data.export(engine, settings, a.parent_id).chunks()))) as zipped:
        data = json.loads(zipped.read("data.json"))
    assert data["account"]["email"] == a.email and len(data["applications"]) == 2
    assert personal_data.delete_account(engine, settings, a.parent_id, PASSWORD).closed
    # B sends nothing: deleting B's account removes every row of it.
    assert applications.delete_draft(engine, settings, b.parent_id, b.draft_id)
    with Session(engine) as session:
        application = session.get(Application, b.sent_id)
        case = session.get(EhcCase, application.case_id)
        application.status, application.case_id = "draft", None  # as if never sent (a test shortcut): nothing is
        session.add(application)                                   # kept, and no case was ever opened
        session.flush()
        session.delete(case)
        session.commit()
    assert not personal_data.delete_account(engine, settings, b.parent_id, PASSWORD).closed
    with Session(engine) as session:
        assert session.get(ParentAccount, b.parent_id) is None
        assert session.exec(select(func.count()).select_from(Child).where(Child.parent_id == b.parent_id)).one() == 0
        assert session.exec(select(func.count()).select_from(ApplicationDocument)
                            .where(ApplicationDocument.parent_id == b.parent_id)).one() == 0
        assert session.get(Application, a.sent_id) is not None and session.get(Application, a.draft_id) is None


def test_a_submit_racing_the_deletion_of_its_draft_never_sends_a_request_without_its_files(db):
    engine, settings = db
    family = family_with_history(engine, settings, "Morgan")
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def delete() -> None:
        barrier.wait()
        results["deleted"] = applications.delete_draft(engine, settings, family.parent_id, family.draft_id)

    def submit() -> None:
        barrier.wait()
        results["submitted"] = applications.submit(engine, settings, family.parent_id, family.draft_id,
                                                   given=AGREED, now=utcnow()).submitted_now

    answer_required(engine, family.parent_id, family.draft_id, why="Morgan races")
    threads = [threading.Thread(target=delete), threading.Thread(target=submit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with Session(engine) as session:
        application = session.get(Application, family.draft_id)
        documents = session.exec(select(ApplicationDocument)
                                 .where(ApplicationDocument.application_id == family.draft_id)).all()
    if application is None:  # the deletion won: nothing was sent
        assert results == {"deleted": True, "submitted": False}
    else:  # the submit won: the request was sent with its documents, which are still on disk
        assert results == {"deleted": False, "submitted": True} and application.status == "submitted"
        assert documents and all((settings.documents_dir / d.stored_name).exists() for d in documents)


def test_a_submit_racing_the_deletion_of_the_account_is_either_kept_or_never_sent(db):
    engine, settings = db
    family = family_with_history(engine, settings, "Nia")
    answer_required(engine, family.parent_id, family.draft_id, why="Nia races")
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def delete() -> None:
        barrier.wait()
        results["deleted"] = personal_data.delete_account(engine, settings, family.parent_id, PASSWORD)

    def submit() -> None:
        barrier.wait()
        results["submitted"] = applications.submit(engine, settings, family.parent_id, family.draft_id,
                                                   given=AGREED, now=utcnow()).submitted_now

    threads = [threading.Thread(target=delete), threading.Thread(target=submit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    result = results["deleted"]
    assert result is not None and result.closed  # the first request was sent before: the account is closed
    with Session(engine) as session:
        application = session.get(Application, family.draft_id)
        child = session.get(Child, family.draft_child)
    if results["submitted"]:  # sent first: kept, with its child
        assert application is not None and application.status == "submitted" and child is not None
        assert len(result.kept) == 2
    else:  # deleted first: nothing of it is left
        assert application is None and child is None and len(result.kept) == 1
