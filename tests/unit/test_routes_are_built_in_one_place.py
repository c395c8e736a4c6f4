"""Every address the app makes comes from ``ehcna_portal/routes.py``.

A path written by hand somewhere else (``"/cy" if lang == "cy" else ""``, ``f"/staff/case/{id}/request"``)
drifts from the route it means when either changes, and URLs are a public contract (they are in emails).
This reads the portal's code with ``ast`` and lists every string that looks like one of the app's paths,
outside routes.py and i18n/ (which owns the language prefix). Docstrings and comments may name paths.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from ehcna_portal.i18n import DEFAULT_LANGUAGE, LANGUAGES
from tests.support.paths import ROOT

PACKAGE = ROOT / "ehcna_portal"
ROUTES = PACKAGE / "routes.py"
ALLOWED = (ROUTES, PACKAGE / "i18n")
_FIRST_SEGMENT = re.compile(r"/([A-Za-z][\w.-]*)")


def route_prefixes() -> set[str]:
    """The first segment of every path routes.py names (``/ehc``, ``/api``…), and each language's prefix."""
    prefixes = {f"/{code}" for code in LANGUAGES if code != DEFAULT_LANGUAGE}
    for statement in ast.parse(ROUTES.read_text()).body:
        if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
            for node in ast.walk(statement.value):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found = _FIRST_SEGMENT.match(node.value)
                    prefixes |= {found.group(0)} if found else set()
    return prefixes


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the string nodes that are docstrings (the first statement of a module, class or function)."""
    owners = [node for node in ast.walk(tree)
              if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)]
    return {id(owner.body[0].value) for owner in owners
            if owner.body and isinstance(owner.body[0], ast.Expr) and isinstance(owner.body[0].value, ast.Constant)}


def _strings(tree: ast.Module) -> Iterator[ast.Constant]:
    """Every string constant, the literal parts of f-strings included, docstrings left out."""
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            yield node


def site_paths(path: Path, prefixes: set[str], root: Path = ROOT) -> list[str]:
    """``file:line: 'string'`` for every string in ``path`` that starts like one of the app's paths."""
    strings = sorted(_strings(ast.parse(path.read_text())), key=lambda node: (node.lineno, node.col_offset))
    return [f"{path.relative_to(root)}:{node.lineno}: {node.value!r}" for node in strings
            if (segment := _FIRST_SEGMENT.match(node.value)) and segment.group(0) in prefixes]


def _modules() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if not any(path == allowed or allowed in path.parents for allowed in ALLOWED):
            yield path


def test_the_prefixes_come_from_the_route_table():
    prefixes = route_prefixes()
    assert {"/cy", "/ehc", "/staff", "/api", "/account", "/sign-in", "/register", "/dev", "/privacy"} <= prefixes
    assert "/" not in prefixes


def test_the_check_finds_a_hand_built_path(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text('"""Links to /ehc are fine in a docstring."""\n'
                      'prefix = "/cy" if lang == "cy" else ""\n'
                      'href = f"{prefix}/ehc/child/{child_id}/request"\n'
                      'other = "/tmp/x" + "/" + "ehc" + "/ehcx"\n')
    assert site_paths(module, route_prefixes(), tmp_path) == [
        "bad.py:2: '/cy'", "bad.py:3: '/ehc/child/'"]


def test_no_path_is_written_outside_routes():
    prefixes = route_prefixes()
    found = [line for path in _modules() for line in site_paths(path, prefixes)]
    assert found == [], "build these with ehcna_portal.routes:\n" + "\n".join(found)
