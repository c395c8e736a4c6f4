"""Backup and restore of one portal: the database and the document store, with a checksummed manifest.

A backup is a directory::

    manifest.json        what is in it: sha256 and size of every file, rows per table,
                         Alembic revision, when it was taken, which database it came from
    manifest.sha256      the sha256 of manifest.json
    database.dump        PostgreSQL: ``pg_dump -Fc``            (or)
    database.sqlite3     SQLite: a copy made with SQLite's online backup API
    documents/…          every file of the document store (EHCNA_DATA_DIR/documents)

The database copy and the list of documents it refers to come from one snapshot
(PostgreSQL: an exported snapshot shared with ``pg_dump --snapshot``; SQLite: the
backup API copies the database in one read transaction), so a backup taken while
the portal runs is consistent. Stored files never change once written (random
names, replaced never), so copying them after the snapshot is safe; a file
deleted between the snapshot and its copy is reported.

Restore checks every checksum before it touches anything, refuses a database
or document store that is not empty (``force`` moves what is there aside
instead of deleting it), restores the database and the files, and then
reconciles: every ``application_document`` row's sha256 against its restored
file, and files that no row refers to.

No Reflex here: the CLI (``ehcna-portal backup`` / ``restore``), the tests and
``bench/backup.py`` call these functions directly.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from sqlalchemy import MetaData, create_engine, func, inspect, select
from sqlalchemy.engine import Connection, Engine, make_url

from ehcna_portal.db import make_engine

FORMAT = "ehcna-portal-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
DOCUMENTS = "documents"
DB_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
PG_DUMP = os.environ.get("EHCNA_PG_DUMP", "pg_dump")
PG_RESTORE = os.environ.get("EHCNA_PG_RESTORE", "pg_restore")
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup or restore could not be done; the message says why, for the operator."""


# ------------------------------------------------------------------ helpers


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_hashed(source: Path, target: Path) -> tuple[str, int]:
    """Copy one file (private permissions), returning the sha256 and size of what was written."""
    digest = hashlib.sha256()
    size = 0
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with source.open("rb") as read, open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
        while chunk := read.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return digest.hexdigest(), size


def _store_files(directory: Path) -> Iterator[Path]:
    """Every file of a document store, by path relative to it (partial uploads, dot files, skipped)."""
    if not directory.is_dir():
        return
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            yield relative


def dialect_of(database_url: str) -> str:
    name = make_url(database_url).get_backend_name()
    if name not in DB_FILES:
        raise BackupError(f"Only SQLite and PostgreSQL databases can be backed up, not {name!r}")
    return name


def _sqlite_path(database_url: str) -> Path:
    database = make_url(database_url).database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up or restored")
    return Path(database)


def _libpq(database_url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection string for pg_dump/pg_restore and the environment carrying the password
    (never on the command line, where ``ps`` would show it)."""
    url = make_url(database_url)
    environ = dict(os.environ)
    if url.password:
        environ["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), environ


def _run(command: list[str], environ: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(command, env=environ, capture_output=True, text=True, check=False)  # noqa: S603 (fixed argv, no shell)  # nosec B603 # fixed argv (pg_dump/psql), no shell
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (needed to {what})") from None
    if done.returncode != 0:
        detail = " ".join(done.stderr.strip().splitlines()[-3:]) or f"exit status {done.returncode}"
        raise BackupError(f"{Path(command[0]).name} failed to {what}: {detail}")


def row_counts(connection: Connection) -> dict[str, int]:
    """Rows in every table of the database (Alembic's own table included)."""
    metadata = MetaData()
    metadata.reflect(connection)
    return {table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in sorted(metadata.tables.values(), key=lambda table: table.name)}


def _revision(connection: Connection, counts: dict[str, int]) -> str | None:
    if "alembic_version" not in counts:
        return None
    return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _document_rows(connection: Connection) -> list[tuple[int, str, str]]:
    """(id, stored name, sha256) of every application_document that should have a file, if the table
    exists yet: a document that failed its virus scan keeps its row but its bytes were deleted (0014)."""
    if not connection.dialect.has_table(connection, "application_document"):
        return []
    columns = {column["name"] for column in inspect(connection).get_columns("application_document")}
    rows = connection.exec_driver_sql(
        "SELECT id, stored_name, sha256 FROM application_document WHERE scan_status <> 'infected' ORDER BY id"
        if "scan_status" in columns else "SELECT id, stored_name, sha256 FROM application_document ORDER BY id")
    return [(int(row[0]), str(row[1]), str(row[2])) for row in rows]


@dataclass(frozen=True)
class Snapshot:
    """What the database held at the moment of the backup."""

    revision: str | None
    tables: dict[str, int]
    documents: list[tuple[int, str, str]]  # (id, stored name, sha256) of every application_document


def _snapshot(connection: Connection) -> Snapshot:
    counts = row_counts(connection)
    return Snapshot(_revision(connection, counts), counts, _document_rows(connection))


# ------------------------------------------------------------------ backup


@dataclass
class BackupReport:
    directory: Path
    manifest: dict
    seconds: dict[str, float]
    warnings: list[str] = field(default_factory=list)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def _dump_sqlite(database_url: str, target: Path) -> Snapshot:
    source_path = _sqlite_path(database_url)
    if not source_path.is_file():
        raise BackupError(f"There is no SQLite database at {source_path}")
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # one step: one read transaction, so one consistent moment
        copy.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, no -wal beside it
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not copy {source_path}: {error}") from error
    finally:
        copy.close()
        source.close()
    # Read the copy as it is (not make_engine, whose pragmas would switch it back to WAL).
    engine = create_engine(f"sqlite:///file:{target}?mode=ro&uri=true")
    try:
        with engine.connect() as connection:
            return _snapshot(connection)
    finally:
        engine.dispose()


def _dump_postgresql(database_url: str, target: Path) -> Snapshot:
    engine = make_engine(database_url)
    conninfo, environ = _libpq(database_url)
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
            connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
            snapshot_id = connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
            snapshot = _snapshot(connection)
            # pg_dump reads exactly what this (still open) transaction sees.
            _run([PG_DUMP, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot_id}",
                  f"--file={target}", f"--dbname={conninfo}"], environ, "dump the database")
            connection.rollback()
    except BackupError:
        raise
    except Exception as error:  # connection refused, bad credentials…
        raise BackupError(f"Could not read the database: {type(error).__name__}: {error}") from error
    finally:
        engine.dispose()
    return snapshot


def _prepare_target(directory: Path) -> Path:
    """A private working directory beside the target; renamed onto it only when complete."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BackupError(f"{directory} already exists and is not empty: choose a new directory for the backup")
    directory.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{directory.name}.partial-", dir=directory.parent))


def backup(database_url: str, documents_dir: Path, directory: Path, *, now: datetime | None = None) -> BackupReport:
    """Back up the database and the document store into ``directory`` (new or empty)."""
    dialect = dialect_of(database_url)
    work = _prepare_target(directory)
    seconds: dict[str, float] = {}
    warnings: list[str] = []
    try:
        created_at = now or datetime.now(UTC)
        started = time.perf_counter()
        db_file = DB_FILES[dialect]
        snapshot = (_dump_postgresql if dialect == "postgresql" else _dump_sqlite)(database_url, work / db_file)
        seconds["database"] = time.perf_counter() - started

        started = time.perf_counter()
        files: dict[str, dict[str, object]] = {}
        digest, size = sha256_of(work / db_file), (work / db_file).stat().st_size
        files[db_file] = {"sha256": digest, "size": size}
        document_bytes = 0
        for relative in _store_files(documents_dir):
            name = f"{DOCUMENTS}/{relative.as_posix()}"
            try:
                digest, size = _copy_hashed(documents_dir / relative, work / name)
            except FileNotFoundError:
                continue  # removed since listed (a draft's document deleted meanwhile); checked below
            files[name] = {"sha256": digest, "size": size}
            document_bytes += size
        missing = [stored for _id, stored, _sum in snapshot.documents if f"{DOCUMENTS}/{stored}" not in files]
        if missing:
            warnings.append(f"{len(missing)} document(s) recorded in the database had no file in "
                            f"{documents_dir} (deleted while the backup ran, or lost before it): "
                            + ", ".join(missing[:10]) + (" …" if len(missing) > 10 else ""))
        seconds["documents"] = time.perf_counter() - started

        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": created_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "database": {"dialect": dialect, "file": db_file, "alembic_revision": snapshot.revision,
                         "tables": snapshot.tables, "documents_recorded": len(snapshot.documents)},
            "documents": {"files": len(files) - 1, "bytes": document_bytes, "missing": missing},
            "files": files,
        }
        text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
        (work / MANIFEST).write_text(text, encoding="utf-8")
        manifest_sum = hashlib.sha256(text.encode()).hexdigest()
        (work / MANIFEST_SUM).write_text(f"{manifest_sum}  {MANIFEST}\n", encoding="utf-8")
        for written in (work / MANIFEST, work / MANIFEST_SUM, work / db_file):
            written.chmod(0o600)
        work.chmod(0o700)
        if directory.exists():
            directory.rmdir()  # empty, checked above
        work.rename(directory)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return BackupReport(directory, manifest, seconds, warnings)


# ------------------------------------------------------------------ verify


def _safe_name(name: str) -> bool:
    """Manifest names are relative paths inside the backup: never absolute, never ``..``."""
    path = PurePosixPath(name)
    return (bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name
            and (name in DB_FILES.values() or (path.parts[0] == DOCUMENTS and len(path.parts) > 1)))


def verify(directory: Path) -> dict:
    """Check a backup against its manifest; raise BackupError naming every problem, or return the manifest."""
    if not directory.is_dir():
        raise BackupError(f"{directory} is not a backup directory")
    manifest_path, sum_path = directory / MANIFEST, directory / MANIFEST_SUM
    if not manifest_path.is_file() or not sum_path.is_file():
        raise BackupError(f"{directory} has no {MANIFEST} and {MANIFEST_SUM}: it is not a complete backup")
    raw = manifest_path.read_bytes()
    expected_sum = sum_path.read_text(encoding="utf-8", errors="replace").split()[:1]
    if expected_sum != [hashlib.sha256(raw).hexdigest()]:
        raise BackupError(f"{MANIFEST} does not match {MANIFEST_SUM}: the backup has been changed or damaged")
    try:
        manifest = json.loads(raw)
    except ValueError as error:
        raise BackupError(f"{MANIFEST} is not valid JSON: {error}") from error
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{MANIFEST} is not an ehcna-portal backup manifest (version {FORMAT_VERSION})")
    files: dict[str, dict] = manifest.get("files", {})
    problems: list[str] = []
    for name, expected in sorted(files.items()):
        if not _safe_name(name):
            problems.append(f"{name}: not a name a backup may contain")
            continue
        path = directory / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif path.stat().st_size != expected.get("size"):
            problems.append(f"{name}: size {path.stat().st_size}, expected {expected.get('size')}")
        elif sha256_of(path) != expected.get("sha256"):
            problems.append(f"{name}: checksum does not match")
    listed = set(files) | {MANIFEST, MANIFEST_SUM}
    problems += [f"{path.relative_to(directory).as_posix()}: not in the manifest"
                 for path in sorted(directory.rglob("*"))
                 if path.is_file() and path.relative_to(directory).as_posix() not in listed]
    database = manifest.get("database", {})
    if database.get("dialect") not in DB_FILES or database.get("file") != DB_FILES.get(database.get("dialect")) \
            or database.get("file") not in files:
        problems.append(f"{MANIFEST}: names no database file")
    if problems:
        shown = problems[:20] + ([f"… and {len(problems) - 20} more"] if len(problems) > 20 else [])
        raise BackupError("The backup is damaged; nothing was restored:\n  " + "\n  ".join(shown))
    return manifest


# ------------------------------------------------------------------ restore


@dataclass
class Reconciliation:
    """Every document row against its file in the store."""

    checked: int = 0
    mismatched: list[str] = field(default_factory=list)  # the file's sha256 is not the row's
    missing: list[str] = field(default_factory=list)  # a row whose file is not in the store
    orphans: list[str] = field(default_factory=list)  # a file no row refers to

    @property
    def ok(self) -> bool:
        return not self.mismatched and not self.missing


def reconcile(engine: Engine, documents_dir: Path) -> Reconciliation:
    """Check every application_document's sha256 against its file; list files without a row."""
    with engine.connect() as connection:
        rows = _document_rows(connection)
    result = Reconciliation()
    known = set()
    for document_id, stored_name, expected in rows:
        known.add(stored_name)
        path = documents_dir / stored_name
        result.checked += 1
        if not stored_name.isalnum() or not path.is_file():
            result.missing.append(f"document {document_id} ({stored_name})")
        elif sha256_of(path) != expected:
            result.mismatched.append(f"document {document_id} ({stored_name})")
    result.orphans = [relative.as_posix() for relative in _store_files(documents_dir)
                      if relative.as_posix() not in known]
    return result


@dataclass
class RestoreReport:
    manifest: dict
    tables: dict[str, int]
    reconciliation: Reconciliation
    seconds: dict[str, float]
    moved_aside: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.reconciliation.ok

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d%H%M%S")


def _postgres_user_objects(connection: Connection) -> int:
    return connection.exec_driver_sql(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_' "
        "AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')").scalar_one()


def _sqlite_tables(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return probe.execute("SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view')").fetchone()[0]
        finally:
            probe.close()
    except sqlite3.DatabaseError:
        return 1  # not a database we can read: not empty


def _database_is_empty(database_url: str) -> bool:
    if dialect_of(database_url) == "sqlite":
        return _sqlite_tables(_sqlite_path(database_url)) == 0
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return _postgres_user_objects(connection) == 0
    except Exception as error:
        raise BackupError(f"Could not open the database to restore into: {type(error).__name__}: {error}"
                          ) from error
    finally:
        engine.dispose()


def _store_is_empty(documents_dir: Path) -> bool:
    return not documents_dir.exists() or (documents_dir.is_dir() and not any(documents_dir.iterdir()))


def _clear_database(database_url: str, empty: bool, moved: list[str]) -> None:
    """Make way for the restore: move a used database aside (never delete it)."""
    if dialect_of(database_url) == "sqlite":
        path = _sqlite_path(database_url)
        stale = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
        if empty:
            for extra in stale:  # an empty database's journal must not meet the restored file
                extra.unlink(missing_ok=True)
            return
        aside = path.with_name(f"{path.name}.before-restore-{_stamp()}")
        path.rename(aside)
        for extra in stale:
            if extra.exists():
                extra.rename(aside.with_name(aside.name + extra.name[len(path.name):]))
        moved.append(str(aside))
        return
    if empty:
        return
    schema = f"before_restore_{_stamp()}"
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f'ALTER SCHEMA public RENAME TO "{schema}"')
            connection.exec_driver_sql("CREATE SCHEMA public")
    finally:
        engine.dispose()
    moved.append(f"PostgreSQL schema {schema} (DROP SCHEMA {schema} CASCADE once you are satisfied)")


def _clear_documents(documents_dir: Path, empty: bool, moved: list[str]) -> None:
    if empty:
        if documents_dir.exists():
            documents_dir.rmdir()
        return
    aside = documents_dir.with_name(f"{documents_dir.name}.before-restore-{_stamp()}")
    documents_dir.rename(aside)
    moved.append(str(aside))


def _restore_documents(directory: Path, manifest: dict, staging: Path) -> None:
    """Copy the backup's documents into ``staging``, checking each copy against the manifest."""
    staging.mkdir(mode=0o700)
    prefix = f"{DOCUMENTS}/"
    for name, expected in manifest["files"].items():
        if not name.startswith(prefix):
            continue
        digest, _size = _copy_hashed(directory / name, staging / name[len(prefix):])
        if digest != expected["sha256"]:
            raise BackupError(f"{name} changed while it was being restored (checksum differs)")


def _restore_sqlite(source: Path, database_url: str) -> None:
    target = _sqlite_path(database_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.restoring")
    partial.unlink(missing_ok=True)
    backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    copy = sqlite3.connect(partial)
    try:
        backup_db.backup(copy)  # the portal turns WAL on again when it connects (db.py)
    finally:
        copy.close()
        backup_db.close()
    partial.chmod(0o600)
    os.replace(partial, target)


def _restore_postgresql(source: Path, database_url: str) -> None:
    conninfo, environ = _libpq(database_url)
    _run([PG_RESTORE, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
          f"--dbname={conninfo}", str(source)], environ, "restore the database")


def restore(directory: Path, database_url: str, documents_dir: Path, *, force: bool = False) -> RestoreReport:
    """Restore a backup into an empty database and document store (``force``: move what is there aside)."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    manifest = verify(directory)
    seconds["verify"] = time.perf_counter() - started
    database = manifest["database"]
    dialect = dialect_of(database_url)
    if database["dialect"] != dialect:
        raise BackupError(f"This backup is of a {database['dialect']} database but EHCNA_DATABASE_URL is "
                          f"{dialect}: restore into the same kind of database")
    db_empty, store_empty = _database_is_empty(database_url), _store_is_empty(documents_dir)
    if not force and not db_empty:
        raise BackupError("The database to restore into is not empty: restore into a new empty database, "
                          "or use --force to move what it holds aside first. Nothing was changed")
    if not force and not store_empty:
        raise BackupError(f"The document store {documents_dir} is not empty: restore into an empty one, "
                          "or use --force to move it aside first. Nothing was changed")

    moved: list[str] = []
    documents_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = documents_dir.parent / f".{documents_dir.name}.restoring-{_stamp()}-{os.getpid()}"
    started = time.perf_counter()
    try:
        _restore_documents(directory, manifest, staging)
        seconds["documents"] = time.perf_counter() - started
        started = time.perf_counter()
        _clear_database(database_url, db_empty, moved)
        if dialect == "sqlite":
            _restore_sqlite(directory / database["file"], database_url)
        else:
            _restore_postgresql(directory / database["file"], database_url)
        seconds["database"] = time.perf_counter() - started
        _clear_documents(documents_dir, store_empty, moved)
        staging.rename(documents_dir)
    except (OSError, BackupError) as error:
        where = f" (moved aside first: {'; '.join(moved)})" if moved else ""
        raise BackupError(f"The restore did not complete: {error}{where}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    started = time.perf_counter()
    problems: list[str] = []
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            tables = row_counts(connection)
            revision = _revision(connection, tables)
        if tables != database["tables"]:
            differ = sorted(name for name in set(tables) | set(database["tables"])
                            if tables.get(name) != database["tables"].get(name))
            problems.append("rows per table differ from the manifest: " + ", ".join(
                f"{name} {tables.get(name)} (expected {database['tables'].get(name)})" for name in differ))
        if revision != database["alembic_revision"]:
            problems.append(f"the restored database is at revision {revision}, "
                            f"the manifest says {database['alembic_revision']}")
        reconciliation = reconcile(engine, documents_dir)
    finally:
        engine.dispose()
    seconds["reconcile"] = time.perf_counter() - started
    return RestoreReport(manifest, tables, reconciliation, seconds, moved, problems)
