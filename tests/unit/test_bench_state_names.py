"""The benchmarks drive the app over the raw websocket by its states' full names, which follow the module each
state lives in: moving a state must not leave a benchmark sending events no handler answers (bench.queue did,
silently timing out, after the staff states were split into modules)."""

from __future__ import annotations

import re
from pathlib import Path

import reflex as rx

import bench.floor  # noqa: F401  (the database floor, loaded into the portal by bench.scale: EHCNA_BENCH_FLOOR=1)
import ehcna_portal.ehcna_portal  # noqa: F401  (registers every state)

BENCH = Path(__file__).resolve().parents[2] / "bench"
NAME = re.compile(r'"(reflex___state____state(?:\.[a-z0-9_]+)+)"')


def _states() -> dict[str, type[rx.State]]:
    found: dict[str, type[rx.State]] = {}
    waiting = [rx.State]
    while waiting:
        state = waiting.pop()
        found[state.get_full_name()] = state
        waiting.extend(state.get_substates())
    return found


def test_every_state_and_handler_a_benchmark_names_exists():
    states = _states()
    named = {name for path in BENCH.glob("*.py") for name in NAME.findall(path.read_text())}
    assert named, "the benchmarks name no states: the pattern is out of date"
    for name in named:
        state, _, handler = name.rpartition(".")
        if name in states:
            continue
        assert state in states and callable(getattr(states[state], handler, None)), f"{name} is not in the app"
