"""Code the project semgrep rules (.semgrep/reflex.yml) must leave alone: never imported, never run.

tests/unit/test_static_analysis.py runs semgrep here and expects no finding at all.
"""

import logging
import subprocess

import bcrypt
import reflex as rx

from ehcna_portal.components.scripts import run_js
from ehcna_portal.state.guards import public
from ehcna_portal.state.session import parent_only
from ehcna_portal.state.staff_session import staff_only

log = logging.getLogger(__name__)
FOCUS = "document.getElementById('error-summary').focus()"


class GuardedState(rx.State):
    name: str = ""

    @rx.event
    @public
    def load(self):
        self._set_name("")

    @rx.event
    @parent_only(two_step=True)
    async def save(self, form_data: dict):
        def nested_helper(value: str) -> str:  # a local function is not an event handler
            return value.strip()

        self.name = nested_helper(str(form_data.get("name", "")))
        return rx.call_script(FOCUS)

    @rx.event
    @staff_only(roles=("admin",))
    async def approve(self, item_id: int):
        return run_js("window.location.assign", f"/staff/case/{item_id}")

    @staff_only()
    async def reject(self, item_id: int):
        return run_js("(title => { document.title = title; })", str(item_id))

    @rx.var
    def shouting(self) -> str:
        return self.name.upper()

    @rx.var(cache=True)
    def whispering(self) -> str:
        return self.name.lower()

    @staticmethod
    def helper(value: str) -> str:
        return value

    def _set_name(self, value: str) -> None:
        self.name = value


def safe_markdown(text: str):
    return rx.markdown(text, use_raw=False)


def strong_hash(password: bytes, rounds: int) -> bytes:
    bcrypt.gensalt(rounds=12)
    return bcrypt.hashpw(password, bcrypt.gensalt(rounds))


def convert(filename: str):
    subprocess.run(["convert", filename, "out.pdf"], check=True)


def log_outcome(parent_id: int, result: str):
    log.info("sign in for parent:%s: %s", parent_id, result)
    log.warning("OS Places lookup failed: %s", type(result).__name__)
