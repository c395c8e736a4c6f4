"""Save & Continue round trip, as a parent's browser does it over the websocket.

One timed round trip = the step's ``submit_page`` event (answers parsed, checked and saved in one database
transaction, with the version check) until the next step's answers arrive: from the click to the next step
being on screen, less the browser's own drawing. Since issue 19 that is one event, answered with the next page;
a portal that answers with a redirect instead (as before it) is followed as a browser follows it, with that
page's ``load`` event, so both are timed alike. Each parent has a real signed-in session (with two-step
verification) and their own draft, seeded straight into the database, and opens its tab as a browser does
(``hydrate_and_load``), so the page's on_load has run before the first save. ``Tab`` is shared with
bench/scale.py.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import time
import uuid
from pathlib import Path

import socketio

ROOT = Path(__file__).resolve().parent.parent
STATE = "reflex___state____state.ehcna_portal___state___application____application_state"
HYDRATE = "reflex___state____state.hydrate_and_load"  # the boot event a browser sends
FLOOR = "reflex___state____state.ehcna_portal___state___session____session_state.not_found"
DATABASE_FLOOR = "reflex___state____state.bench___floor____database_floor_state.touch"  # bench/floor.py
LEVELS = {1: 100, 50: 10}  # concurrent parents → saves each
ANSWER = ("Al's anxiety has grown this year and school say they cannot meet his needs from their own resources. "
          * 5)

_SEED = """
import json, sys
from datetime import date
from sqlmodel import Session
from ehcna_portal.db import get_engine
from ehcna_portal.models import ParentAccount
from ehcna_portal.services import applications, children, sessions
engine = get_engine()
made = []
for number in range(int(sys.argv[1]), int(sys.argv[2])):
    with Session(engine) as db:
        parent = ParentAccount(email=f"bench-save-{number}@example.com", password_hash="x", title="Ms",
                               forename="Bench", surname=f"Parent {number}", gender="female", postcode="CV1 5RR",
                               address_line_1="1 Example Street", town="Coventry", home_phone="01632960001",
                               email_verified_at=None, two_step_method="email")
        db.add(parent); db.commit(); db.refresh(parent)
        parent_id = parent.id
    child_id, _ = children.add_child(engine, parent_id, {
        "forename": "Al", "middle_name": "", "surname": f"Bench{number}", "gender_at_birth": "male",
        "date_of_birth": date(2017, 3, 12), "school_urn": "", "school_name": "", "school_status": "not_in_school",
        "relationship": "Mother", "parental_responsibility": True, "address_line_1": "1 Example Street",
        "address_line_2": "", "town": "Coventry", "postcode": "CV1 5RR", "uprn": ""})
    application_id, _ = applications.start(engine, parent_id, child_id)
    with Session(engine) as db:
        row = sessions.start(db, parent_id, stage=sessions.SIGNED_IN, two_step_verified=True)
        nonce = sessions.create_handoff(db, row, "/ehc")
        db.commit()
        token, _ = sessions.redeem_handoff(db, nonce)
        db.commit()
    made.append([token, application_id])
print(json.dumps(made))
"""


def seed_parents(env: dict[str, str], count: int, first: int = 0) -> list[tuple[str, int]]:
    """``count`` signed-in parents, each with a child and a draft application: (session token, application id).
    ``first`` numbers them on from parents seeded before, so more can be added as a run needs them."""
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", _SEED, str(first), str(first + count)],
                          env={**os.environ, **env}, capture_output=True, text=True, check=True, cwd=ROOT)
    return [(token, int(application)) for token, application in json.loads(done.stdout.strip().splitlines()[-1])]


class Tab:
    """One parent's browser tab: their session cookie, hydrated on its step page like a real page."""

    def __init__(self, url: str, cookie: str, application_id: int) -> None:
        self.url, self.cookie, self.application_id = url, cookie, application_id
        self.client = socketio.AsyncClient(reconnection=False)
        self.done = asyncio.Event()
        self.until = lambda _update: True
        self.client.on("event", self._on_update, namespace="/_event")
        self.floor_count = 0
        self.on_step_4 = True
        self.answer: dict = {}

    async def _on_update(self, update: dict) -> None:
        if self.until(update):
            self.answer = update
            self.done.set()

    def path(self, page: str) -> str:
        return f"/ehc/application/{self.application_id}/{page}"

    async def send(self, name: str, path: str, payload: dict, until) -> float:
        self.until = until
        self.done.clear()
        started = time.perf_counter()
        await self.client.emit("event", {"name": name, "payload": payload,
                                         "router_data": {"pathname": path, "query": {}, "asPath": path}},
                               namespace="/_event")
        await asyncio.wait_for(self.done.wait(), timeout=30)
        return (time.perf_counter() - started) * 1000

    async def open(self) -> None:
        await self.client.connect(f"{self.url}?token={uuid.uuid4()}", transports=["websocket"],
                                  socketio_path="/_event", namespaces=["/_event"],
                                  headers={"Origin": self.url, "Cookie": f"__Host-ehcna_session={self.cookie}"})
        # the page's first event, as the browser sends it: the state, then on_load (the step's answers)
        loaded = f'"loaded_path_rx_state_": "{self.path("step-4")}"'
        await self.send(HYDRATE, self.path("step-4"), {}, lambda update: loaded in json.dumps(update))

    async def close(self) -> None:
        await self.client.disconnect()

    async def load(self, page: str) -> float:
        """The page's answers arrive: the update that says the page was filled for this address (an update
        left over from an earlier event, such as the page title's script, must not end the wait)."""
        loaded = f'"loaded_path_rx_state_": "{self.path(page)}"'
        return await self.send(f"{STATE}.load", self.path(page), {}, lambda update: loaded in json.dumps(update))

    async def save_and_continue(self) -> float:
        """From the click to the next page's answers sent back (the save and the next page, in one event or,
        before issue 19, the save, a redirect and that page's load).

        Alternately Save & Continue on Step 4 (to Step 5) and Back on Step 5 (its answers saved, to
        Step 4): the same work each time, and the tab is always where a parent pressing it would be."""
        if self.on_step_4:
            page, form, then = "step-4", {"_action": "continue", "why_requesting_now": ANSWER,
                                          "strengths": f"Saved at {time.time()}"}, "step-5"
        else:
            page, form, then = "step-5", {"_action": "back", "senco_name": f"Saved at {time.time()}"}, "step-4"
        shown = f'"loaded_path_rx_state_": "{self.path(then)}"'
        redirect = f'"path": "{self.path(then)}"'
        took = await self.send(f"{STATE}.submit_page", self.path(page), {"form_data": form},
                               lambda update: shown in json.dumps(update.get("delta") or {})
                               or redirect in json.dumps(update.get("events") or []))
        if shown not in json.dumps(self.answer.get("delta") or {}):
            took += await self.load(then)
        self.on_step_4 = not self.on_step_4
        return took

    async def trivial(self) -> float:
        """The framework floor: a handler that does nothing of note (a new address, so a delta comes back)."""
        self.floor_count += 1
        return await self.send(FLOOR, f"/bench-floor-{self.floor_count}", {},
                               lambda update: bool(update.get("delta")))

    async def database_floor(self) -> float:
        """The database floor (bench/floor.py): the session looked up and one conditional write committed,
        from the same page as the save."""
        page = "step-4" if self.on_step_4 else "step-5"
        return await self.send(DATABASE_FLOOR, self.path(page), {"application_id": self.application_id},
                               lambda update: "touched" in json.dumps(update.get("delta") or {}))


async def _one(url: str, parent: tuple[str, int], saves: int) -> list[float]:
    tab = Tab(url, *parent)
    await tab.open()
    try:
        return [await tab.save_and_continue() for _ in range(saves)]
    finally:
        await tab.close()


async def _level(url: str, parents: list[tuple[str, int]], saves: int) -> dict[str, float]:
    results = await asyncio.gather(*(_one(url, parent, saves) for parent in parents))
    flat = sorted(latency for one in results for latency in one)
    return {"parents": len(parents), "saves": len(flat), "p50_ms": round(statistics.median(flat), 2),
            "p95_ms": round(flat[int(0.95 * (len(flat) - 1))], 2)}


def save_and_continue(url: str, parents: list[tuple[str, int]]) -> list[dict[str, float]]:
    asyncio.run(_one(url, parents[0], 10))  # warm up
    return [asyncio.run(_level(url, parents[:count], saves)) for count, saves in LEVELS.items()]
