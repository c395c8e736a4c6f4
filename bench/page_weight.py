"""Page weight and Largest Contentful Paint of the pages people open most (issue 9).

``python -m bench.page_weight`` (part of ``make bench``) loads, each in a fresh headless Chromium
context on loopback, and sums the bytes on the wire (compressed bodies plus headers) of everything
it fetches:

* the portal's Home, Sign in, a wizard step (Step 4, signed in with two-step verification) and
  the staff queue (signed in as a caseworker);
* a bare Reflex page without Radix Themes and the same page with Radix Themes, built in the
  same run, as the baseline.

It also reads Largest Contentful Paint from the browser, and loads the wizard step once more on Chrome
DevTools' "Fast 3G" network profile (562.5 ms round trip, 1.6 Mbit/s down and 750 kbit/s up, each at 90%) for its
LCP there. Results go to ``bench/results/page_weight.json`` and a table on stdout. Targets (issue 23), measured
cold: Home and Sign in at most 200 KB, a wizard step 220 KB, the staff queue 230 KB.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.run import BARE, CHROMIUM_ARGS, _free_port, _start, _stop
from bench.save_continue import seed_parents

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "page_weight.json"
LIMITS = {"home": 200_000, "sign_in": 200_000, "wizard_step": 220_000, "staff_queue": 230_000}
# Chrome DevTools' "Fast 3G" preset, as Network.emulateNetworkConditions takes it (bytes per second)
FAST_3G = {"offline": False, "latency": 562.5, "downloadThroughput": 1.6 * 1024 * 1024 / 8 * 0.9,
           "uploadThroughput": 750 * 1024 / 8 * 0.9}
LCP = """() => new Promise(resolve => {
  new PerformanceObserver(list => { const all = list.getEntries(); resolve(all[all.length - 1].startTime); })
    .observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => resolve(null), 3000);
})"""

_STAFF_COOKIE = """
import sys
from sqlmodel import Session, select
from ehcna_portal.api.staff_session_routes import staff_cookie_name
from ehcna_portal.db import get_engine
from ehcna_portal.models import StaffAccount
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import staff_auth
from ehcna_portal.settings import get_settings
with Session(get_engine()) as db:
    staff_id = db.exec(select(StaffAccount.id).where(StaffAccount.email == "caseworker@example.com")).one()
    nonce = staff_auth._start(db, staff_id, staff_auth.SIGNED_IN, "/staff", utcnow())
    db.commit()
    token, _next = staff_auth.redeem(db, nonce)
    db.commit()
print(staff_cookie_name(get_settings()), token)
"""


def _staff_cookie(env: dict[str, str]) -> tuple[str, str]:
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", _STAFF_COOKIE], env={**os.environ, **env},
                          capture_output=True, text=True, check=True, cwd=ROOT)
    name, token = done.stdout.strip().splitlines()[-1].split()
    return name, token


def load(url: str, path: str, cookie: tuple[str, str] | None = None, network: dict | None = None) -> dict:
    """One cold load in a fresh context (on the ``network`` conditions given): bytes on the wire, requests, LCP
    in milliseconds, and the twelve heaviest responses (what to cut next)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context()
        if cookie:
            # Chromium treats loopback as a secure origin, so the production __Host- cookies are kept
            context.add_cookies([{"name": cookie[0], "value": cookie[1], "domain": "127.0.0.1", "path": "/",
                                  "secure": True}])
        page = context.new_page()
        if network:
            devtools = context.new_cdp_session(page)
            devtools.send("Network.enable")
            devtools.send("Network.emulateNetworkConditions", network)
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(url + path, wait_until="networkidle", timeout=120_000)
        page.wait_for_selector("h1")
        lcp = page.evaluate(LCP)
        sizes = {request.url.removeprefix(url): request.sizes()["responseBodySize"]
                 + request.sizes()["responseHeadersSize"] for request in finished}
        total = sum(sizes.values())
        heading = page.locator("h1").first.inner_text()
        browser.close()
    return {"path": path, "bytes": total, "requests": len(finished),
            "lcp_ms": round(lcp, 1) if lcp is not None else None, "h1": heading,
            "largest": dict(sorted(sizes.items(), key=lambda item: -item[1])[:12])}


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="ehcna-bench-weight-"))
    env = {"EHCNA_ENV": "prod", "EHCNA_DATA_DIR": str(tmp / "data"), "EHCNA_SECRET_KEY": "b" * 48,
           "EHCNA_SMTP_HOST": "127.0.0.1", "EHCNA_SMTP_PORT": "2", "EHCNA_MAIL_FROM": "noreply@example.gov.uk",
           "EHCNA_PUBLIC_URL": "http://127.0.0.1", "REFLEX_WEB_WORKDIR": str(ROOT / ".web-bench")}
    cli = str(ROOT / ".venv" / "bin" / "ehcna-portal")
    subprocess.run([cli, "db", "upgrade"], env={**os.environ, **env}, check=True, capture_output=True)
    subprocess.run([cli, "create-staff", "--email", "caseworker@example.com", "--name", "Casey Worker", "--role",
                    "caseworker", "--password-stdin"], input="violet kettle harbour 42\n", text=True,
                   env={**os.environ, **env}, check=True, capture_output=True)
    (token, application_id), = seed_parents(env, 1)
    staff = _staff_cookie(env)
    pages = {}
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = _start(ROOT, port, {**env, "EHCNA_PORT": str(port), "EHCNA_PUBLIC_URL": url}, tmp / "portal.log")
    try:
        pages["home"] = load(url, "/")
        pages["sign_in"] = load(url, "/sign-in")
        pages["wizard_step"] = load(url, f"/ehc/application/{application_id}/step-4",
                                    ("__Host-ehcna_session", token))
        pages["staff_queue"] = load(url, "/staff", staff)
        fast_3g = load(url, f"/ehc/application/{application_id}/step-4", ("__Host-ehcna_session", token), FAST_3G)
    finally:
        _stop(process)
    bare = {}
    for name, extra in (("without_radix", {}), ("with_radix", {"BARE_RADIX": "1",
                                                              "REFLEX_WEB_WORKDIR": str(BARE / ".web-radix")})):
        port = _free_port()
        bare_url = f"http://127.0.0.1:{port}"
        process = _start(BARE, port, {"BARE_ORIGIN": bare_url, **extra}, tmp / f"bare-{name}.log")
        try:
            bare[name] = load(bare_url, "/")
        finally:
            _stop(process)
    result = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
              "limits": LIMITS, "portal": pages, "wizard_step_fast_3g": fast_3g, "bare_reflex": bare,
              "ratio_radix_to_plain_bare": round(bare["with_radix"]["bytes"] / bare["without_radix"]["bytes"], 2),
              "ratio_to_plain_bare": {name: round(page["bytes"] / bare["without_radix"]["bytes"], 2)
                                      for name, page in pages.items()}}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{'page':28}{'bytes':>10}{'requests':>10}{'LCP ms':>9}{'vs bare':>9}  limit")
    for name, page in pages.items():
        limit = LIMITS[name]
        verdict = f"ok (limit {limit:,})" if page["bytes"] <= limit else f"over {limit:,} by {page['bytes'] - limit:,}"
        print(f"{name:28}{page['bytes']:>10,}{page['requests']:>10}{page['lcp_ms'] or '-':>9}"
              f"{result['ratio_to_plain_bare'][name]:>9}  {verdict} ({page['h1']})")
    print(f"{'wizard step on Fast 3G':28}{fast_3g['bytes']:>10,}{fast_3g['requests']:>10}{fast_3g['lcp_ms'] or '-':>9}")
    for name, page in bare.items():
        print(f"{'bare Reflex ' + name:28}{page['bytes']:>10,}{page['requests']:>10}{page['lcp_ms'] or '-':>9}")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
