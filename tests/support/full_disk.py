"""Run in a child process by tests/integration/test_document_store_full.py: uploads through the real route
into a document store that really cannot take the file, then again once it can, in the same process.

    python -m tests.support.full_disk tmpfs WORKDIR    # WORKDIR/data/documents is a small, full tmpfs
    python -m tests.support.full_disk rlimit WORKDIR   # a file-size limit (RLIMIT_FSIZE) stops the write
    python -m tests.support.full_disk spool WORKDIR    # the same limit stops Starlette spooling a 3 MB upload

Prints one JSON object with what it saw; its log goes to stderr.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import resource
import signal
import sys
from pathlib import Path

MODE, WORK = sys.argv[1], Path(sys.argv[2])
os.environ.update({"EHCNA_ENV": "dev", "EHCNA_DATA_DIR": str(WORK / "data"),
                   "EHCNA_DATABASE_URL": f"sqlite:///{WORK / 'ehcna.db'}",
                   "EHCNA_PUBLIC_URL": "https://portal.example.gov.uk"})

from sqlmodel import Session, select  # noqa: E402

from alembic import command  # noqa: E402
from ehcna_portal.cli import alembic_config  # noqa: E402
from ehcna_portal.db import make_engine  # noqa: E402
from ehcna_portal.models import ApplicationDocument  # noqa: E402
from ehcna_portal.settings import load_settings  # noqa: E402
from tests.support.documents import api_client, family_with_draft, parent_cookie, post_files  # noqa: E402
from tests.support.pdfs import build  # noqa: E402


class _Patch:
    """Just enough of pytest's monkeypatch for api_client."""

    def setattr(self, target, name, value):
        setattr(target, name, value)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    settings = load_settings()
    command.upgrade(alembic_config(settings.database_url), "head")
    engine = make_engine(settings.database_url)
    client = api_client(engine, settings, _Patch())
    parent_id, application_id = family_with_draft(engine, settings)
    cookie = parent_cookie(engine, settings, parent_id)
    documents = settings.documents_dir
    # Over 1 MB Starlette spools the upload to the temporary folder before the route sees it; under, in memory.
    padding = 800 * 1024 if MODE == "rlimit" else 3 * 1024 * 1024
    upload = build(objects={5: b"<</Length 9>>stream\n%padding\nendstream"}) + b"%" + b"x" * padding
    seen: dict[str, object] = {"mode": MODE}

    if MODE == "tmpfs":
        filler = documents / "filler"
        with contextlib.suppress(OSError), filler.open("wb", buffering=0) as out:
            while True:  # fill the disk to the last block
                out.write(b"\0" * 4096)
        try:
            with (documents / "probe").open("wb") as probe:
                probe.write(b"x" * 65536)
                probe.flush()
                os.fsync(probe.fileno())
            seen["full"] = False
        except OSError as error:
            seen["full"] = error.errno == errno.ENOSPC
        (documents / "probe").unlink(missing_ok=True)
    else:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # over the limit, write() fails with EFBIG
        limit = 512 * 1024  # above the SQLite database's size, below the upload's
        _soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
        seen["full"] = True

    refused = post_files(client, settings, cookie, application_id, ("report.pdf", upload))
    seen["refused_location"] = refused.headers.get("location", "")
    with Session(engine) as db:
        seen["rows_after_refusal"] = len(db.exec(select(ApplicationDocument)).all())
    seen["files_after_refusal"] = sorted(path.name for path in documents.iterdir()) if documents.exists() else []

    # The operator frees space (or the limit is lifted); nothing is restarted.
    if MODE == "tmpfs":
        (documents / "filler").unlink()
    else:
        resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, hard))
    accepted = post_files(client, settings, cookie, application_id, ("report.pdf", upload))
    seen["accepted_location"] = accepted.headers.get("location", "")
    with Session(engine) as db:
        stored = db.exec(select(ApplicationDocument)).all()
        seen["rows_after_recovery"] = len(stored)
        seen["stored_intact"] = bool(stored) and (documents / stored[0].stored_name).read_bytes() == upload
    seen["files_after_recovery"] = len([path for path in documents.iterdir()])
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
