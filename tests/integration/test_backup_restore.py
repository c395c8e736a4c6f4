"""The backup and restore drill (security reference §4 T6), on SQLite and on PostgreSQL.

A portal with families, sent and draft requests and their documents is backed
up with ``ehcna-portal backup`` and restored with ``ehcna-portal restore`` into
an empty database and document store, run as an operator runs them. The copy
must hold the same rows (counts and a checksum of every row of every table),
the same files (sha256), and the services must read the same requests from it.
A backup with one byte changed is refused before anything is touched.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from alembic import command
from ehcna_portal.cli import alembic_config
from ehcna_portal.models import ApplicationDocument, ScanStatus
from ehcna_portal.services import applications, backup, document_store, parent_accounts
from ehcna_portal.settings import Settings, load_settings
from tests.support import db_contents
from tests.support.databases import empty_postgres, migrated_engine
from tests.support.factories import PASSWORD
from tests.support.families import Family, make_family

pytestmark = pytest.mark.integration

CLI = str(Path(sys.executable).parent / "ehcna-portal")
KINDS = ["sqlite", "postgresql"]


@dataclass
class Portal:
    url: str
    settings: Settings
    engine: Engine | None = None

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        environ = {k: v for k, v in os.environ.items() if not k.startswith("EHCNA_")}
        environ.update({"EHCNA_DATA_DIR": str(self.settings.data_dir), "EHCNA_DATABASE_URL": self.url})
        return subprocess.run([CLI, *args], capture_output=True, text=True, env=environ, timeout=300, check=False)


@contextmanager
def empty_portal(kind: str, data_dir: Path) -> Iterator[Portal]:
    """A portal with nothing in it yet: an empty SQLite file or an empty PostgreSQL database."""
    data_dir.mkdir(parents=True)

    def portal(url: str) -> Portal:
        return Portal(url, load_settings({"EHCNA_ENV": "dev", "EHCNA_DATA_DIR": str(data_dir),
                                          "EHCNA_DATABASE_URL": url,
                                          "EHCNA_PUBLIC_URL": "https://portal.example.gov.uk"}))

    if kind == "sqlite":
        (data_dir / "ehcna.db").touch()  # an empty file, as an operator might create
        yield portal(f"sqlite:///{data_dir / 'ehcna.db'}")
    else:
        with empty_postgres() as url:
            yield portal(url)


@contextmanager
def seeded_portal(kind: str, data_dir: Path, families: int = 3) -> Iterator[tuple[Portal, list[Family]]]:
    with empty_portal(kind, data_dir) as portal:
        portal.engine = migrated_engine(portal.url)
        try:
            made = [make_family(portal.engine, portal.settings, number) for number in range(families)]
            yield portal, made
        finally:
            portal.engine.dispose()


@contextmanager
def opened(portal: Portal) -> Iterator[Engine]:
    from ehcna_portal.db import make_engine

    engine = make_engine(portal.url)
    try:
        yield engine
    finally:
        engine.dispose()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def seen_by_parent(engine: Engine, family: Family) -> list[tuple]:
    """What the parent's pages read about both requests, through the service they use."""
    found = []
    for application_id in (family.submitted_id, family.draft_id):
        view = applications.get(engine, family.parent_id, application_id)
        assert view is not None
        found.append((view.id, view.status, view.reference, view.child_name, view.answers, view.completed_steps,
                      view.last_page, view.version, view.received_on, view.decision_due_on, view.documents))
    return found


def store_is_untouched(portal: Portal) -> bool:
    documents = portal.settings.documents_dir
    return not documents.exists() or not any(documents.iterdir())


def flip_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


# ---------------------------------------------------------------- the drill


@pytest.mark.parametrize("kind", KINDS)
def test_a_backup_restored_into_an_empty_database_is_the_same_portal(kind, tmp_path):
    with seeded_portal(kind, tmp_path / "live") as (live, families):
        made = live.cli("backup", str(tmp_path / "backup"))
        assert made.returncode == 0, made.stderr
        assert f"Backed up to {tmp_path / 'backup'}" in made.stdout and "9 files" in made.stdout

        with empty_portal(kind, tmp_path / "restored") as copy:
            done = copy.cli("restore", str(tmp_path / "backup"))
            assert done.returncode == 0, done.stdout + done.stderr
            assert "9 document records checked, 0 with a different file, 0 without a file, 0 files without " \
                   "a record" in done.stdout

            with opened(copy) as restored:
                # The same rows, value for value, in every table.
                with live.engine.connect() as a, restored.connect() as b:
                    assert backup.row_counts(a) == backup.row_counts(b)
                assert db_contents.digests(restored) == db_contents.digests(live.engine)

                # The same files, and each one is what its record says.
                with Session(restored) as db:
                    rows = db.exec(select(ApplicationDocument)).all()
                assert len(rows) == sum(len(family.document_ids) for family in families) == 9
                for row in rows:
                    path = copy.settings.documents_dir / document_store.checked_name(row.stored_name)
                    assert sha256(path) == row.sha256 == sha256(live.settings.documents_dir / row.stored_name)

                # The services read the same requests, and a parent's document opens.
                for family in families:
                    assert seen_by_parent(restored, family) == seen_by_parent(live.engine, family)
                    document = applications.owned_document(restored, family.parent_id, family.document_ids[0])
                    assert document is not None
                    path = copy.settings.documents_dir / document_store.checked_name(document.stored_name)
                    assert hashlib.sha256(path.read_bytes()).hexdigest() == document.sha256

                # The app's migrations have nothing to do on the copy.
                before = db_contents.digests(restored)
                command.upgrade(alembic_config(copy.url), "head")
                assert db_contents.digests(restored) == before
                head = ScriptDirectory.from_config(alembic_config()).get_current_head()
                with restored.connect() as connection:
                    assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head

                # Restoring again over the copy is refused, and changes nothing.
                again = copy.cli("restore", str(tmp_path / "backup"))
                assert again.returncode == 1 and "is not empty" in again.stderr
                assert "Nothing was changed" in again.stderr
                assert db_contents.digests(restored) == before

                # A parent signs in with their password on the copy.
                signed_in = parent_accounts.sign_in(restored, copy.settings, families[0].email, PASSWORD)
                assert signed_in.kind not in (parent_accounts.SignInKind.WRONG, parent_accounts.SignInKind.LOCKED)


@pytest.mark.parametrize("kind", KINDS)
def test_a_backup_with_one_byte_changed_is_refused_and_nothing_is_touched(kind, tmp_path):
    with seeded_portal(kind, tmp_path / "live", families=1) as (live, _families):
        good = tmp_path / "backup"
        assert live.cli("backup", str(good)).returncode == 0
        manifest = backup.verify(good)
        document = next(name for name in manifest["files"] if name.startswith("documents/"))
        with empty_portal(kind, tmp_path / "restored") as copy:
            for damaged_file, expected in ((manifest["database"]["file"], "checksum does not match"),
                                           (document, "checksum does not match"),
                                           ("manifest.json", "manifest.json does not match manifest.sha256")):
                damaged = tmp_path / f"damaged-{Path(damaged_file).name}"
                shutil.copytree(good, damaged)
                flip_one_byte(damaged / damaged_file)
                refused = copy.cli("restore", str(damaged))
                assert refused.returncode == 1, refused.stdout
                assert "Restore failed" in refused.stderr and expected in refused.stderr
                if damaged_file != "manifest.json":
                    assert f"{damaged_file}: checksum does not match" in refused.stderr
                with pytest.raises(backup.BackupError, match=expected):
                    backup.verify(damaged)
                assert store_is_untouched(copy)
                with opened(copy) as engine, engine.connect() as connection:
                    assert backup.row_counts(connection) == {}, "a refused restore wrote to the database"

            # A file slipped into the backup is refused too; the undamaged backup is accepted.
            extra = tmp_path / "extra"
            shutil.copytree(good, extra)
            (extra / "documents" / "planted").write_bytes(b"%PDF-1.4 not from the portal")
            refused = copy.cli("restore", str(extra))
            assert refused.returncode == 1 and "documents/planted: not in the manifest" in refused.stderr
            assert copy.cli("restore", "--verify-only", str(good)).returncode == 0


@pytest.mark.parametrize("kind", KINDS)
def test_a_backup_taken_while_the_portal_writes_is_consistent(kind, tmp_path):
    """A backup while a parent saves answers and uploads files: the copy restores whole (SQLite: the
    online backup API; PostgreSQL: pg_dump in the snapshot the row counts and document list were read in)."""
    with seeded_portal(kind, tmp_path / "live", families=2) as (live, families):
        family, stop = families[0], threading.Event()
        errors: list[BaseException] = []
        saves = [0]

        def parent_keeps_working() -> None:
            try:
                while not stop.is_set():
                    view = applications.get(live.engine, family.parent_id, family.draft_id)
                    applications.save_step(live.engine, family.parent_id, family.draft_id, view.version, 4,
                                           {"why_requesting_now": f"Saved at version {view.version}"},
                                           complete=False, last_page="step-5")
                    saves[0] += 1
                    if view.version % 5 == 0 and len(view.documents) < applications.MAX_DOCUMENTS:
                        applications.add_document(live.engine, live.settings, family.parent_id, family.draft_id,
                                                  "more.pdf", io.BytesIO(b"%PDF-1.4\n%more\n"))
            except BaseException as error:
                errors.append(error)

        worker = threading.Thread(target=parent_keeps_working)
        worker.start()
        try:
            reports = [backup.backup(live.url, live.settings.documents_dir, tmp_path / f"backup-{n}")
                       for n in range(3)]
        finally:
            stop.set()
            worker.join(timeout=30)
        assert not errors, errors
        assert saves[0] > 0 and all(report.warnings == [] for report in reports)

        with empty_portal(kind, tmp_path / "restored") as copy:
            report = backup.restore(reports[-1].directory, copy.url, copy.settings.documents_dir)
            assert report.ok, (report.problems, report.reconciliation)
            assert report.tables == reports[-1].manifest["database"]["tables"]


def test_a_lost_document_is_reported_by_backup_and_by_restore(tmp_path):
    """A record whose file is gone is reported; one whose file was deleted after a failed virus scan is not."""
    with seeded_portal("sqlite", tmp_path / "live", families=1) as (live, families):
        with Session(live.engine, expire_on_commit=False) as db:
            lost = db.get(ApplicationDocument, families[0].document_ids[0])
            infected = db.get(ApplicationDocument, families[0].document_ids[1])
            infected.scan_status = ScanStatus.INFECTED
            db.add(infected)
            db.commit()
        for document in (lost, infected):
            (live.settings.documents_dir / document.stored_name).unlink()
        made = live.cli("backup", str(tmp_path / "backup"))
        assert made.returncode == 1 and "1 document(s) recorded in the database had no file" in made.stderr
        assert lost.stored_name in made.stderr

        with empty_portal("sqlite", tmp_path / "restored") as copy:
            done = copy.cli("restore", str(tmp_path / "backup"))
            assert done.returncode == 1
            assert "2 document records checked, 0 with a different file, 1 without a file" in done.stdout
            assert "WITH PROBLEMS" in done.stderr and infected.stored_name not in done.stdout + done.stderr
            assert f"document {lost.id} ({lost.stored_name})" in done.stderr

            with empty_portal("postgresql", tmp_path / "elsewhere") as other:
                wrong_kind = other.cli("restore", str(tmp_path / "backup"))
                assert wrong_kind.returncode == 1
                assert "backup is of a sqlite database but EHCNA_DATABASE_URL is postgresql" in wrong_kind.stderr
