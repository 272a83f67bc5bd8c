"""The time limit asked for a response prints, with its reason, on every kind of request,
whether or not the request is marked urgent (the case gets that due date either way)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from babel.dates import format_date

from tests.factories.draft_documents import SAMPLES, addressee, pdf_pages

pytestmark = pytest.mark.slow  # renders PDFs (WeasyPrint): left out of scripts/test --fast

REASON = "The trial opens on 3 March; the evidence is needed before."


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_the_response_date_and_its_reason_print_without_urgent_ticked(
    kind: str, client: Any, make_user: Any, api_headers: Any, login: Any, tmp_path: Path
) -> None:
    user = make_user("prosecutor")
    headers = api_headers(user)
    login(user)
    due = date.today() + timedelta(days=45)
    document = SAMPLES[kind](addressee(kind))
    document["urgent"] = {"is_urgent": False, "respond_by": due.isoformat(), "reason": REASON}
    created = client.post("/api/v1/requests", json=document, headers=headers)
    assert created.status_code == 201, created.get_json()
    request_id = created.get_json()["id"]
    for language in ("en", "fr"):
        shown = format_date(due, format="long", locale=language)
        pdf = client.get(f"/api/v1/requests/{request_id}/document?lang={language}", headers=headers)
        text = " ".join(pdf_pages(pdf.data, tmp_path))
        assert shown in text, (kind, language)
        assert REASON in text, (kind, language)
        if kind in ("preservation", "emergency_disclosure"):
            form = client.get(f"/requests/{request_id}/form?lang={language}")
            text = " ".join(pdf_pages(form.data, tmp_path))
            # the one-page form gives the date as ISO 8601, the same for every reader
            assert due.isoformat() in text and REASON in text, (kind, language, "form")
