"""How the cost grows with load, for the two production configurations (issue 9).

``python -m bench.scale`` (part of ``make bench``) starts the portal in production mode twice:

* ``sqlite_1_worker``: SQLite and one backend worker (no Redis);
* ``postgres_redis_3_workers``: PostgreSQL, Redis and three backend workers.

For each it seeds signed-in parents with drafts, then runs simulated parents (python-socketio clients
on loopback, each a browser tab that hydrated its page) at rising concurrency. A parent presses
Save & Continue on Step 4 (or Back on Step 5: the same save, redirect and page load), waits for the
next page to be shown, "reads" for a random 0.5-1.5 s and goes again:
far faster than a real parent, who spends minutes on a step. The same parents, in the same run, send a
trivial Reflex event instead (the framework floor). Results:

* p50/p95 of Save & Continue (click to next step's answers, commit included) and of the floor, at 1,
  50 and 200 parents, and their ratio;
* capacity: the most parents held with Save & Continue p95 < 300 ms and no error;
* the server's CPU time per Save & Continue and per floor event (all its processes, from /proc);
* memory per connected parent: the server processes' RSS, and Redis bytes per tab's state;
* ``bench/results/scale.json``, a table on stdout, and ``bench/results/scale.png`` (p95 and throughput
  against concurrent parents for both configurations).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import socketio

from bench.run import _free_port, _start, _stop
from bench.save_continue import Tab, seed_parents

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
POSTGRES_ADMIN = os.environ.get("EHCNA_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("EHCNA_BENCH_REDIS", "redis://127.0.0.1:6379/3")
WORKERS = 3
LEVELS = (1, 50, 200)
CAPACITY_P95_MS = 300.0
SAVES_PER_PARENT = 5
SAMPLES_AT_LEAST = 30  # a level with few parents has each save more times, so its p50 and p95 mean something
ACTIONS = {"floor": "trivial", "database_floor": "database_floor", "save_and_continue": "save_and_continue"}


def capacity_steps():
    """Concurrent parents to try, without end: 10 at a time to 50, then a quarter more each step.
    The search stops where Save & Continue's p95 passes the limit or a parent meets an error."""
    count = 10
    while True:
        yield count
        count = count + 10 if count < 50 else int(count * 1.25) // 5 * 5
THINK_SECONDS = (0.5, 1.5)


@dataclass
class Samples:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def summary(self) -> dict[str, float]:
        flat = sorted(self.latencies)
        if not flat:
            return {"samples": 0, "errors": self.errors}
        return {"samples": len(flat), "errors": self.errors,
                "p50_ms": round(statistics.median(flat), 2), "p95_ms": round(flat[int(0.95 * (len(flat) - 1))], 2),
                "per_second": round(len(flat) / self.seconds, 1) if self.seconds else 0.0}


async def _parent(tab: Tab, action: str, samples: Samples, rounds: int) -> None:
    press = getattr(tab, ACTIONS[action])
    for _ in range(rounds):
        await asyncio.sleep(random.uniform(*THINK_SECONDS))
        try:
            samples.latencies.append(await press())
        except (TimeoutError, socketio.exceptions.SocketIOError):
            samples.errors += 1


async def _run_level(url: str, parents: list[tuple[str, int]], count: int, server_pid: int,
                     actions: tuple[str, ...]) -> dict:
    tabs = [Tab(url, cookie, application_id) for cookie, application_id in parents[:count]]
    opened = Samples()
    for start in range(0, count, 25):  # open in batches, as parents arrive over a minute, not in one instant
        results = await asyncio.gather(*(tab.open() for tab in tabs[start:start + 25]), return_exceptions=True)
        opened.errors += sum(isinstance(result, BaseException) for result in results)
    figures: dict = {"parents": count, "open_errors": opened.errors}
    rounds = max(SAVES_PER_PARENT, -(-SAMPLES_AT_LEAST // count))
    for action in actions:
        samples = Samples()
        started, cpu_before = time.perf_counter(), _cpu_seconds(server_pid)
        await asyncio.gather(*(_parent(tab, action, samples, rounds) for tab in tabs))
        samples.seconds = time.perf_counter() - started
        # the server's CPU per action, background work (outbox poll, scans) included
        cpu_ms = (_cpu_seconds(server_pid) - cpu_before) * 1000 / max(len(samples.latencies), 1)
        figures[action] = {**samples.summary(), "server_cpu_ms_each": round(cpu_ms, 1)}
    await asyncio.gather(*(tab.close() for tab in tabs), return_exceptions=True)
    return figures


def _tree(root_pid: int) -> list[int]:
    """The server's processes: ``root_pid`` and everything under it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _rss_kb(root_pid: int) -> int:
    """Resident memory of the server: the process tree under ``root_pid``."""
    total = 0
    for pid in _tree(root_pid):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total


def _cpu_seconds(root_pid: int) -> float:
    """CPU time (user + system) the server's processes have used so far."""
    ticks = 0
    for pid in _tree(root_pid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _redis(*words: str) -> str:
    address = REDIS.removeprefix("redis://").split("/")
    host, port = address[0].split(":")
    database = address[1] if len(address) > 1 else "0"
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(f"SELECT {database}\r\n{' '.join(words)}\r\n".encode())
        time.sleep(0.2)
        return connection.recv(1 << 16).decode(errors="replace")


def _redis_used_bytes() -> int:
    reply = _redis("INFO", "memory")
    return next(int(line.split(":")[1]) for line in reply.splitlines() if line.startswith("used_memory:"))


async def _hold(url: str, parents: list[tuple[str, int]], process: subprocess.Popen, redis: bool) -> dict:
    """Memory per connected parent: tabs opened and kept, against the server before they came."""
    await asyncio.sleep(2)
    before_rss, before_redis = _rss_kb(process.pid), _redis_used_bytes() if redis else 0
    tabs = [Tab(url, cookie, application_id) for cookie, application_id in parents]
    failed = 0
    for start in range(0, len(tabs), 25):
        results = await asyncio.gather(*(tab.open() for tab in tabs[start:start + 25]), return_exceptions=True)
        failed += sum(isinstance(result, BaseException) for result in results)
    await asyncio.sleep(2)
    after_rss, after_redis = _rss_kb(process.pid), _redis_used_bytes() if redis else 0
    await asyncio.gather(*(tab.close() for tab in tabs), return_exceptions=True)
    held = len(tabs) - failed
    figures = {"parents": held, "rss_kb_per_parent": round((after_rss - before_rss) / max(held, 1), 1),
               "server_rss_mb": round(after_rss / 1024, 1)}
    if redis:
        figures["redis_bytes_per_parent"] = round((after_redis - before_redis) / max(held, 1))
    return figures


def _postgres_database() -> str:
    name = "ehcna_bench_scale"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return POSTGRES_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1) + f"/{name}"


def measure(name: str, env: dict[str, str], tmp: Path, app: Path = ROOT) -> dict:
    """One configuration: the levels with both floors, the capacity search, memory per tab. ``app`` is the
    checkout whose portal is measured (another commit's, in a worktree with its own .venv, for a before/after
    in one sitting); the load generator and the seeding are always this checkout's."""
    subprocess.run([str(ROOT / ".venv" / "bin" / "ehcna-portal"), "db", "upgrade"],
                   env={**os.environ, **env}, check=True, capture_output=True)
    parents = seed_parents(env, 200)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = _start(app, port, {**env, "EHCNA_PORT": str(port), "EHCNA_PUBLIC_URL": url,
                                 "EHCNA_BENCH_FLOOR": "1", "REFLEX_WEB_WORKDIR": str(app / ".web-bench")},
                     tmp / f"{name}.log", venv=app / ".venv")
    actions = tuple(ACTIONS) if (app / "bench" / "floor.py").exists() else ("floor", "save_and_continue")
    try:
        asyncio.run(_run_level(url, parents, 5, process.pid, actions))  # warm up
        levels = []
        for count in LEVELS:
            levels.append(asyncio.run(_run_level(url, parents, count, process.pid, actions)))
            print(f"  {name}: {levels[-1]}", flush=True)
        capacity, curve = 0, []
        for count in capacity_steps():
            if count > len(parents):
                parents += seed_parents(env, count - len(parents), first=len(parents))
            try:
                figures = (levels[LEVELS.index(count)] if count in LEVELS
                           else asyncio.run(_run_level(url, parents, count, process.pid,
                                                       ("floor", "save_and_continue"))))
            except (OSError, socketio.exceptions.SocketIOError, TimeoutError) as error:
                curve.append({"parents": count, "failed": f"{type(error).__name__}: {error}"})
                break
            curve.append(figures)
            print(f"  {name} capacity search: {count} parents, Save & Continue "
                  f"{figures['save_and_continue']}", flush=True)
            saves = figures["save_and_continue"]
            if saves.get("errors") or figures["open_errors"] or saves.get("p95_ms", 1e9) >= CAPACITY_P95_MS:
                break
            capacity = count
        memory = asyncio.run(_hold(url, parents[:200], process, redis="REFLEX_REDIS_URL" in env))
    finally:
        _stop(process)
    return {"app": str(app), "levels": levels, "curve": curve, "capacity_parents": capacity,
            "capacity_limit": f"Save & Continue p95 < {CAPACITY_P95_MS:.0f} ms, no error",
            "memory": memory}


def _plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (latency, throughput) = plt.subplots(1, 2, figsize=(11, 4.2))
    for name, figures in results.items():
        points = sorted({row["parents"]: row for row in figures["levels"] + figures["curve"]
                         if "save_and_continue" in row}.values(), key=lambda row: row["parents"])
        x = [row["parents"] for row in points]
        latency.plot(x, [row["save_and_continue"].get("p95_ms") for row in points], marker="o",
                     label=f"{name}: Save & Continue")
        latency.plot(x, [row["floor"].get("p95_ms") for row in points], marker=".", linestyle="--",
                     label=f"{name}: trivial event (floor)")
        throughput.plot(x, [row["save_and_continue"].get("per_second") for row in points], marker="o", label=name)
    latency.axhline(CAPACITY_P95_MS, color="grey", linewidth=0.8)
    latency.set(xlabel="concurrent parents", ylabel="p95 round trip (ms)", yscale="log",
                title="p95 against concurrent parents")
    throughput.set(xlabel="concurrent parents", ylabel="Save & Continue per second", title="Throughput")
    latency.legend(fontsize=7)
    throughput.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def _ratio(top: float | None, bottom: float | None) -> float | None:
    return round(top / bottom, 2) if top and bottom else None


def targets(figures: dict, baseline: dict | None) -> dict:
    """Issue 23's targets for one configuration, each a measured ratio against a floor of the same run."""
    by_parents = {row["parents"]: row for row in figures["levels"]}
    one, fifty = by_parents[1], by_parents[50]

    def against(row: dict, floor: str, p: int) -> float | None:
        return _ratio(row["save_and_continue"].get(f"p{p}_ms"), row.get(floor, {}).get(f"p{p}_ms"))

    found = {
        "p50_at_1_vs_trivial_floor": (against(one, "floor", 50), 3.0),
        "p95_at_1_vs_database_floor": (against(one, "database_floor", 95), 2.0),
        "p95_at_50_vs_database_floor": (against(fifty, "database_floor", 95), 2.0),
        "cpu_per_save_vs_floor_event_at_50": (_ratio(fifty["save_and_continue"].get("server_cpu_ms_each"),
                                                     fifty["floor"].get("server_cpu_ms_each")), 2.5),
    }
    if baseline is not None:
        found["capacity_vs_baseline"] = (_ratio(figures["capacity_parents"], baseline["capacity_parents"]), None)
    return {name: {"ratio": ratio,
                   **({"at_most": limit, "met": ratio is not None and ratio <= limit} if limit else
                      {"at_least": 2.5, "met": ratio is not None and ratio >= 2.5})}
            for name, (ratio, limit) in found.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("configurations", nargs="*", help="sqlite_1_worker, postgres_redis_3_workers (default both)")
    parser.add_argument("--baseline", type=Path, help="a checkout of an earlier commit, with its own .venv, "
                                                       "measured first in the same sitting for the capacity ratio")
    arguments = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ehcna-bench-scale-"))
    base = {"EHCNA_ENV": "prod", "EHCNA_SECRET_KEY": "b" * 48, "EHCNA_SMTP_HOST": "127.0.0.1",
            "EHCNA_SMTP_PORT": "2", "EHCNA_MAIL_FROM": "noreply@example.gov.uk",
            "EHCNA_PUBLIC_URL": "http://127.0.0.1"}
    configs = {
        "sqlite_1_worker": lambda run: {**base, "EHCNA_DATA_DIR": str(tmp / run / "sqlite")},
        f"postgres_redis_{WORKERS}_workers": lambda run: {
            **base, "EHCNA_DATA_DIR": str(tmp / run / "postgres"), "EHCNA_DATABASE_URL": _postgres_database(),
            "REFLEX_REDIS_URL": REDIS, "GRANIAN_WORKERS": str(WORKERS)},
    }
    results, baselines = {}, {}
    for name, env_for in configs.items():
        if arguments.configurations and name not in arguments.configurations:
            continue
        if arguments.baseline:
            print(f"measuring {name} on the baseline {arguments.baseline}", flush=True)
            _redis("FLUSHDB")
            baselines[name] = measure(name, env_for("baseline"), tmp, app=arguments.baseline.resolve())
        print(f"measuring {name}", flush=True)
        _redis("FLUSHDB")
        results[name] = measure(name, env_for("portal"), tmp)
    verdicts = {name: targets(figures, baselines.get(name)) for name, figures in results.items()}
    report = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
              "think_seconds": THINK_SECONDS, "saves_per_parent": SAVES_PER_PARENT,
              "configurations": results, "baseline": baselines, "targets": verdicts}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scale.json").write_text(json.dumps(report, indent=2) + "\n")
    _plot(results, RESULTS / "scale.png")
    _print_table(results, baselines, verdicts)
    print(f"written to {(RESULTS / 'scale.json').relative_to(ROOT)} and {(RESULTS / 'scale.png').relative_to(ROOT)}")
    return 0


def _print_table(results: dict, baselines: dict, verdicts: dict) -> None:
    print(f"\n{'configuration':28}{'parents':>8}{'floor p50/p95':>15}{'db floor p50/p95':>18}{'S&C p50/p95':>14}"
          f"{'S&C/s':>7}{'errors':>7}{'CPU ms floor/db/S&C':>21}")
    for name, figures in results.items():
        for row in figures["levels"]:
            floor, database, saves = row["floor"], row.get("database_floor", {}), row["save_and_continue"]
            cpu = "/".join(str(part.get("server_cpu_ms_each", "-")) for part in (floor, database, saves))
            print(f"{name:28}{row['parents']:>8}"
                  + "".join(f"{str(part.get('p50_ms', '-')) + '/' + str(part.get('p95_ms', '-')):>{width}}"
                            for part, width in ((floor, 15), (database, 18), (saves, 14)))
                  + f"{saves.get('per_second', '-'):>7}{saves['errors'] + row['open_errors']:>7}{cpu:>21}")
        before = f", baseline {baselines[name]['capacity_parents']}" if name in baselines else ""
        print(f"{name:28} capacity {figures['capacity_parents']} parents{before} ({figures['capacity_limit']}); "
              f"memory {figures['memory']}")
        for target, verdict in verdicts[name].items():
            print(f"{'':28} {target}: {verdict}")


if __name__ == "__main__":
    sys.exit(main())
