"""Save & Continue round trip, as a parent's browser does it over the websocket.

One timed round trip = the step's ``submit_page`` event (answers parsed, checked
and saved in one database transaction, with the version check) until the
redirect to the next step arrives, then that page's ``load`` event until its
state arrives: from the click to the next step's answers being on screen,
less the browser's own drawing. Each parent has a real signed-in session (with
two-step verification) and their own draft, seeded straight into the database.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import time
import uuid
from pathlib import Path

import socketio

ROOT = Path(__file__).resolve().parent.parent
STATE = "reflex___state____state.ehcna_portal___state___application____application_state"
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
for number in range(int(sys.argv[1])):
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


def seed_parents(env: dict[str, str], count: int) -> list[tuple[str, int]]:
    """``count`` signed-in parents, each with a child and a draft application: (session token, application id)."""
    import json

    done = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", _SEED, str(count)],
                          env={**os.environ, **env}, capture_output=True, text=True, check=True, cwd=ROOT)
    return [(token, int(application)) for token, application in json.loads(done.stdout.strip().splitlines()[-1])]


class Parent:
    """One parent's tab: a websocket carrying their session cookie."""

    def __init__(self, url: str, cookie: str, application_id: int) -> None:
        self._url, self._cookie, self._application = url, cookie, application_id
        self._client = socketio.AsyncClient(reconnection=False)
        self._done = asyncio.Event()
        self._until = lambda _update: True
        self._client.on("event", self._on_update, namespace="/_event")

    async def _on_update(self, update: dict) -> None:
        if self._until(update):
            self._done.set()

    async def _send(self, handler: str, path: str, payload: dict, until) -> None:
        self._until = until
        self._done.clear()
        await self._client.emit("event", {"name": f"{STATE}.{handler}", "payload": payload,
                                          "router_data": {"pathname": path, "query": {}, "asPath": path}},
                                namespace="/_event")
        await asyncio.wait_for(self._done.wait(), timeout=60)

    async def __aenter__(self) -> Parent:
        await self._client.connect(f"{self._url}?token={uuid.uuid4()}", transports=["websocket"],
                                   socketio_path="/_event", namespaces=["/_event"],
                                   headers={"Origin": self._url, "Cookie": f"__Host-ehcna_session={self._cookie}"})
        await self.load("step-4")
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self._client.disconnect()

    async def load(self, page: str) -> None:
        path = f"/ehc/application/{self._application}/{page}"
        await self._send("load", path, {}, lambda update: bool(update.get("delta")))

    async def save_and_continue(self) -> float:
        """Milliseconds from the click on step 4 to step 5's answers being sent back."""
        path = f"/ehc/application/{self._application}/step-4"
        form = {"form_data": {"_action": "continue", "why_requesting_now": ANSWER,
                              "strengths": f"Saved at {time.time()}"}}
        started = time.perf_counter()
        await self._send("submit_page", path, form, lambda update: bool(update.get("events")))
        await self.load("step-5")
        return (time.perf_counter() - started) * 1000


async def _one(url: str, parent: tuple[str, int], saves: int) -> list[float]:
    async with Parent(url, *parent) as tab:
        return [await tab.save_and_continue() for _ in range(saves)]


async def _level(url: str, parents: list[tuple[str, int]], saves: int) -> dict[str, float]:
    results = await asyncio.gather(*(_one(url, parent, saves) for parent in parents))
    flat = sorted(latency for one in results for latency in one)
    return {"parents": len(parents), "saves": len(flat), "p50_ms": round(statistics.median(flat), 2),
            "p95_ms": round(flat[int(0.95 * (len(flat) - 1))], 2)}


def save_and_continue(url: str, parents: list[tuple[str, int]]) -> list[dict[str, float]]:
    asyncio.run(_one(url, parents[0], 10))  # warm up
    return [asyncio.run(_level(url, parents[:count], saves)) for count, saves in LEVELS.items()]
