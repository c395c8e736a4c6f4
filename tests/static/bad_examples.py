"""Code each project semgrep rule (.semgrep/reflex.yml) must flag: never imported, never run.

``# ruleid: <id>`` names the rule that must fire on the next line;
tests/unit/test_static_analysis.py runs semgrep here and compares. The real
scan (make lint) covers ehcna_portal/ only, so these never reach it.
"""

import asyncio
import logging
import os
import subprocess

import bcrypt
import emails
import reflex as rx

from ehcna_portal.components.scripts import run_js
from ehcna_portal.state.guards import public
from ehcna_portal.state.session import parent_only

log = logging.getLogger(__name__)


def upload_path():
    # ruleid: rx-public-upload-dir
    return rx.get_upload_dir() / "report.pdf"


class TokenState(rx.State):
    # ruleid: rx-browser-storage
    auth_token: str = rx.LocalStorage("")
    # ruleid: rx-browser-storage
    tab_token: str = rx.SessionStorage("")
    # ruleid: rx-browser-storage
    session_cookie: str = rx.Cookie("", name="session")

    # ruleid: rx-state-setter
    @rx.event
    @public
    def set_email(self, value: str):
        self.email = value

    @rx.event
    @public
    def sign_in(self):
        # ruleid: rx-client-token-as-identity
        self.auth_token = self.router.session.client_token

    # ruleid: rx-unguarded-handler
    @rx.event
    async def delete_child(self, child_id: int):
        return child_id

    # ruleid: rx-unguarded-handler
    def rename(self, name: str):
        # ruleid: rx-call-script-interpolated
        return rx.call_script(f"document.title = '{name}'")

    @rx.event
    @parent_only()
    async def greet(self, name: str):
        script = f"alert('{name}')"
        # ruleid: rx-call-script-interpolated
        return rx.call_script(script)

    @rx.event
    @parent_only()
    async def greet_again(self, name: str):
        # ruleid: rx-call-script-interpolated
        return rx.call_script("alert('" + name + "')")

    @rx.event
    @parent_only()
    async def greet_formatted(self, name: str):
        # ruleid: rx-call-script-interpolated
        return rx.call_script("alert('{}')".format(name))

    @rx.event
    @parent_only()
    async def go(self, url: str):
        # ruleid: run-js-code-not-constant
        return run_js(f"window.location.assign('{url}')")


def note(text: str):
    # ruleid: rx-raw-html
    return rx.html(text)


def guidance(text: str):
    # ruleid: rx-markdown-raw-html
    return rx.markdown(text)


def weak_hash(password: bytes) -> bytes:
    # ruleid: bcrypt-weak-cost
    return bcrypt.hashpw(password, bcrypt.gensalt(rounds=8))


def weaker_hash(password: bytes) -> bytes:
    # ruleid: bcrypt-weak-cost
    return bcrypt.hashpw(password, bcrypt.gensalt(4))


def send(message: emails.Message):
    # ruleid: mail-fail-silently
    return message.send(smtp={"host": "localhost", "fail_silently": True})


def send_quietly(backend, message):
    # ruleid: mail-fail-silently
    return backend.sendmail(message, fail_silently=True)


def convert(filename: str):
    # ruleid: subprocess-shell
    subprocess.run(f"convert {filename} out.pdf", shell=True, check=True)
    # ruleid: subprocess-shell
    os.system("convert " + filename)


async def convert_later(filename: str):
    # ruleid: subprocess-shell
    await asyncio.create_subprocess_shell("convert " + filename)


def sign_in(email: str, password: str, code: str):
    # ruleid: log-secret-argument
    log.info("sign in for %s", email)
    # ruleid: log-secret-argument
    log.warning("wrong password %s", password)
    # ruleid: log-secret-argument
    log.debug("code=%s", code)
