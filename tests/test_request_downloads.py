"""The request page's downloads: one language choice and a button per format, in a GET form that
works without JavaScript, from the keyboard; the Translations page is a tab beside the steps and
names the request by its title."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

import docx
import lxml.html
import pytest

from mla_tool.forms.document_docx import MIMETYPE as DOCX
from mla_tool.forms.documents import DOCUMENT_LANGUAGES
from tests.factories.draft_documents import SAMPLES, addressee


def create(client: Any, headers: dict[str, str], kind: str = "mla") -> int:
    created = client.post("/api/v1/requests", json=SAMPLES[kind](addressee(kind)), headers=headers)
    assert created.status_code == 201, created.get_json()
    return created.get_json()["id"]


def review_page(client: Any, request_id: int) -> Any:
    response = client.get(f"/requests/{request_id}/step/review")
    assert response.status_code == 200
    return lxml.html.document_fromstring(response.get_data(as_text=True))


def submitted(form: Any, button: Any, lang: str) -> tuple[str, str]:
    """What a browser sends when `button` submits the form with `lang` chosen: (address, query)."""
    form.inputs["lang"].value = lang
    fields = [(k, v) for k, v in form.form_values() if k != "format"]
    fields.append((button.get("name"), button.get("value")))
    return button.get("formaction") or form.get("action"), urlencode(fields)


def test_one_language_choice_and_a_button_per_format(client, make_user, api_headers, login):
    user = make_user("prosecutor")
    request_id = create(client, api_headers(user))
    login(user)
    page = review_page(client, request_id)
    form = page.get_element_by_id("download-form")
    assert form.get("method") == "get"
    assert form.get("action") == f"/requests/{request_id}/document"
    select = page.get_element_by_id("download-lang")
    assert select.get("name") == "lang"
    assert page.xpath('//label[@for="download-lang"]')
    assert [o.get("value") for o in select.iter("option")] == list(DOCUMENT_LANGUAGES)
    assert select.value == "en"  # the request's own document language first
    buttons = form.xpath('.//button[@name="format"]')
    assert [(b.get("id"), b.get("value")) for b in buttons] == [
        ("download-pdf", "pdf"),
        ("download-docx", "docx"),
        ("download-preview", "html"),
    ]
    assert not page.xpath('//*[starts-with(@id, "download-pdf-") or @id="download-docx-en"]')
    expected = {"pdf": "application/pdf", "docx": DOCX, "html": "text/html"}
    for button in buttons:
        address, query = submitted(form, button, "ar")
        response = client.get(f"{address}?{query}")
        assert response.status_code == 200, response.data[:300]
        assert response.mimetype == expected[button.get("value")]
    response = client.get("{}?{}".format(*submitted(form, buttons[1], "de")))
    assert "Ersuchen" in " ".join(
        p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs
    )


def test_the_one_page_form_uses_the_same_language_choice(client, make_user, api_headers, login):
    user = make_user("prosecutor")
    request_id = create(client, api_headers(user), "preservation")
    login(user)
    page = review_page(client, request_id)
    form = page.get_element_by_id("download-form")
    button = page.get_element_by_id("download-form-pdf")
    assert button in form.iter("button")
    address, query = submitted(form, button, "fr")
    assert address == f"/requests/{request_id}/form"
    response = client.get(f"{address}?{query}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"


def test_the_translations_page_is_a_tab_naming_the_request_by_its_title(
    client, make_user, api_headers, login
):
    user = make_user("prosecutor")
    request_id = create(client, api_headers(user))
    login(user)
    review = review_page(client, request_id)
    tab = review.get_element_by_id("translations-link")
    assert tab.get("href") == f"/requests/{request_id}/translations"
    assert tab.xpath("ancestor::nav")  # beside the steps, not a link in a line of text
    html = client.get(tab.get("href")).get_data(as_text=True)
    page = lxml.html.document_fromstring(html)
    request_link = page.get_element_by_id("request-link")
    assert request_link.text_content().startswith(f"#{request_id} \u2068Investigation")
    assert "Request #" not in html
    current = page.xpath('//nav//li[@aria-current="page"]/a')
    assert [a.get("id") for a in current] == ["translations-link"]
    steps = page.xpath('//nav//ol/li/a[starts-with(@id, "step-link-")]')
    assert steps and steps[-1].get("href") == f"/requests/{request_id}/step/review"


@pytest.mark.browser
def test_downloading_a_word_file_from_the_keyboard(
    make_user, live_server, browser, artifacts_dir, tmp_path
):
    from mla_tool.extensions import db
    from mla_tool.forms.drafting import create_request
    from tests.conftest import DEFAULT_PASSWORD

    user = make_user("prosecutor")
    item = create_request(user, SAMPLES["mla"](addressee("mla")))
    db.session.commit()
    for locale in ("en-GB", "ar"):
        context = browser.new_context(locale=locale, accept_downloads=True)
        page = context.new_page()
        page.goto(f"{live_server}/login")
        page.fill("#email", user.email)
        page.fill("#password", DEFAULT_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server}/dashboard")
        page.goto(f"{live_server}/requests/{item.id}/step/review")
        page.locator("#documents").screenshot(path=str(artifacts_dir / f"downloads-{locale}.png"))
        # the keyboard alone: the language list, then Tab to the Word button and Enter
        page.focus("#download-lang")
        page.keyboard.press("End")  # the last language of the list
        last = DOCUMENT_LANGUAGES[-1]
        assert page.eval_on_selector("#download-lang", "e => e.value") == last
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "download-pdf"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "download-docx"
        with page.expect_download() as download_info:
            page.keyboard.press("Enter")
        download = download_info.value
        assert download.suggested_filename == f"request-{item.id}-{last}.docx"
        path = tmp_path / f"{locale}.docx"
        download.save_as(path)
        assert docx.Document(str(path)).paragraphs
        context.close()
