"""Values an Arabic page would lay out backwards unless isolated: the dashboard's last reminder
run, a telephone number typed in the wizard, an instrument's name beside its box."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from mla_tool.cases import sweep
from tests.factories.authorities import make_authority
from tests.factories.extradition_wizard import new_request


def _arabic(make_user: Callable[..., Any], login: Callable[..., Any], role: str) -> Any:
    user = make_user(role)
    user.locale = "ar"
    login(user)
    return user


def test_the_last_reminder_run_is_a_time(
    client: Any, make_user: Callable[..., Any], login: Callable[..., Any]
) -> None:
    _arabic(make_user, login, "caseworker")
    sweep.sweep(on=date(2026, 12, 5))
    body = client.get("/dashboard").get_data(as_text=True)
    note = re.search(r"آخر تشغيل: (.*?) UTC", body)
    assert note, "the reminders panel says when they last ran"
    assert re.fullmatch(r'<time datetime="[0-9T:.-]+Z">\d{4}-\d\d-\d\d \d\d:\d\d</time>', note[1])


def test_typed_short_texts_take_their_own_direction(
    client: Any, make_user: Callable[..., Any], login: Callable[..., Any]
) -> None:
    _arabic(make_user, login, "prosecutor")
    request_id = new_request(client, "mla")
    body = client.get(f"/requests/{request_id}/step/requesting").get_data(as_text=True)
    phone = re.search(r'<input[^>]*name="requesting_authority__phone"[^>]*>', body)
    assert phone and 'dir="auto"' in phone[0]  # "+962 6 555 0101", not "0101 555 6 962+"


def test_the_boxes_of_the_legal_basis_isolate_their_labels(
    client: Any, make_user: Callable[..., Any], login: Callable[..., Any]
) -> None:
    _arabic(make_user, login, "prosecutor")
    request_id = new_request(client, "mla")
    body = client.get(f"/requests/{request_id}/step/legal_basis").get_data(as_text=True)
    labels = re.findall(r'<label for="legal_basis-\d+">(.*?)</label>', body)
    assert labels, "the step offers instruments to tick"
    assert all(label.startswith("<bdi>") and label.endswith("</bdi>") for label in labels), labels


def _save_step(client: Any, request_id: int, step: str, values: dict[str, Any]) -> None:
    page = client.get(f"/requests/{request_id}/step/{step}").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert version and token
    form = {"csrf_token": token[1], "version": version[1], "go": "stay", **values}
    answer = client.post(f"/requests/{request_id}/step/{step}", data=form)
    assert answer.status_code in (200, 302), answer.status_code


def test_the_review_names_the_language_and_the_legal_basis(
    client: Any, make_user: Callable[..., Any], login: Callable[..., Any]
) -> None:
    _arabic(make_user, login, "prosecutor")
    request_id = new_request(client, "mla")
    _save_step(client, request_id, "requested", {"requested_state": "ARE", "language": "ar"})
    _save_step(client, request_id, "legal_basis", {"legal_basis": "reciprocity"})
    body = client.get(f"/requests/{request_id}/step/review").get_data(as_text=True)
    fields = dict(re.findall(r"<dt>(.*?)</dt>\s*<dd><bdi>(.*?)</bdi>", body))
    assert fields["لغة الطلب"] == "العربية"  # not "ar"
    assert fields["الأساس القانوني"] == "المعاملة بالمثل"  # not "reciprocity"


def test_the_menu_marks_one_current_page(
    client: Any, make_user: Callable[..., Any], login: Callable[..., Any]
) -> None:
    """Cases and Statistics share a blueprint: only the page's own entry is the current one."""
    user = make_user("caseworker")
    login(user)
    for url, current in (("/cases/", "/cases/"), ("/cases/stats", "/cases/stats")):
        body = client.get(url).get_data(as_text=True)
        nav = body.split('<nav class="mainnav"', 1)[1].split("</nav>", 1)[0]
        marked = re.findall(r'<a href="([^"]+)" aria-current="page"', nav)
        assert marked == [current], (url, marked)


def test_a_refused_submission_keeps_the_note_and_reads_as_sentences(
    client: Any, make_user: Callable[..., Any], login: Callable[..., Any]
) -> None:
    _arabic(make_user, login, "prosecutor")
    request_id = new_request(client, "mla")
    review = client.get(f"/requests/{request_id}/step/review").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', review)
    assert token
    note = "ملاحظة: urgent — ref. JO/2026/77"
    answer = client.post(
        f"/requests/{request_id}/submit", data={"csrf_token": token[1], "note": note}
    )
    body = answer.get_data(as_text=True)
    assert answer.status_code == 409
    assert f'<textarea id="submit-note" name="note" rows="2">{note}</textarea>' in body
    refusal = re.search(r'class="flash flash-error"[^>]*>(.*?)</', body, re.S)
    assert refusal and "الطلب غير مكتمل" in refusal[1]
    assert (
        ".;" not in refusal[1]
    )  # "Choose the state. Describe…", not "Choose the state.; Describe…"


def test_the_directory_panel_names_the_languages(
    client: Any, make_user: Callable[..., Any], login: Callable[..., Any]
) -> None:
    """The requested step's panel says "Arabic, English" in the reader's words, not "ar, en"."""
    user = make_user("prosecutor")
    user.locale = "fr"
    login(user)
    make_authority(languages=["ar", "en"])
    request_id = new_request(client, "mla")
    _save_step(client, request_id, "requested", {"requested_state": "ARE"})
    body = client.get(f"/requests/{request_id}/step/requested").get_data(as_text=True)
    accepted = re.search(r'<strong id="accepted-languages">(.*?)</strong>', body)
    assert accepted and accepted[1] == "arabe, anglais"
    assert "Langues\u00a0: arabe, anglais" in body  # the page's colon: no line starts with ":"


def test_a_requests_subject_is_an_isolated_run_in_its_title(
    client: Any, make_user: Callable[..., Any], login: Callable[..., Any]
) -> None:
    """An Arabic subject on a French page (and a Latin one on an Arabic page) keeps its own order
    and does not pull the number or the arrow into it: the heading, <title> and the list."""
    from mla_tool.extensions import db
    from mla_tool.forms.models import MlaRequest

    user = make_user("prosecutor")
    user.locale = "fr"
    login(user)
    request_id = new_request(client, "mla")
    item = db.session.get(MlaRequest, request_id)
    subject = "تحقيق في غسل الأموال بين عامي 2022 و2024."
    item.data = {**item.data, "subject": subject}
    db.session.commit()
    isolated = f"#{request_id} \u2068{subject}\u2069 → "
    page = client.get(f"/requests/{request_id}/step/requesting").get_data(as_text=True)
    assert page.count(isolated) >= 2, "the heading and <title>"
    listed = client.get("/requests/").get_data(as_text=True)
    # not inside a <bdi>, whose direction the Arabic subject would set for the whole title
    assert isolated in listed and f"<bdi>#{request_id}" not in listed
    versions = client.get(f"/requests/{request_id}/versions").get_data(as_text=True)
    assert isolated in versions and f"<bdi>#{request_id}" not in versions


def test_a_long_subject_is_shortened_at_a_word_in_its_title(
    client: Any, make_user: Callable[..., Any], login: Callable[..., Any]
) -> None:
    """A title keeps 80 characters of the subject, cut between words and ending in "…", never
    in the middle of a word with nothing to say the subject goes on."""
    from mla_tool.extensions import db
    from mla_tool.forms.models import MlaRequest

    login(make_user("prosecutor"))
    request_id = new_request(client, "mla")
    item = db.session.get(MlaRequest, request_id)
    subject = (
        "Investigation of money laundering of the proceeds of a corruption scheme in public "
        "procurement"
    )
    item.data = {**item.data, "subject": subject}
    db.session.commit()
    listed = client.get("/requests/").get_data(as_text=True)
    shown = "Investigation of money laundering of the proceeds of a corruption scheme in…"
    assert f"\u2068{shown}\u2069" in listed and "in publ" not in listed
