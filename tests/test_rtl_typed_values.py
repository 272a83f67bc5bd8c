"""Values an Arabic page would lay out backwards unless isolated: the dashboard's last reminder
run, a telephone number typed in the wizard, an instrument's name beside its box."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from mla_tool.cases import sweep
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
