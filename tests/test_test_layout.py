"""No test module imports another test module: shared builders live in tests/factories and helpers."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parent


def _is_test_module(name: str) -> bool:
    """Whether a dotted module name is a test module (tests/test_*.py, tests/browser/test_*.py)."""
    parts = name.split(".")
    return parts[0] == "tests" and parts[-1].startswith("test_")


def _imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
            # `from tests import test_x` imports a test module too
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def test_no_test_module_imports_another_test_module() -> None:
    offending = [
        f"{path.relative_to(TESTS.parent)}:{line}: {module}"
        for path in sorted(TESTS.rglob("*.py"))
        for line, module in _imported_modules(ast.parse(path.read_text(encoding="utf-8")))
        if _is_test_module(module)
    ]
    assert offending == [], "import shared builders from tests/factories instead:\n" + "\n".join(
        offending
    )


def test_the_check_sees_each_form_of_import() -> None:
    tree = ast.parse(
        "import tests.test_a as a\nfrom tests.test_b import x\nfrom tests import test_c\n"
        "from tests.browser.test_d import y\nfrom tests.factories.e import z\n"
    )
    found = [module for _line, module in _imported_modules(tree) if _is_test_module(module)]
    assert found == ["tests.test_a", "tests.test_b", "tests.test_c", "tests.browser.test_d"]
