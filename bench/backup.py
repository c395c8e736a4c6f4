"""``python -m bench.backup``: how long ``ehcna-portal backup`` and ``restore`` take at a realistic size.

Seeds a portal through the services (500 families, each with a sent request and
a draft: 1,000 applications; 3 documents a family, 200 MB of PDFs in all that do
not compress, like scans), then times the operator's commands as they are run,
as separate processes (Python start-up included):

    ehcna-portal backup DIR
    ehcna-portal restore DIR          (into an empty database and document store)

on SQLite and on PostgreSQL (``EHCNA_BENCH_POSTGRES``, default the local server;
the databases ``ehcna_bench_backup_src`` and ``_dst`` are created and dropped).
Results go to ``bench/results/backup.json``. Not part of ``make test``.

    python -m bench.backup [--applications 1000] [--megabytes 200] [--only sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "backup.json"
CLI = str(Path(sys.executable).parent / "ehcna-portal")
ADMIN_URL = os.environ.get("EHCNA_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def _postgres(name: str) -> str:
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def _drop(name: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(env: dict[str, str], *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([CLI, *args], env=env, capture_output=True, text=True, timeout=3600, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return seconds, done.stdout


def _environ(data_dir: Path, url: str) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("EHCNA_")}
    environ.update({"EHCNA_ENV": "dev", "EHCNA_DATA_DIR": str(data_dir), "EHCNA_DATABASE_URL": url})
    return environ


def _seed(data_dir: Path, url: str, families: int, document_bytes: int) -> float:
    from ehcna_portal.services.passwords import hash_password
    from ehcna_portal.settings import load_settings
    from tests.conftest import migrated_engine
    from tests.support.families import make_family

    settings = load_settings(_environ(data_dir, url))
    engine = migrated_engine(url)
    password_hash = hash_password("bench parent password 42")
    started = time.perf_counter()
    try:
        for number in range(families):
            make_family(engine, settings, number, documents=2, document_bytes=document_bytes,
                        password_hash=password_hash)
    finally:
        engine.dispose()
    return time.perf_counter() - started


def _size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def measure(kind: str, applications: int, megabytes: int, work: Path) -> dict:
    families = applications // 2
    document_bytes = megabytes * 1_000_000 // (3 * families)
    source_dir, target_dir, backup_dir = work / f"{kind}-live", work / f"{kind}-restored", work / f"{kind}-backup"
    source_dir.mkdir()
    target_dir.mkdir()
    if kind == "sqlite":
        source_url, target_url = f"sqlite:///{source_dir / 'ehcna.db'}", f"sqlite:///{target_dir / 'ehcna.db'}"
    else:
        source_url, target_url = _postgres("ehcna_bench_backup_src"), _postgres("ehcna_bench_backup_dst")
    try:
        print(f"{kind}: seeding {families} families ({applications} applications, {3 * families} documents of "
              f"{document_bytes // 1000} kB)…", flush=True)
        seed_seconds = _seed(source_dir, source_url, families, document_bytes)
        backup_seconds, backup_output = _run(_environ(source_dir, source_url), "backup", str(backup_dir))
        restore_seconds, restore_output = _run(_environ(target_dir, target_url), "restore", str(backup_dir))
        manifest = json.loads((backup_dir / "manifest.json").read_text())
        database_file = manifest["database"]["file"]
        result = {
            "database": kind,
            "applications": manifest["database"]["tables"]["application"],
            "documents": manifest["documents"]["files"],
            "documents_mb": round(manifest["documents"]["bytes"] / 1_000_000, 1),
            "database_file_mb": round(manifest["files"][database_file]["size"] / 1_000_000, 1),
            "rows": sum(manifest["database"]["tables"].values()),
            "backup_mb": round(_size(backup_dir) / 1_000_000, 1),
            "seed_seconds": round(seed_seconds, 1),
            "backup_seconds": round(backup_seconds, 1),
            "restore_seconds": round(restore_seconds, 1),
            "backup_command": f"EHCNA_DATABASE_URL=<{kind}> ehcna-portal backup DIR",
            "restore_command": f"EHCNA_DATABASE_URL=<empty {kind}> ehcna-portal restore DIR",
            "backup_output": backup_output.strip().splitlines(),
            "restore_output": restore_output.strip().splitlines(),
        }
        print(json.dumps({k: v for k, v in result.items() if not k.endswith("_output")}, indent=1), flush=True)
        return result
    finally:
        if kind == "postgresql":
            _drop("ehcna_bench_backup_src")
            _drop("ehcna_bench_backup_dst")
        shutil.rmtree(backup_dir, ignore_errors=True)


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    arguments.add_argument("--applications", type=int, default=1000)
    arguments.add_argument("--megabytes", type=int, default=200)
    arguments.add_argument("--only", choices=["sqlite", "postgresql"])
    options = arguments.parse_args()
    kinds = [options.only] if options.only else ["sqlite", "postgresql"]
    with tempfile.TemporaryDirectory(prefix="ehcna-bench-backup-") as temporary:
        results = [measure(kind, options.applications, options.megabytes, Path(temporary)) for kind in kinds]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "command": f"python -m bench.backup --applications {options.applications} --megabytes {options.megabytes}"
                   + (f" --only {options.only}" if options.only else ""),
        "results": results,
    }, indent=2) + "\n")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
