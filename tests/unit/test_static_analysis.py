"""The static checks `make lint` runs can fail, and every finding they accept is explained.

* each project semgrep rule (.semgrep/reflex.yml) fires exactly where tests/static/bad_examples.py
  says it must (``# ruleid: <id>`` on the line before), and nowhere in good_examples.py;
* semgrep runs with no network at all (in an empty network namespace where the machine allows one);
* every ``nosemgrep`` / ``# nosec`` in the portal's own code names the rule it silences and says why.

The scan of the portal's own code is ``make lint``'s (which ``make test`` runs first), not repeated here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SEMGREP = ROOT / ".venv-semgrep" / "bin" / "semgrep"
RULES = ROOT / ".semgrep" / "reflex.yml"
STATIC = ROOT / "tests" / "static"
OFFLINE_ENV = {"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}


def _no_network_prefix() -> list[str]:
    """``unshare -n`` (a network namespace with nothing in it) where this machine permits it."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True, check=False).returncode == 0:
        return [unshare, "-n"]
    return []


@cache
def semgrep(*targets: str) -> tuple[tuple[str, int, str], ...]:
    """(path, line, rule id) of every finding, from an offline run of the project rules."""
    assert SEMGREP.exists(), "semgrep is not installed: run `make lint` (it builds .venv-semgrep)"
    env = {**os.environ, **OFFLINE_ENV,
           "SEMGREP_SETTINGS_FILE": str(SEMGREP.parent.parent / "settings.yml"),
           "SEMGREP_LOG_FILE": str(SEMGREP.parent.parent / "semgrep.log")}
    done = subprocess.run(
        [*_no_network_prefix(), str(SEMGREP), "scan", "--metrics=off", "--disable-version-check", "--json",
         "--config", str(RULES.parent), *targets],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert report["errors"] == [], report["errors"]
    return tuple(sorted((r["path"], r["start"]["line"], r["check_id"].rsplit(".", 1)[-1])
                        for r in report["results"]))


def rule_ids() -> list[str]:
    return [rule["id"] for rule in yaml.safe_load(RULES.read_text())["rules"]]


def expected_findings(path: Path) -> set[tuple[str, int, str]]:
    """``# ruleid: <id>`` marks the next line that is not itself a comment."""
    lines = path.read_text().splitlines()
    expected = set()
    for number, line in enumerate(lines, start=1):
        found = re.match(r"\s*# ruleid: ([\w-]+)$", line)
        if found:
            target = next(n for n in range(number + 1, len(lines) + 1) if not lines[n - 1].strip().startswith("#"))
            expected.add((str(path.relative_to(ROOT)), target, found.group(1)))
    return expected


def test_every_rule_says_why_and_is_exercised_by_a_bad_example():
    rules = yaml.safe_load(RULES.read_text())["rules"]
    assert len(rules) >= 12
    for rule in rules:
        assert len(rule["message"]) > 60, f"{rule['id']} needs a message saying why"
    marked = {rule for _, _, rule in expected_findings(STATIC / "bad_examples.py")}
    assert marked == set(rule_ids())


def test_each_rule_fires_on_the_bad_examples_and_only_there():
    found = semgrep("tests/static/")
    assert set(found) == expected_findings(STATIC / "bad_examples.py")
    assert len(found) == len(set(found))
    assert not [f for f in found if f[0].endswith("good_examples.py")]


def _comments(marker: str) -> list[tuple[str, int, str]]:
    found = []
    for path in sorted((ROOT / "ehcna_portal").rglob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if marker in line:
                found.append((f"{path.relative_to(ROOT)}:{number}", number, line[line.index(marker):]))
    return found


def test_every_accepted_semgrep_finding_names_its_rule_and_says_why():
    known = set(rule_ids())
    for where, _, comment in _comments("nosemgrep"):
        match = re.fullmatch(r"nosemgrep: ([\w-]+) -- (.{10,})", comment)
        assert match and match.group(1) in known, f"{where}: write `# nosemgrep: <rule> -- why`, not {comment!r}"


def test_every_accepted_bandit_finding_names_its_test_and_says_why():
    for where, _, comment in _comments("# nosec"):
        assert re.fullmatch(r"# nosec B\d{3} # .{10,}", comment), (
            f"{where}: write `# nosec BXXX # why` (one bandit test, and the reason), not {comment!r}")

