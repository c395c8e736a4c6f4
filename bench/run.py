"""``make bench``: the portal against a bare Reflex app, measured in the same run.

Figures:
* cold load of Home: bytes on the wire (compressed bodies + headers) for the
  page and everything it loads, in a fresh Chromium context;
* event round trip: a hydrate event (every page load's first event), from
  emit to the final state update, with 1 and 50 concurrent websocket clients
  (python-socketio on loopback), p50 and p95.

* Save & Continue (portal only, ``bench/save_continue.py``): click to the next
  step's answers shown, database commit included, with 1 and 50 parents at
  once, against the bare app's hydrate round trip at the same concurrency (the
  framework floor: the least any event can cost).

* sign-in burst (portal only): another connected session's event p95 while 50
  parents, each with the sign-in page open, press Sign in at once, against the
  same session without the burst — bcrypt must stay off the event loop. The
  other session runs in a process of its own, like a browser elsewhere.

Both apps run in production mode (`reflex run --env prod --single-port`) on
loopback. Results are printed and written to bench/results/foundation.json.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path

import socketio
from playwright.sync_api import sync_playwright

from bench.save_continue import save_and_continue, seed_parents

ROOT = Path(__file__).resolve().parent.parent
BARE = ROOT / "bench" / "bare_app"
RESULTS = ROOT / "bench" / "results" / "foundation.json"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
HYDRATE = "reflex___state____state.hydrate"
SIGN_IN = "reflex___state____state.ehcna_portal___state___accounts____sign_in_state.submit"
BURST = 50
BENCH_PARENT = ("bench-parent@example.com", "violet kettle harbour 42")
LEVELS = {1: 200, 50: 20}  # concurrent clients → events per client


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(cwd: Path, port: int, extra_env: dict[str, str], log: Path, venv: Path = ROOT / ".venv") -> subprocess.Popen:
    """Start the Reflex app in ``cwd`` in production mode on one port, with the ``reflex`` of ``venv``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EHCNA_")}
    env.update({"REFLEX_CHECK_LATEST_VERSION": "0", "REFLEX_TELEMETRY_ENABLED": "false",
                "REFLEX_USE_SYSTEM_BUN": "1", **extra_env})
    reflex = str(venv / "bin" / "reflex")
    handle = log.open("wb")
    process = subprocess.Popen(
        [reflex, "run", "--env", "prod", "--single-port", "--frontend-port", str(port),
         "--backend-port", str(port), "--loglevel", "warning"],
        cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{cwd.name} exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=2):
                return process
        except OSError:
            time.sleep(1)
    raise SystemExit(f"{cwd.name} did not start")


def _stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def cold_load_bytes(url: str) -> dict[str, int]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context()
        page = context.new_page()
        responses = []
        page.on("requestfinished", lambda request: responses.append(request))
        page.goto(url + "/", wait_until="networkidle")
        page.wait_for_selector("h1")
        total = requests = 0
        for request in responses:
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            requests += 1
        browser.close()
    return {"bytes": total, "requests": requests}


class EventClient:
    """A websocket client that sends one Reflex event at a time and times its round trip."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._client = socketio.AsyncClient(reconnection=False)
        self._done = asyncio.Event()
        self._until = self._any_update
        self._client.on("event", self._on_update, namespace="/_event")

    @staticmethod
    def _any_update(_update: dict) -> bool:
        return True

    async def _on_update(self, update: dict) -> None:
        # Reflex 0.10 sends the state delta and the handler's events as separate updates, with no
        # "final" marker: the caller says which update ends the round trip.
        if self._until(update):
            self._done.set()

    async def __aenter__(self) -> EventClient:
        await self._client.connect(f"{self._url}?token={uuid.uuid4()}", transports=["websocket"],
                                   socketio_path="/_event", namespaces=["/_event"], headers={"Origin": self._url})
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self._client.disconnect()

    async def send(self, name: str, payload: dict | None = None, path: str = "/", timeout: float = 30,
                   until=None) -> float:
        """Milliseconds from emit to the first update that ``until`` accepts (default: any update)."""
        self._until = until or self._any_update
        self._done.clear()
        started = time.perf_counter()
        await self._client.emit("event", {"name": name, "payload": payload or {},
                                          "router_data": {"pathname": path, "query": {}, "asPath": path}},
                                namespace="/_event")
        await asyncio.wait_for(self._done.wait(), timeout=timeout)
        return (time.perf_counter() - started) * 1000


async def _client_latencies(url: str, events: int) -> list[float]:
    async with EventClient(url) as client:
        return [await client.send(HYDRATE) for _ in range(events)]


async def _level(url: str, clients: int, events: int) -> dict[str, float]:
    results = await asyncio.gather(*(_client_latencies(url, events) for _ in range(clients)))
    flat = sorted(latency for client in results for latency in client)
    return {"clients": clients, "events": len(flat),
            "p50_ms": round(statistics.median(flat), 2),
            "p95_ms": round(flat[int(0.95 * (len(flat) - 1))], 2)}


def event_latency(url: str) -> list[dict[str, float]]:
    asyncio.run(_client_latencies(url, 20))  # warm up
    return [asyncio.run(_level(url, clients, events)) for clients, events in LEVELS.items()]


async def _sign_in_once(client: EventClient, email: str, password: str) -> float:
    form = {"form_data": {"email": email, "password": password}}
    # a sign-in is answered when its events (the navigation to the cookie route) arrive
    return await client.send(SIGN_IN, form, "/sign-in", timeout=120, until=lambda u: bool(u.get("events"))) / 1000


def _observe(url: str, stop, results) -> None:
    """Another parent's tab, doing something small over and over until told to stop. It runs in its own
    process, like a browser on another machine: in the load generator's event loop its waits would also
    measure the 50 sign-in clients' own work, not the server's."""
    latencies: list[tuple[float, float]] = []  # (when it was answered, round trip in ms)

    async def watch() -> None:
        async with EventClient(url) as client:
            while not stop.is_set():
                took = await client.send(HYDRATE)
                latencies.append((time.time(), took))
                await asyncio.sleep(0.02)

    asyncio.run(watch())
    results.put(latencies)


class Observer:
    """``_observe`` in a process of its own, started and stopped from the load generator."""

    def __init__(self, url: str) -> None:
        context = multiprocessing.get_context("spawn")
        self.stop, self.results = context.Event(), context.Queue()
        self.process = context.Process(target=_observe, args=(url, self.stop, self.results), daemon=True)
        self.since = self.until = 0.0

    async def __aenter__(self) -> Observer:
        self.process.start()
        await asyncio.sleep(3)  # the interpreter starts and the tab connects before anything is compared
        self.since = time.time()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self.until = time.time()
        self.stop.set()

    async def latencies(self) -> list[float]:
        """The round trips answered between entering and leaving the ``async with``."""
        found = await asyncio.to_thread(self.results.get, timeout=60)
        await asyncio.to_thread(self.process.join, 10)
        return [took for answered, took in found if self.since <= answered <= self.until]


def _summary(latencies: list[float]) -> dict[str, float]:
    flat = sorted(latencies)
    return {"events": len(flat), "p50_ms": round(statistics.median(flat), 2),
            "p95_ms": round(flat[int(0.95 * (len(flat) - 1))], 2)}


async def _burst(url: str) -> dict:
    """50 parents, each with the sign-in page open, press Sign in at the same moment."""
    email, password = BENCH_PARENT
    quiet_observer = Observer(url)
    async with quiet_observer:
        await asyncio.sleep(8)
    quiet = await quiet_observer.latencies()
    clients = [EventClient(url) for _ in range(BURST)]
    await asyncio.gather(*(client.__aenter__() for client in clients))
    try:
        busy_observer = Observer(url)
        async with busy_observer:
            started = time.perf_counter()
            sign_ins = await asyncio.gather(*(_sign_in_once(client, email, password) for client in clients))
            burst_seconds = time.perf_counter() - started
        busy = await busy_observer.latencies()
    finally:
        await asyncio.gather(*(client.__aexit__() for client in clients), return_exceptions=True)
    return {"sign_ins": BURST, "burst_seconds": round(burst_seconds, 2),
            "slowest_sign_in_s": round(max(sign_ins), 2),
            "observer_without_burst": _summary(quiet), "observer_during_burst": _summary(busy)}


def sign_in_burst(url: str) -> dict:
    return asyncio.run(_burst(url))


def _seed_bench_parent(env: dict[str, str]) -> None:
    code = (
        "from ehcna_portal.db import get_engine\n"
        "from ehcna_portal.services import parent_accounts as a\n"
        "from ehcna_portal.settings import get_settings\n"
        "from sqlmodel import Session\n"
        "from ehcna_portal.models import ParentAccount\n"
        f"email, password = {BENCH_PARENT!r}\n"
        "f = a.validate_registration({'email': email, 'confirm_email': email, 'password': password, "
        "'title': 'Ms', 'forename': 'Bench', 'surname': 'Parent', 'gender': 'female', 'postcode': 'CV1 5RR', "
        "'address_line_1': '1 Example Street', 'town': 'Coventry', 'home_phone': '01632 960 001'})\n"
        "a.register(get_engine(), get_settings(), f.values)\n"
        "with Session(get_engine()) as db:\n"
        "    p = db.query(ParentAccount).filter(ParentAccount.email == email).one()\n"
        "    p.email_verified_at = p.created_at\n"
        "    db.add(p); db.commit()\n"
    )
    subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", code], env={**os.environ, **env},
                   check=True, capture_output=True, cwd=ROOT)


def measure(name: str, cwd: Path, env: dict[str, str], tmp: Path, *, burst: bool = False,
            parents: list[tuple[str, int]] | None = None) -> dict:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = _start(cwd, port, {**env, "EHCNA_PORT": str(port), "EHCNA_PUBLIC_URL": url,
                                 "BARE_ORIGIN": url}, tmp / f"{name}.log")
    try:
        figures = {"cold_load": cold_load_bytes(url), "hydrate_round_trip": event_latency(url)}
        if parents:
            figures["save_and_continue"] = save_and_continue(url, parents)
        if burst:
            figures["sign_in_burst"] = sign_in_burst(url)
        return figures
    finally:
        _stop(process)


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="ehcna-bench-"))
    portal_env = {
        "EHCNA_ENV": "prod", "EHCNA_DATA_DIR": str(tmp / "data"), "EHCNA_SECRET_KEY": "b" * 48,
        "EHCNA_SMTP_HOST": "127.0.0.1", "EHCNA_SMTP_PORT": "2", "EHCNA_MAIL_FROM": "noreply@example.gov.uk",
        "EHCNA_PUBLIC_URL": "http://127.0.0.1", "REFLEX_WEB_WORKDIR": str(ROOT / ".web-bench"),
    }
    subprocess.run([str(ROOT / ".venv" / "bin" / "ehcna-portal"), "db", "upgrade"],
                   env={**os.environ, **portal_env}, check=True, capture_output=True)
    _seed_bench_parent(portal_env)
    parents = seed_parents(portal_env, max(LEVELS))
    bare = measure("bare", BARE, {}, tmp)
    portal = measure("portal", ROOT, portal_env, tmp, burst=True, parents=parents)
    ratios = {
        "cold_load_bytes": round(portal["cold_load"]["bytes"] / bare["cold_load"]["bytes"], 2),
        **{f"hydrate_p{p}_at_{b['clients']}": round(o[f"p{p}_ms"] / b[f"p{p}_ms"], 2)
           for o, b in zip(portal["hydrate_round_trip"], bare["hydrate_round_trip"], strict=True)
           for p in (50, 95)},
        **{f"save_continue_p{p}_at_{b['clients']}_to_floor": round(o[f"p{p}_ms"] / b[f"p{p}_ms"], 2)
           for o, b in zip(portal["save_and_continue"], bare["hydrate_round_trip"], strict=True)
           for p in (50, 95)},
    }
    result = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
              "bare_reflex": bare, "portal": portal, "ratio_portal_to_bare": ratios}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{'':32}{'bare Reflex':>14}{'portal':>14}{'ratio':>8}")
    print(f"{'Home cold load (bytes)':32}{bare['cold_load']['bytes']:>14,}{portal['cold_load']['bytes']:>14,}"
          f"{ratios['cold_load_bytes']:>8}")
    for b, o in zip(bare["hydrate_round_trip"], portal["hydrate_round_trip"], strict=True):
        for p in (50, 95):
            clients, key = b["clients"], f"p{p}_ms"
            label = f"hydrate p{p} ms, {clients} client(s)"
            print(f"{label:32}{b[key]:>14}{o[key]:>14}{ratios[f'hydrate_p{p}_at_{clients}']:>8}")
    print("\nSave & Continue (click to next step shown), against the bare app's hydrate (the floor):")
    for b, o in zip(bare["hydrate_round_trip"], portal["save_and_continue"], strict=True):
        clients = b["clients"]
        for p in (50, 95):
            label = f"Save & Continue p{p} ms, {clients}"
            ratio = ratios[f"save_continue_p{p}_at_{clients}_to_floor"]
            print(f"{label:32}{b[f'p{p}_ms']:>14}{o[f'p{p}_ms']:>14}{ratio:>8}")
    burst = portal["sign_in_burst"]
    quiet, busy = burst["observer_without_burst"], burst["observer_during_burst"]
    increase = busy["p95_ms"] / quiet["p95_ms"] - 1
    result["sign_in_burst_p95_increase"] = round(increase, 3)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\n{BURST} simultaneous sign-ins took {burst['burst_seconds']} s (slowest {burst['slowest_sign_in_s']} s).")
    print(f"another session's event p95: {quiet['p95_ms']} ms without the burst, {busy['p95_ms']} ms during it "
          f"({increase:+.0%}; target under +20%)")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
