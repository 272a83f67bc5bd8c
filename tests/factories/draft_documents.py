"""Test data builders and fixtures shared by several test modules (draft documents)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mla_tool.cases.models import Case
from mla_tool.extensions import db
from mla_tool.forms.access import get_request_for
from mla_tool.forms.eevidence.samples import sample_preservation
from mla_tool.forms.samples import complete_request, extradition_request
from tests import review_support
from tests.factories.authorities import make_authority
from tests.factories.eevidence_documents import emergency
from tests.factories.extradition_requests import provisional_request

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def preservation(authority: int) -> dict[str, Any]:
    return sample_preservation(requested_authority=authority)


def mla(authority: int) -> dict[str, Any]:
    return complete_request("en", requested_authority=authority)


def extradition(authority: int) -> dict[str, Any]:
    return extradition_request(requested_authority=authority)


def provisional(authority: int) -> dict[str, Any]:
    return {**provisional_request(), "requested_authority": authority}


def addressee(kind: str) -> int:
    """An authority of the directory that takes this kind of request."""
    if kind in ("extradition", "provisional_arrest"):
        return make_authority(functions=["central_authority_extradition"])
    if kind in ("preservation", "emergency_disclosure"):
        return make_authority("IRL", ["cybercrime_24_7"], languages=["en"])
    return make_authority()


SAMPLES: dict[str, Callable[[int], dict[str, Any]]] = {
    "mla": mla,
    "extradition": extradition,
    "provisional_arrest": provisional,
    "preservation": preservation,
    "emergency_disclosure": emergency,
}


def pdf_pages(pdf: bytes, tmp_path: Path, name: str = "document.pdf") -> list[str]:
    """The text of each page, read one page at a time."""
    path = tmp_path / name
    path.write_bytes(pdf)
    count = int(pdf_info(pdf, tmp_path)["Pages"])
    pages = []
    for number in range(1, count + 1):
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-f", str(number), "-l", str(number), str(path), "-"],
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
        pages.append(re.sub(r"\s+", " ", BIDI_CONTROLS.sub("", out)))
    return pages


def pdf_info(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdfinfo", "-enc", "UTF-8", str(path)], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in out.splitlines())
    }


CHECKLIST_WORDS = ("Checklist of the contents of the request", "Completeness score")


def approve(request_id: int, caseworker: Any) -> None:
    """The central authority approves the request (on its own), and so its case."""
    item = get_request_for(caseworker, request_id)
    case = db.session.get(Case, item.case_id)
    review_support.approve(case, caseworker)
    db.session.commit()
