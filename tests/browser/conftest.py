"""Browser tests drive the app exactly as ``make serve`` runs it, in Debian's Chromium.

* ``served_app`` serves the portal (tests/support/served_app.py: the run's first app is ``make serve``
  itself, which builds the front end once; every other app of the run starts on that build) with its
  own address, data directory, SMTP server and egress log, and stops it at the end;
* every test fails if the backend logged an error while it ran;
* every page a test opens with ``open_page`` is checked with axe-core (WCAG 2.2 A and AA, and best
  practice), and tests call ``assert_accessible`` again after each change they make;
* every request the browser makes must go to the served app, and the served app's Python processes
  record any attempt to reach another host.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.parent_pages import upload_files
from tests.support.served_app import ServedApp, launched_app

BACKEND_ERROR = re.compile(r"Traceback \(most recent call last\)|\bERROR\b|\[error\]", re.IGNORECASE)
BROWSER_TESTS = Path(__file__).parent
# A page or a server under load (a whole suite on two cores) can take a few seconds to answer; waiting
# longer for what must come weakens nothing (timings a test asserts are measured by the test itself).
expect.set_options(timeout=15_000)


# Modules that run whole on one xdist worker (``--dist loadgroup``): they start apps of their own or build
# module-scoped fixtures once, or rely on the order of their tests. Every other browser test goes to
# whichever worker is free (each worker has its own served app). Longest first: see the ordering below.
WHOLE_MODULES = ("test_scale_out", "test_readme_commands", "test_faults", "test_redis_restart",
                 "test_protocol_attacks", "test_http_surface", "test_tab_state_attacks")


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook turns the group marker into the test's id
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Group the whole modules, and order the run for two cores (the Makefile keeps this order with
    ``--no-loadscope-reorder``): the tests that need no browser first, while the run's ``make serve``
    builds the front end; then the whole modules, longest first, so none is left running alone at the
    end; then every other browser test."""
    def rank(item: pytest.Item) -> tuple[int, int]:
        if BROWSER_TESTS not in item.path.parents:
            return 0, 0
        if item.path.stem in WHOLE_MODULES:
            return 1, WHOLE_MODULES.index(item.path.stem)
        return 2, 0

    for item in items:
        if BROWSER_TESTS in item.path.parents and item.path.stem in WHOLE_MODULES:
            item.add_marker(pytest.mark.xdist_group(item.path.stem))
    items.sort(key=rank)


@pytest.fixture(scope="session")
def served_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedApp]:
    with launched_app(tmp_path_factory, "served-app") as app:
        yield app


@pytest.fixture(autouse=True)
def no_backend_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test during which the served app logged an error or a traceback."""
    if "served_app" not in request.fixturenames:
        yield
        return
    app: ServedApp = request.getfixturevalue("served_app")
    expected = [mark.args[0] for mark in request.node.iter_markers("backend_log_may_contain")]
    offset = app.log_size()
    yield
    problems = [line for line in app.log_since(offset).splitlines()
                if BACKEND_ERROR.search(line) and not any(text in line for text in expected)]
    assert problems == [], "the backend logged errors:\n" + "\n".join(problems)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """The files the journeys upload (tests/support/parent_pages.py)."""
    return upload_files(tmp_path)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(request: pytest.FixtureRequest, browser: Browser, served_app: ServedApp) -> Iterator[Page]:
    context = browser.new_context(base_url=served_app.url, viewport={"width": 1024, "height": 800})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    blocked: list[str] = []  # the browser reports what the Content-Security-Policy stopped on the console
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:  # what the page showed when the test failed, for the log
        shot = served_app.data_dir / f"failed-{request.node.name}.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot of the failed page: {shot}")
    context.close()
    ours = (served_app.url, served_app.url.replace("http", "ws"), "data:", "blob:")
    foreign = [url for url in requested if not url.startswith(ours)]
    assert foreign == [], f"the browser reached beyond the app: {foreign}"
    assert blocked == [], f"the Content-Security-Policy blocked part of the app: {blocked}"
