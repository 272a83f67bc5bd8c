"""The typed text of a request as an XLIFF 1.2 file for a translator (translate-toolkit)."""

from __future__ import annotations

from typing import Any

from translate.storage import xliff

from .fields import translatable_fields

XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
TOOL_ID = "mla-tool"
#: The file's `original`: names the request, so that another request's file is refused.
ORIGINAL = "mla-request/{id}"


class Xliff12Unit(xliff.xliffunit):
    """A trans-unit in the XLIFF 1.2 namespace."""

    namespace = XLIFF_NAMESPACE


class Xliff12File(xliff.xlifffile):
    """translate-toolkit's XLIFF store, writing version 1.2 (what CAT tools expect)."""

    namespace = XLIFF_NAMESPACE
    UnitClass = Xliff12Unit
    XMLskeleton = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="{XLIFF_NAMESPACE}">
<file original="NoName" source-language="en" datatype="plaintext">
<body>
</body>
</file>
</xliff>"""


def unit_note(section: str, label: str) -> str:
    """What the field is, for the translator (in English: the labels' message ids)."""
    return f"{section} › {label}"


def _add_header(filenode: Any, request_id: int, reference: str | None) -> None:
    """`<header>` first in `<file>`: the tool, and a note naming the request it belongs to."""
    header = filenode.makeelement(f"{{{XLIFF_NAMESPACE}}}header", {})
    header.append(
        header.makeelement(f"{{{XLIFF_NAMESPACE}}}tool", {"tool-id": TOOL_ID, "tool-name": TOOL_ID})
    )
    note = header.makeelement(f"{{{XLIFF_NAMESPACE}}}note", {"from": TOOL_ID})
    note.text = f"request {request_id}" + (f", reference {reference}" if reference else "")
    header.append(note)
    filenode.insert(0, header)


def export_xliff(
    request_id: int, reference: str | None, document: dict[str, Any], source: str, target: str
) -> bytes:
    """One trans-unit per non-empty free-text field: id = its path, a note = what it is."""
    store = Xliff12File(sourcelanguage=source, targetlanguage=target)
    filenode = store.getfilenode("NoName")
    filenode.set("original", ORIGINAL.format(id=request_id))
    store.setsourcelanguage(source)
    store.settargetlanguage(target)
    _add_header(filenode, request_id, reference)
    for field in translatable_fields(document):
        unit = store.addsourceunit(field.text, filename=ORIGINAL.format(id=request_id))
        unit.setid(field.path)
        unit.addnote(unit_note(field.section, field.label), origin="developer")
    return bytes(store)
