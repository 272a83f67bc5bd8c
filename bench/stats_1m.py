#!/usr/bin/env python3
"""Statistics pages and API at scale: each one's server time against the signed-in floor page.

    bench/stats_1m.py --database-url postgresql+psycopg://USER@/DB?host=…&port=… [--rounds 15]

Measures, in the process (the WSGI path, no network), the statistics pages (`/cases/stats`, its
CSV, `/cases/stats/untoc`, its CSV), `GET /api/v1/stats` and `/api/v1/stats/untoc`, over all time,
a calendar year and two periods with ragged ends (across years, within a year), for each role
that may read them (a caseworker and an auditor of the largest authority, an administrator
without one), against the signed-in floor page (`/notifications/`) and the case list, requests
interleaved; prints each path's median of the rounds (ms) and its ratio to the floor's, and
its CPU time: the request's thread (the app runs in it) plus the PostgreSQL backends of the
app's connections (/proc/<pid>/schedstat, when the server runs on this machine), which a
busy shared machine stretches far less than the wall-clock time. The database is a seeded
one (bench/seed) upgraded to the current migrations (0031 recounts the cells: about 9 minutes
at 1M cases, then autovacuum marks the pages all-visible, which the index-only reads need);
the script adds the auditor and administrator it signs in as (auditor-fra@bench.example,
admin-stats@bench.example) when they are missing.
Goal (issue 21): every statistics page < 50 ms at 1M cases.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _result import result  # noqa: E402

PASSWORD = "bench password 123"
FLOOR = "/notifications/"
PERIODS = {
    "all time": "",
    "a year": "?from=2025-01-01&to=2025-12-31",
    "ragged": "?from=2024-03-15&to=2026-02-03",
    "ragged in a year": "?from=2025-02-10&to=2025-11-20",
}
PAGES = ("/cases/stats", "/cases/stats/untoc", "/api/v1/stats", "/api/v1/stats/untoc")
CSVS = ("/cases/stats.csv", "/cases/stats/untoc.csv")
#: (role, e-mail, country) signed in as.
READERS = (
    ("caseworker", "cw-fra@bench.example", "FRA"),
    ("auditor", "auditor-fra@bench.example", "FRA"),
    ("admin", "admin-stats@bench.example", None),
)


def _app(url: str) -> Any:
    from mla_tool import create_app
    from mla_tool.config import Settings

    folder = tempfile.mkdtemp(prefix="stats-1m-")
    settings = Settings.from_environment({"MLA_DATA_DIR": folder, "MLA_DATABASE_URL": url})
    return create_app({}, settings=settings)


def _readers(app: Any, roles: list[str]) -> dict[str, tuple[Any, str]]:
    """role -> (a signed-in test client, API token)."""
    from mla_tool.auth.models import User
    from mla_tool.auth.service import create_user
    from mla_tool.auth.tokens import issue_token
    from mla_tool.extensions import db

    tokens = {}
    with app.app_context():
        for role, email, country in (r for r in READERS if r[0] in roles):
            user = db.session.query(User).filter_by(email=email).one_or_none()
            if user is None:
                user = create_user(email, PASSWORD, role, country_iso3=country)
            tokens[role] = (email, issue_token(user))
            db.session.commit()
    out = {}
    for role, (email, token) in tokens.items():  # each sign-in in its own request context
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        signed = client.post(
            "/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf}
        )
        assert signed.status_code == 302, f"sign-in of {email} failed"
        out[role] = (client, token)
    return out


def _paths() -> list[str]:
    paths = [FLOOR, "/cases/"]
    for query in PERIODS.values():
        paths += [page + query for page in PAGES]
    paths += list(CSVS)
    return paths


#: PostgreSQL backend process ids of the app's connections (recorded as they connect).
BACKENDS: set[int] = set()


def _backends_cpu_ms() -> float:
    """CPU time of the app's PostgreSQL backends so far (0 where /proc does not show them)."""
    total = 0
    for pid in BACKENDS:
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    return total / 1e6


def _record_backends(app: Any) -> None:
    from sqlalchemy import event

    from mla_tool.extensions import db

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _connected(connection: Any, _record: Any) -> None:
        pid = getattr(getattr(connection, "info", None), "backend_pid", None)
        if pid:
            BACKENDS.add(pid)

    engine.dispose()  # connections made from now on are recorded


def measure(
    client: Any, token: str, rounds: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """path -> wall-clock ms of each round, and path -> CPU ms (thread and backends)."""
    timings: dict[str, list[float]] = {path: [] for path in _paths()}
    cpu: dict[str, list[float]] = {path: [] for path in _paths()}
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(rounds):
        for path in timings:
            started, thread, backends = time.perf_counter(), time.thread_time(), _backends_cpu_ms()
            response = client.get(path, headers=headers if path.startswith("/api/") else {})
            response.get_data()
            timings[path].append((time.perf_counter() - started) * 1000)
            cpu[path].append((time.thread_time() - thread) * 1000 + _backends_cpu_ms() - backends)
            assert response.status_code == 200, (path, response.status_code)
    return timings, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="", help="a seeded database (bench/seed)")
    parser.add_argument("--rounds", type=int, default=15, help="requests per path and reader")
    parser.add_argument("--roles", default="caseworker,auditor,admin", help="comma-separated")
    args = parser.parse_args()
    if not args.database_url:
        print("stats-1m skipped: name a seeded database (bench/run --database-1m URL)")
        return
    app = _app(args.database_url)
    _record_backends(app)
    readers = _readers(app, args.roles.split(","))
    print(f"load average at the start: {os.getloadavg()[0]:.2f}")
    for role, (client, token) in readers.items():
        measure(client, token, 1)  # warm: templates, caches, connections
        timings, cpu = measure(client, token, args.rounds)
        floor = statistics.median(timings[FLOOR])
        print(f"\n{role}: median of {args.rounds} (ms), and against {FLOOR} ({floor:.2f} ms)")
        print(f"  {'path':<58} {'p50 ms':>8} {'max ms':>8} {'p50/floor':>10} {'cpu ms':>8}")
        for path, values in timings.items():
            p50, used = statistics.median(values), statistics.median(cpu[path])
            print(f"  {path:<58} {p50:8.2f} {max(values):8.2f} {p50 / floor:9.2f}x {used:8.2f}")
            if path not in (FLOOR, "/cases/"):
                result(f"stats {role} {path} p50", p50, "<50", "ms")
                result(f"stats {role} {path} p50 / signed-in floor", p50 / floor, "")
                result(f"stats {role} {path} CPU p50", used, "<50", "ms")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
