"""Wizard step server time vs the trivial /healthz endpoint, in the same process and run.

    python bench/wizard_step.py [--requests 100]

Signs a prosecutor in through the real login form, creates a complete sample draft (the
directory entry it goes to included), then times, interleaved, GET /healthz, GET of the
`requested`, `measures` and `review` steps, and a POST that saves the `facts` step (a new
version, the rules, the redirect). Uses the Flask test client: server time without the network.
Prints medians, p95 and the ratio of each median to /healthz; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _app import csrf, sqlite_bench_app
from _result import result

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
PASSWORD = "bench password 123"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()

    from mla_tool.auth.service import create_user
    from mla_tool.directory.authorities import create_authority
    from mla_tool.extensions import db
    from mla_tool.forms.drafting import create_request
    from mla_tool.forms.samples import complete_request

    app, _folder = sqlite_bench_app(
        "mla-bench-wizard-", {"TESTING": True, "MLA_LOGIN_RATE_LIMIT": "10000 per minute"}
    )
    with app.app_context():
        db.create_all()
        user = create_user("bench@example.org", PASSWORD, "prosecutor", country_iso3="FRA")
        authority = create_authority(
            {
                "country": "ARE",
                "functions": ["central_authority_mla"],
                "name": "International Cooperation Department",
                "languages": ["ar", "en"],
                "channels": ["central_authority"],
                "requirements": "Arabic translation required.",
            }
        )
        item = create_request(user, complete_request(requested_authority=authority.id))
        db.session.commit()
        request_id = item.id

    client = app.test_client()
    token = csrf(client.get("/login").get_data(as_text=True))
    client.post(
        "/login", data={"email": "bench@example.org", "password": PASSWORD, "csrf_token": token}
    )
    token = csrf(client.get(f"/requests/{request_id}/step/facts").get_data(as_text=True))
    counter = {"n": 0}

    def save_facts() -> Any:
        counter["n"] += 1
        return client.post(
            f"/requests/{request_id}/step/facts",
            data={"csrf_token": token, "facts": f"Facts, version {counter['n']}.", "go": "stay"},
        )

    probes: dict[str, Callable[[], Any]] = {
        "/healthz": lambda: client.get("/healthz"),
        "GET step requested": lambda: client.get(f"/requests/{request_id}/step/requested"),
        "GET step measures": lambda: client.get(f"/requests/{request_id}/step/measures"),
        "GET step review": lambda: client.get(f"/requests/{request_id}/step/review"),
        "POST save facts": save_facts,
    }
    timings: dict[str, list[float]] = {name: [] for name in probes}
    for name, probe in probes.items():  # warm up
        assert probe().status_code in (200, 302), name
    for _ in range(args.requests):
        for name, probe in probes.items():
            start = time.perf_counter()
            probe()
            timings[name].append(time.perf_counter() - start)
    base = statistics.median(timings["/healthz"])
    print(f"{args.requests} requests each, Flask test client (server time), SQLite")
    for name, values in timings.items():
        ordered = sorted(values)
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        median = statistics.median(values)
        print(
            f"{name:22s} median {median * 1000:7.2f} ms  p95 {p95 * 1000:7.2f} ms"
            f"  ratio {median / base:6.1f}x /healthz"
        )
        if name != "/healthz":
            result(f"wizard {name} median / healthz median", median / base, "")


if __name__ == "__main__":
    main()
