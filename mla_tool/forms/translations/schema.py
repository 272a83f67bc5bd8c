"""The OASIS XLIFF 1.2 strict schema, kept in `schemas/`: what every file in or out must satisfy."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # xmlschema (with elementpath, half a second) is imported at the first check
    import xmlschema

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
XLIFF_12_STRICT = SCHEMA_DIR / "xliff-core-1.2-strict.xsd"
#: The addresses the XLIFF schema imports, and the local copy each one is read from.
LOCAL_COPIES = {"http://www.w3.org/2001/xml.xsd": SCHEMA_DIR / "xml.xsd"}
#: How much of the validator's explanation a refusal quotes.
MAX_REASON_CHARS = 300
#: `{namespace}`, dropped from what a refusal quotes: the names are those written in the file.
CLARK_NAMESPACE = re.compile(r"\{[^}]*\}")


def _local(uri: str) -> str:
    return str(LOCAL_COPIES.get(uri, uri))


@cache
def xliff_schema() -> xmlschema.XMLSchema10:
    """The schema, built once per process from the local files only (no network, no entities)."""
    import xmlschema

    return xmlschema.XMLSchema10(
        str(XLIFF_12_STRICT), uri_mapper=_local, allow="sandbox", defuse="always"
    )


def first_violation(root: Any) -> tuple[str, str] | None:
    """(where, why) of the first place a parsed file breaks the schema; None when it is valid."""
    import xmlschema

    resource = xmlschema.XMLResource(root, allow="none", defuse="always")
    for error in xliff_schema().iter_errors(resource):
        where = CLARK_NAMESPACE.sub("", str(getattr(error, "path", None) or "/"))
        why = CLARK_NAMESPACE.sub("", str(getattr(error, "reason", None) or error.message))
        return where, " ".join(why.split())[:MAX_REASON_CHARS]
    return None
