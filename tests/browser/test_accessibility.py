"""axe-core in a real Chromium over the main pages, in English and Arabic: no serious or
critical accessibility violations. Pages of every domain are listed in PAGES."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.pages import sign_in

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

#: (path, role that opens it); anonymous pages have role None.
PAGES: list[tuple[str, str | None]] = [
    ("/login", None),
    ("/dashboard", "caseworker"),
    ("/dashboard", "prosecutor"),
    ("/dashboard", "maintainer"),
    ("/directory/", "prosecutor"),
    ("/directory/states", "prosecutor"),
    ("/directory/state/EGY", "prosecutor"),
    ("/directory/legal-basis?requesting=FRA&requested=EGY&kind=mla", "prosecutor"),
    ("/directory/instruments", "prosecutor"),
    ("/directory/new", "maintainer"),
    ("/requests/", "prosecutor"),
    ("/requests/{draft}/step/requested", "prosecutor"),
    ("/requests/{draft}/step/measures", "prosecutor"),
    ("/requests/{draft}/step/review", "prosecutor"),
    ("/cases/", "caseworker"),
    ("/cases/new", "caseworker"),
    ("/cases/stats", "caseworker"),
    ("/cases/stats/untoc", "caseworker"),
    ("/account", "prosecutor"),
    ("/account/users", "admin"),
]


def _violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{item['id']} ({item['impact']}): {item['help']} — "
        + "; ".join(node["target"][0] for node in item["nodes"][:3])
        for item in result["violations"]
        if item["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_main_pages_have_no_serious_violations(  # type: ignore[no-untyped-def]
    browser, live_server, make_user, client, api_headers, language
) -> None:
    assert AXE.exists(), "axe-core is missing: run npm install (scripts/setup-system --tests)"
    users = {"prosecutor": make_user("prosecutor", email=f"a11y-prosecutor-{language}@example.org")}
    created = client.post(
        "/api/v1/requests",
        json={"kind": "mla", "requested_state": "EGY", "facts": "وقائع القضية"},
        headers=api_headers(users["prosecutor"]),
    )
    assert created.status_code == 201, created.get_json()
    draft = created.get_json()["id"]
    failures: dict[str, list[str]] = {}
    for path, role in PAGES:
        context = browser.new_context(locale="ar" if language == "ar" else "en-GB", bypass_csp=True)
        page = context.new_page()
        if role is not None:
            user = users.get(role) or make_user(role, email=f"a11y-{role}-{language}@example.org")
            users[role] = user
            sign_in(page, live_server, user.email)
        page.goto(f"{live_server}{path.format(draft=draft)}")
        assert page.evaluate("document.documentElement.lang") == language
        found = _violations(page)
        if found:
            failures[f"{path} as {role}"] = found
        context.close()
    assert failures == {}
