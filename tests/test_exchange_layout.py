"""The exchange package keeps its shape: small modules, no work in __init__, no private reach."""

from __future__ import annotations

import ast
from pathlib import Path

import mla_tool.exchange

EXCHANGE = Path(mla_tool.exchange.__file__).parent
MAX_LINES = 400


def _modules() -> list[Path]:
    return sorted(EXCHANGE.glob("*.py"))


def test_every_exchange_module_is_small() -> None:
    sizes = {path.name: len(path.read_text().splitlines()) for path in _modules()}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def test_the_package_init_only_says_what_the_package_is() -> None:
    tree = ast.parse((EXCHANGE / "__init__.py").read_text())
    assert len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr)
    assert isinstance(tree.body[0].value, ast.Constant)


def _private_names_from_other_domains(path: Path) -> list[str]:
    """`from ..domain.x import _name`, and `alias._name` where alias is another domain's module."""
    tree = ast.parse(path.read_text())
    foreign: set[str] = set()
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level >= 2:
            for alias in node.names:
                if alias.name.startswith("_"):
                    found.append(f"{node.module}.{alias.name}")
                foreign.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name)
            and node.value.id in foreign
        ):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_the_exchange_uses_only_public_names_of_other_domains() -> None:
    found = {path.name: _private_names_from_other_domains(path) for path in _modules()}
    assert {name: names for name, names in found.items() if names} == {}
