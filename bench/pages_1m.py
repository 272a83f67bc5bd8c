"""List and search pages on the 1M-case PostgreSQL data set: server time per page, as a ratio to
the signed-in floor page and to /healthz measured in the same run.

    python bench/pages_1m.py --database-url postgresql+psycopg://…/pages1m [--runs 15]
    MLA_BENCH_1M_URL=postgresql+psycopg://… python bench/pages_1m.py

The database is a COPY of one built by `bench/seed --cases 1000000` (the script issues API tokens
for the two users it signs in as, so it writes to it), upgraded to the code's migrations
(`MLA_DATABASE_URL=… mla-tool db upgrade`). Without a URL the script says so and measures
nothing. The application runs in this process under Flask's test client: the time of a request
is the server's own (routing, queries, rendering), with no network or HTTP server in it. It signs
in as cw-fra@bench.example (a caseworker, who sees the 600,000 cases of the French authority) and
pros-fra@bench.example (a prosecutor, who sees only the cases they are a member of), times every
page in turn (rounds interleaved, so that all see the same machine load) and prints the median
of the runs. Goal: every page under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _result import result

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PASSWORD = "bench password 123"
USERS = {"caseworker": "cw-fra@bench.example", "prosecutor": "pros-fra@bench.example"}
FLOOR = "/notifications/"  # a signed-in page with the same layout and one small query
GOAL_MS = 50.0


def pages(next_cursor: str | None) -> list[tuple[str, bool]]:
    """(path, whether it goes with a bearer token): the pages timed, baselines first."""
    listed = [
        ("/healthz", False),
        (FLOOR, False),
        ("/dashboard", False),
        ("/cases/", False),
        ("/cases/?page=2", False),
        ("/cases/?status=in_execution", False),
        ("/cases/?overdue=1", False),  # the dashboard's "All overdue cases"
        ("/cases/?country=DEU&direction=incoming", False),
        ("/cases/?sort=due", False),
        ("/cases/?q=REF-0012345", False),
        ("/cases/?q=Okafor", False),
        ("/cases/?q=0777", False),
        ("/requests/", False),
        ("/api/v1/cases", True),
        ("/api/v1/cases?status=in_execution", True),
        ("/api/v1/cases?q=REF-00123", True),
    ]
    if next_cursor:  # the code measured pages by cursor (keyset)
        listed.insert(5, (f"/cases/?page=2&cursor={next_cursor}", False))
        listed.append((f"/api/v1/cases?cursor={next_cursor}", True))
    return listed


def sign_in(client: Any, email: str) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token, "no sign-in form"
    answer = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    )
    assert answer.status_code == 302, f"sign-in as {email} failed ({answer.status_code})"


def label(path: str) -> str:
    """The path, its cursor shortened (it differs between runs of different code)."""
    return re.sub(r"cursor=[^&]+", "cursor=…", path)


def measure(app: Any, email: str, token: str, runs: int) -> dict[str, list[float]]:
    client = app.test_client()
    sign_in(client, email)
    bearer = {"Authorization": f"Bearer {token}"}
    first = client.get("/api/v1/cases", headers=bearer).get_json() or {}
    listed = pages(first.get("next_cursor"))
    timings: dict[str, list[float]] = {label(path): [] for path, _ in listed}
    for round_ in range(runs + 2):  # two warm-up rounds
        for path, with_token in listed:
            started = time.perf_counter()
            answer = client.get(path, headers=bearer if with_token else {})
            elapsed = (time.perf_counter() - started) * 1000
            assert answer.status_code == 200, (path, answer.status_code)
            if round_ >= 2:
                timings[label(path)].append(elapsed)
    return timings


def report(role: str, timings: dict[str, list[float]]) -> None:
    floor = statistics.median(timings[FLOOR])
    health = statistics.median(timings["/healthz"])
    print(f"\n{role}: median server time of {len(timings[FLOOR])} runs")
    print(f"  {'page':<46} {'ms':>8} {'/ floor':>8} {'/ healthz':>10}  goal < {GOAL_MS:.0f} ms")
    for path, values in timings.items():
        median = statistics.median(values)
        verdict = "" if path in ("/healthz", FLOOR) else ("met" if median < GOAL_MS else "MISSED")
        print(
            f"  {path:<46} {median:8.1f} {median / floor:7.2f}x {median / health:9.1f}x  {verdict}"
        )
        if verdict:
            result(f"1M {role} {path} ms", median, f"<{GOAL_MS:.0f}", " ms")
            result(f"1M {role} {path} / signed-in floor", median / floor, "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("MLA_BENCH_1M_URL"))
    parser.add_argument("--runs", type=int, default=15, help="timed rounds (median)")
    args = parser.parse_args()
    if not args.database_url:
        print("skipped: no 1M database (give --database-url or MLA_BENCH_1M_URL)")
        return 0

    from mla_tool import create_app
    from mla_tool.auth.service import find_user_by_email
    from mla_tool.auth.tokens import issue_token
    from mla_tool.config import Settings
    from mla_tool.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="mla-bench-pages-1m-"))
    try:
        env = {"MLA_DATA_DIR": str(folder), "MLA_DATABASE_URL": args.database_url}
        app = create_app(
            {"MLA_LOGIN_RATE_LIMIT": "100000 per minute"}, Settings.from_environment(env)
        )
        with app.app_context():
            tokens = {
                role: issue_token(find_user_by_email(email), name="bench pages_1m", days=1)
                for role, email in USERS.items()
            }
            db.session.commit()
            cases = db.session.execute(db.text("SELECT count(*) FROM cases")).scalar_one()
            print(f"{cases:,} cases in {db.engine.url.database}")
        for role, email in USERS.items():
            report(role, measure(app, email, tokens[role], args.runs))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
