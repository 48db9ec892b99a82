"""Every request that knows its caller runs under row-level security.

A route gets a scoped session from `SessionDep`; a route that opens its own transaction
(to commit before a slow call, or to dispatch after a commit) must pass the caller's
organization, or its queries would run unscoped. This reads every endpoint module, so a new
route that forgets it fails here rather than in production. Public routes (booking links,
unsubscribe) have no caller: their token names the rows they may touch.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "app"


def _unscoped_transactions(tree: ast.AST) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        params = [a.arg for a in fn.args.args + fn.args.kwonlyargs]
        if "caller" not in params:
            continue
        for node in ast.walk(fn):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "transaction"
                and not any(k.arg == "org_id" for k in node.keywords)
            ):
                found.append((fn.name, node.lineno))
    return found


def test_routes_with_a_caller_open_only_scoped_transactions() -> None:
    modules = sorted(ROOT.glob("*/endpoints*.py"))
    assert len(modules) > 10  # the walk found the routers
    problems = [
        f"{path.relative_to(ROOT.parent)}:{line} {name}"
        for path in modules
        for name, line in _unscoped_transactions(ast.parse(path.read_text()))
    ]
    assert problems == []


def test_the_check_sees_an_unscoped_transaction() -> None:
    bad = ast.parse(
        "def route(runtime, caller):\n"
        "    with transaction(runtime.sessions) as s:\n"
        "        pass\n"
        "def public(runtime, token):\n"
        "    with transaction(runtime.sessions) as s:\n"
        "        pass\n"
    )
    assert _unscoped_transactions(bad) == [("route", 2)]
