"""``ehcna-portal``: the operator's command line.

    ehcna-portal db upgrade [REVISION]     apply migrations (default: head)
    ehcna-portal db downgrade REVISION     roll back to REVISION
    ehcna-portal create-staff --email E --name N --role caseworker|manager|admin [--password-stdin]
    ehcna-portal send-mail                 deliver what is due in the outbox, once
    ehcna-portal seed-demo                 demo parent and staff, sample addresses (dev only)
    ehcna-portal import-addresses FILE.csv load the address gazetteer
                                           (columns UPRN, ADDRESS_LINE_1, ADDRESS_LINE_2, TOWN, POSTCODE)
    ehcna-portal import-schools FILE.csv   load the schools list (the DfE Get Information about Schools extract)
    ehcna-portal check-config              validate settings and print them (secrets hidden)
    ehcna-portal backup DIR                database + document store + checksummed manifest into DIR (new or empty)
    ehcna-portal restore DIR [--force]     check every checksum, then restore DIR into an empty database and
                                           document store, then reconcile documents with their records
    ehcna-portal restore DIR --verify-only check every checksum of a backup and change nothing
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from alembic.config import Config

from alembic import command
from ehcna_portal.settings import ConfigError, Settings, get_settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def alembic_config(database_url: str | None = None) -> Config:
    """Alembic settings for this checkout; ``database_url`` overrides EHCNA_DATABASE_URL."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    if database_url:
        config.attributes["database_url"] = database_url
    return config


def _db(args: argparse.Namespace, settings: Settings) -> int:
    if settings.database_url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    config = alembic_config(settings.database_url)
    if args.db_command == "upgrade":
        command.upgrade(config, args.revision)
    else:
        command.downgrade(config, args.revision)
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat password: "):
        raise SystemExit("Passwords do not match")
    return first


def _create_staff(args: argparse.Namespace, settings: Settings) -> int:
    from ehcna_portal.db import session_scope
    from ehcna_portal.services.accounts import AccountError, create_staff

    password = _read_password(args)
    try:
        with session_scope() as session:
            staff = create_staff(session, settings, email=args.email, name=args.name,
                                 role=args.role, password=password, actor="cli")
            print(f"Created {staff.role} account {staff.email} (id {staff.id}); "
                  "a welcome email is in the outbox.")
    except AccountError as error:
        print(f"Could not create the account: {error}", file=sys.stderr)
        return 1
    return 0


def _send_mail(_args: argparse.Namespace, settings: Settings) -> int:
    from ehcna_portal.db import get_engine
    from ehcna_portal.services.mail_transport import transport_for
    from ehcna_portal.services.outbox import deliver_due

    report = deliver_due(get_engine(), transport_for(settings))
    print(f"sent {len(report.sent)}, retrying {len(report.retrying)}, dead-lettered {len(report.dead)}")
    return 0


def _expire_drafts(_args: argparse.Namespace, settings: Settings) -> int:
    from ehcna_portal.db import get_engine
    from ehcna_portal.models.base import utcnow
    from ehcna_portal.services.case_retention import delete_expired
    from ehcna_portal.services.dates import uk_date
    from ehcna_portal.services.draft_expiry import expire_drafts
    from ehcna_portal.services.plan_endings import end_at_25

    report = expire_drafts(get_engine(), settings, utcnow())
    print(f"reminded {len(report.reminded)}, deleted {len(report.deleted)} unsent applications")
    ended = end_at_25(get_engine(), uk_date(utcnow()), utcnow())
    print(f"closed {len(ended)} plans that ended at 25")
    retained = delete_expired(get_engine(), settings, uk_date(utcnow()))
    print(f"deleted {len(retained.deleted_cases)} cases past their retention period ({retained.files} files)")
    return 0


def _seed_demo(_args: argparse.Namespace, settings: Settings) -> int:
    from ehcna_portal.db import session_scope
    from ehcna_portal.services.seed import SeedRefusedError, seed_demo

    try:
        with session_scope() as session:
            logins = seed_demo(session, settings)
    except SeedRefusedError as error:
        print(error, file=sys.stderr)
        return 1
    print("Demo sign-ins (development only):")
    for login in logins:
        print(f"  {login.who:<11} {login.email:<26} password: {login.password}")
    return 0


def _import(path: str, read, load, noun: str, skipped: str) -> int:
    """Read a CSV file and load it in one transaction; a bad file changes nothing."""
    from ehcna_portal.db import session_scope

    try:
        rows = read(Path(path))
    except (OSError, ValueError) as error:
        print(f"Could not read the {noun}: {error}", file=sys.stderr)
        return 1
    with session_scope() as session:
        count = load(session, rows)
    print(f"Imported {count} of {len(rows)} {noun} ({skipped} are skipped).")
    return 0


def _import_addresses(args: argparse.Namespace, _settings: Settings) -> int:
    from ehcna_portal.services.addresses import import_addresses, read_csv

    return _import(args.file, read_csv, import_addresses, "addresses",
                   "rows without a UPRN, first line or UK postcode")


def _import_schools(args: argparse.Namespace, _settings: Settings) -> int:
    from ehcna_portal.services.schools import import_schools, read_gias_csv

    return _import(args.file, read_gias_csv, import_schools, "schools",
                   "closed schools and rows without a URN or name")


def _check_config(_args: argparse.Namespace, settings: Settings) -> int:
    hidden = {"secret_key", "smtp_password", "monitor_token"}
    for name, value in vars(settings).items():
        print(f"{name} = {'(set)' if name in hidden and value else value}")
    return 0


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


# Backup and restore copy a directory document store; a bucket is backed up by the object store itself.
_BUCKET_NOT_COPIED = ("the documents are in an S3-compatible bucket (EHCNA_DOCUMENT_STORE=s3), which this command "
                      "does not copy: back the bucket up with the store's own versioning and replication "
                      "(docs/DEPLOYMENT.md)")


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    from ehcna_portal.services import backup

    if settings.s3 is not None:
        print(f"Backup refused: {_BUCKET_NOT_COPIED}.", file=sys.stderr)
        return 1
    try:
        report = backup.backup(settings.database_url, settings.documents_dir, Path(args.directory))
    except backup.BackupError as error:
        print(f"Backup failed: {error}", file=sys.stderr)
        return 1
    database, documents = report.manifest["database"], report.manifest["documents"]
    size = report.manifest["files"][database["file"]]["size"]
    print(f"Backed up to {report.directory} in {report.total_seconds:.1f} s:")
    print(f"  database   {database['dialect']}, revision {database['alembic_revision']}, "
          f"{sum(database['tables'].values())} rows in {len(database['tables'])} tables, {_megabytes(size)} "
          f"({report.seconds['database']:.1f} s)")
    print(f"  documents  {documents['files']} files, {_megabytes(documents['bytes'])} "
          f"({report.seconds['documents']:.1f} s)")
    print(f"  checksums  {report.directory / backup.MANIFEST}")
    for warning in report.warnings:
        print(f"Warning: {warning}", file=sys.stderr)
    print("The backup holds personal data about children: keep it encrypted and access-controlled.")
    return 1 if report.warnings else 0


def _restore(args: argparse.Namespace, settings: Settings) -> int:
    from ehcna_portal.services import backup

    directory = Path(args.directory)
    if settings.s3 is not None and not args.verify_only:
        print(f"Restore refused: {_BUCKET_NOT_COPIED}.", file=sys.stderr)
        return 1
    try:
        if args.verify_only:
            manifest = backup.verify(directory)
            print(f"{directory}: all {len(manifest['files'])} files match the manifest "
                  f"(taken {manifest['created_at']}, revision {manifest['database']['alembic_revision']}).")
            return 0
        report = backup.restore(directory, settings.database_url, settings.documents_dir, force=args.force)
    except backup.BackupError as error:
        print(f"Restore failed: {error}", file=sys.stderr)
        return 1
    manifest, found = report.manifest, report.reconciliation
    print(f"Checked {len(manifest['files'])} files against the manifest ({report.seconds['verify']:.1f} s).")
    print(f"Restored the backup taken {manifest['created_at']} in {report.total_seconds:.1f} s: "
          f"{sum(report.tables.values())} rows in {len(report.tables)} tables "
          f"({report.seconds['database']:.1f} s), {manifest['documents']['files']} document files "
          f"({report.seconds['documents']:.1f} s).")
    for moved in report.moved_aside:
        print(f"Moved aside (not deleted): {moved}")
    print(f"Reconciliation ({report.seconds['reconcile']:.1f} s): {found.checked} document records checked, "
          f"{len(found.mismatched)} with a different file, {len(found.missing)} without a file, "
          f"{len(found.orphans)} files without a record.")
    for label, names in (("different file", found.mismatched), ("no file", found.missing),
                         ("no record (orphan file)", found.orphans)):
        for name in names[:20]:
            print(f"  {label}: {name}", file=sys.stderr)
    for problem in report.problems:
        print(f"Problem: {problem}", file=sys.stderr)
    if not report.ok:
        print("Restore finished WITH PROBLEMS (above): do not put this copy into service before checking them.",
              file=sys.stderr)
        return 1
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    revision = manifest["database"]["alembic_revision"]
    if revision != head:
        print(f"The backup is at migration {revision}; this version of the portal expects {head}: "
              "run `ehcna-portal db upgrade` before starting it.")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="ehcna-portal", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = root.add_subparsers(dest="command", required=True)

    db = commands.add_parser("db", help="database migrations")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    upgrade = db_commands.add_parser("upgrade", help="apply migrations")
    upgrade.add_argument("revision", nargs="?", default="head")
    downgrade = db_commands.add_parser("downgrade", help="roll back migrations")
    downgrade.add_argument("revision")
    db.set_defaults(run=_db)

    staff = commands.add_parser("create-staff", help="create a staff account")
    staff.add_argument("--email", required=True)
    staff.add_argument("--name", required=True)
    staff.add_argument("--role", required=True, choices=["caseworker", "manager", "admin"])
    staff.add_argument("--password-stdin", action="store_true",
                       help="read the password from the first line of standard input")
    staff.set_defaults(run=_create_staff)

    commands.add_parser("send-mail", help="deliver due outbox messages once").set_defaults(run=_send_mail)
    commands.add_parser("expire-drafts", help="remind about, then delete, long-untouched unsent applications; "
                        "delete cases past their retention period"
                        ).set_defaults(run=_expire_drafts)
    commands.add_parser("seed-demo", help="create demo accounts (dev only)").set_defaults(run=_seed_demo)
    commands.add_parser("check-config", help="validate settings").set_defaults(run=_check_config)
    addresses = commands.add_parser("import-addresses", help="load the address gazetteer from a CSV file")
    addresses.add_argument("file")
    addresses.set_defaults(run=_import_addresses)
    schools = commands.add_parser("import-schools", help="load the schools list from a GIAS extract CSV file")
    schools.add_argument("file")
    schools.set_defaults(run=_import_schools)
    backup = commands.add_parser("backup", help="back up the database and the document store into a new directory")
    backup.add_argument("directory")
    backup.set_defaults(run=_backup)
    restore = commands.add_parser("restore", help="restore a backup into an empty database and document store")
    restore.add_argument("directory")
    restore.add_argument("--force", action="store_true",
                         help="restore even if the database or document store holds data (it is moved aside, "
                              "not deleted)")
    restore.add_argument("--verify-only", action="store_true",
                         help="only check the backup's checksums; change nothing")
    restore.set_defaults(run=_restore)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = get_settings()
    except ConfigError as error:
        print(f"EHCNA configuration error: {error}", file=sys.stderr)
        return 2
    return args.run(args, settings)


if __name__ == "__main__":
    sys.exit(main())
