"""The application a bench script measures: a fresh SQLite database in a temporary folder."""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def sqlite_bench_app(prefix: str, config: dict[str, Any]) -> tuple[Any, Path]:
    """`create_app(config)` over a new SQLite file in a new folder named `prefix…`; returns the
    app and the folder (its data directory)."""
    from mla_tool import create_app
    from mla_tool.config import Settings

    folder = Path(tempfile.mkdtemp(prefix=prefix))
    settings = Settings.from_environment(
        {"MLA_DATA_DIR": str(folder), "MLA_DATABASE_URL": f"sqlite:///{folder / 'b.sqlite'}"}
    )
    return create_app(config, settings=settings), folder


def csrf(html: str) -> str:
    """The CSRF token of a page's form."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match
    return match.group(1)
