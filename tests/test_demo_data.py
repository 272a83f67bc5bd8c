"""`mla-tool demo` loads every domain's sample data, whatever order the modules were imported in."""

from __future__ import annotations

from sqlalchemy import select

from mla_tool.demo import load_demo
from mla_tool.extensions import db
from mla_tool.forms.models import MlaRequest


def _sample_kinds() -> list[str]:
    rows = db.session.execute(select(MlaRequest.kind).where(MlaRequest.is_sample)).scalars()
    return sorted(rows)


def test_demo_loads_the_wizard_drafts_and_the_preservation_draft_once() -> None:
    first = load_demo()
    assert _sample_kinds() == ["extradition", "mla", "mla", "preservation"]
    assert (
        "requests: 3 sample drafts (MLA in English and Arabic, extradition)" in first["summaries"]
    )
    assert "e-evidence: 1 sample preservation draft" in first["summaries"]
    again = load_demo()
    assert _sample_kinds() == ["extradition", "mla", "mla", "preservation"]
    assert again["passwords"] == {}
