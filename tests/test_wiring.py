"""Wiring in one place: importing the package registers nothing; create_app registers everything,
once, whatever the number of apps in the process; the menu lists what it always listed."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

from mla_tool import create_app, domain_wiring, signals, wiring
from mla_tool.api.routing import app_endpoints
from mla_tool.auth.roles import ROLES, role_may
from mla_tool.cases import hooks as cases_hooks
from mla_tool.config import Settings
from mla_tool.forms import kinds
from mla_tool.home.navigation import app_navigation
from tests.conftest import sign_in

#: What every registry of the process holds when every module is imported and no app exists.
IMPORT_EVERYTHING = """
import importlib, json, pkgutil
import mla_tool

names = sorted(info.name for info in pkgutil.walk_packages(mla_tool.__path__, "mla_tool."))
for name in names:
    importlib.import_module(name)

from mla_tool import signals
from mla_tool.cases import hooks as cases_hooks
from mla_tool.extensions import csrf
from mla_tool.forms import kinds, rules

print(json.dumps({
    "modules": len(names),
    "kinds": sorted(kinds.KINDS),
    "request_submitted_receivers": len(signals.request_submitted.receivers),
    "request_transmitted_receivers": len(signals.request_transmitted.receivers),
    "also_accepted_functions": sorted(rules.ALSO_ACCEPTED_FUNCTIONS),
    "request_ids_provider": cases_hooks.REQUEST_IDS_PROVIDER is not None,
    "review_fields_provider": cases_hooks.REVIEW_FIELDS_PROVIDER is not None,
    "case_moved_receivers": len(signals.case_moved.receivers),
    "csrf_exempt_views": sorted(csrf._exempt_views),
    "csrf_exempt_blueprints": len(csrf._exempt_blueprints),
}))
"""

#: The menu as the view modules used to fill it: (label, endpoint, permission, position).
MENU_BEFORE = [
    ("Requests", "requests.index", "request.read", 15),
    ("Directory", "directory.index", "directory.read", 20),
    ("Legal basis", "directory.legal_basis", "directory.read", 25),
    ("Cases", "cases.index", "case.read", 30),
    ("Notifications", "notifications.index", "case.read", 35),
    ("Secure exchange", "exchange.index", "exchange.manage", 45),
    ("Statistics", "cases.stats_page", "stats.read", 60),
    ("Audit log", "audit.index", "audit.read", 85),
    ("Account", "auth.account", "account.own", 90),
    ("Users", "users.index", "users.manage", 95),
]


@pytest.mark.slow  # a new Python process imports every module (`scripts/test --fast` leaves it out)
def test_importing_every_module_registers_nothing() -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    state = json.loads(result.stdout.strip().splitlines()[-1])
    assert state.pop("modules") > 100
    assert state == {
        "kinds": ["mla"],  # the other kinds: create_app (domain_wiring.KIND_REGISTRATIONS)
        "request_submitted_receivers": 0,
        "request_transmitted_receivers": 0,
        "also_accepted_functions": [],
        "request_ids_provider": False,
        "review_fields_provider": False,
        "case_moved_receivers": 0,
        "csrf_exempt_views": [],
        "csrf_exempt_blueprints": 0,
    }


def _registries() -> dict[str, object]:
    return {
        "kinds": list(kinds.KINDS),
        "request_submitted_receivers": len(signals.request_submitted.receivers),
        "request_transmitted_receivers": len(signals.request_transmitted.receivers),
        "case_moved_receivers": len(signals.case_moved.receivers),
        "request_ids_provider": cases_hooks.REQUEST_IDS_PROVIDER,
        "review_fields_provider": cases_hooks.REVIEW_FIELDS_PROVIDER,
    }


def _app_registrations(application: Flask) -> dict[str, object]:
    return {
        "menu": [item.endpoint for item in app_navigation(application).items],
        "badges": sorted(app_navigation(application).badges),
        "panels": len(application.extensions["mla_panel_providers"]),
        "demo_loaders": len(application.extensions["mla_demo_loaders"]),
        "api": [endpoint.name for endpoint in app_endpoints(application)],
        "rules": sorted(
            (rule.rule, rule.endpoint, sorted(rule.methods or ()))
            for rule in application.url_map.iter_rules()
        ),
    }


def test_a_second_app_in_the_process_registers_nothing_twice(app: Flask, tmp_path: Path) -> None:
    before = _registries()
    assert before["kinds"] == [
        "mla",
        "preservation",
        "emergency_disclosure",
        "extradition",
        "provisional_arrest",
    ]
    # the requests follow; the author is told; the version returned with the case is marked;
    # the statistics note the case's legal basis; their maintained counts follow the status
    assert before["case_moved_receivers"] == 5
    settings = Settings.from_environment(
        {"MLA_DATA_DIR": str(tmp_path), "MLA_DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}"}
    )
    second = create_app({"TESTING": True}, settings=settings)
    assert _registries() == before
    assert _app_registrations(second) == _app_registrations(app)
    registrations = _app_registrations(second)
    assert len(registrations["api"]) == len(set(registrations["api"]))  # type: ignore[arg-type]
    assert registrations["panels"] == len(wiring.PANEL_PROVIDERS)
    assert registrations["demo_loaders"] == len(domain_wiring.DEMO_LOADERS)


def test_the_menu_lists_what_the_view_modules_used_to_add(app: Flask) -> None:
    menu = [
        (str(item.label), item.endpoint, item.permission, item.order)
        for item in app_navigation(app).items
    ]
    assert menu == MENU_BEFORE
    assert sorted(app_navigation(app).badges) == ["notifications.index"]


def test_each_role_sees_its_menu_on_the_dashboard(app: Flask, make_user) -> None:  # type: ignore[no-untyped-def]
    for role in ROLES:
        user = make_user(role)
        client = app.test_client()
        assert sign_in(client, user.email).status_code == 302
        html = client.get("/dashboard").get_data(as_text=True)
        nav = re.search(r'<nav class="mainnav".*?</nav>', html, re.S)
        assert nav is not None
        shown = [label.strip() for label in re.findall(r"<a [^>]*>([^<]+)", nav.group(0))]
        expected = [label for label, _, permission, _ in MENU_BEFORE if role_may(role, permission)]
        assert shown == ["Dashboard", *expected], role


def _cycles(imports: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(imports[module]):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(imports):
        if module not in index:
            visit(module)
    return found


def test_no_two_modules_import_each_other_even_inside_functions() -> None:
    import grimp

    graph = grimp.build_graph("mla_tool", cache_dir=None)
    imports = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    assert _cycles(imports) == []


def test_no_package_file_does_work() -> None:
    """An `__init__.py` holds a docstring, imports and `__all__`; the top one also create_app."""
    import ast

    import mla_tool

    root = Path(mla_tool.__file__).resolve().parent
    doing_work = []
    for path in sorted(root.rglob("__init__.py")):
        for position, node in enumerate(ast.parse(path.read_text(encoding="utf-8")).body):
            if (
                position == 0
                and isinstance(node, ast.Expr)
                and isinstance(node.value, ast.Constant)
            ):
                continue
            if isinstance(node, ast.Import | ast.ImportFrom):
                continue
            if isinstance(node, ast.Assign) and [ast.unparse(t) for t in node.targets] == [
                "__all__"
            ]:
                continue
            is_create_app = isinstance(node, ast.FunctionDef) and node.name == "create_app"
            if path.parent == root and is_create_app:
                continue
            doing_work.append(f"{path.relative_to(root.parent)}:{node.lineno}")
    assert doing_work == []
