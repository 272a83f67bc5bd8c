"""The packaged files of declared authorities as data: which column holds which function,
declared under which article, and how a loaded entry's external_id names its origin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..i18n import N_

#: external_id of a loaded entry: reference:<file key>:<state>:<function+function>
EXTERNAL_ID_PREFIX = "reference:"


@dataclass(frozen=True)
class AuthorityFile:
    """A packaged file of declared authorities: which column holds which function."""

    filename: str
    key: str
    instrument: str
    #: the instrument as the pages name it (translated there)
    instrument_label: str
    #: column -> (function, article under which it was declared)
    columns: dict[str, tuple[str, str]]
    languages_column: str = ""
    note_column: str = ""


AUTHORITY_FILES: tuple[AuthorityFile, ...] = (
    AuthorityFile(
        "budapest_authorities.csv",
        "budapest",
        "BUDAPEST",
        N_("Budapest Convention"),
        {
            "extradition_authority_24_7": ("central_authority_extradition", "art. 24(7)"),
            "central_authority_27_2": ("central_authority_mla", "art. 27(2)"),
            "point_of_contact_35": ("cybercrime_24_7", "art. 35"),
        },
        note_column="note",
    ),
    AuthorityFile(
        "untoc_notifications.csv",
        "untoc",
        "UNTOC",
        N_("United Nations Convention against Transnational Organized Crime"),
        {"central_authority_18_13": ("central_authority_mla", "art. 18(13)")},
        languages_column="languages_18_14",
    ),
    AuthorityFile(
        "uncac_notifications.csv",
        "uncac",
        "UNCAC",
        N_("United Nations Convention against Corruption"),
        {"central_authority_46_13": ("central_authority_mla", "art. 46(13)")},
        languages_column="languages_46_14",
    ),
)


def reference_basis(external_id: str | None) -> dict[str, Any] | None:
    """For an entry loaded from the reference data (by its external_id): the instrument it was
    declared under and the articles ({"instrument": "BUDAPEST", "articles": ["art. 27(2)"]});
    None for any other entry."""
    external_id = external_id or ""
    if not external_id.startswith(EXTERNAL_ID_PREFIX):
        return None
    _, key, _state, functions = external_id.split(":", 3)
    source = next((f for f in AUTHORITY_FILES if f.key == key), None)
    if source is None:
        return None
    wanted = functions.split("+")
    articles = [article for function, article in source.columns.values() if function in wanted]
    return {
        "instrument": source.instrument,
        "instrument_label": source.instrument_label,
        "articles": articles,
    }
