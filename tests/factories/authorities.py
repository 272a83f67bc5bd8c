"""Test data builders and fixtures shared by several test modules (authorities)."""

from __future__ import annotations

from typing import Any

from mla_tool.extensions import db


def make_authority(country: str = "ARE", functions: list[str] | None = None, **extra: Any) -> int:
    from mla_tool.directory.authorities import create_authority

    authority = create_authority(
        {
            "country": country,
            "functions": functions or ["central_authority_mla"],
            "name": "إدارة التعاون الدولي",
            "name_en": "International Cooperation Department",
            "name_ar": "إدارة التعاون الدولي",
            "languages": ["ar", "en"],
            "channels": ["central_authority"],
            **extra,
        }
    )
    db.session.commit()
    return authority.id
