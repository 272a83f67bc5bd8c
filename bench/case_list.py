"""Case list and dashboard at scale: p95 latency as a ratio to /healthz in the same run.

    python bench/case_list.py [--cases 100000] [--events 1000000] [--requests 200]
                              [--database-url URL] [--keep]

Builds a fresh database through the real migrations (SQLite in a temporary data folder unless
--database-url names an empty PostgreSQL database), bulk-inserts the cases, their members,
events and deadlines, then serves the real application with waitress on a local port and
times real HTTP requests (keep-alive, signed-in session) to /healthz, the case list, filtered
lists, the dashboard and the JSON list, interleaved so that all see the same machine load.
Prints p50/p95 and the ratio of each p95 to the p95 of /healthz; asserts nothing. A second,
small database (1% of the cases, at least 500) is served beside it and timed in the same
rounds, so that what the scale itself costs shows as the ratio full / small. The
notifications page (same layout, one small query) shows the floor that every signed-in page
starts from, so that what the case list itself costs can be read off.
Goal: case list and dashboard p95 <= 3x /healthz, and the case list's median <= 1.5x the floor's.
"paired" is the median over the rounds of each request's time over the floor's in the same round
(a few milliseconds apart): on a busy machine it moves less between runs than the ratio of the
two medians, which the goal reads.
`--colleagues` people of the signed-in users' authority are inserted (default 500), as many as the
"assigned to" filter once listed.
"""

from __future__ import annotations

import argparse
import http.client
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from _result import result

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

STATES = (  # noqa: SIM905
    "DEU ESP ITA USA GBR BRA MAR NGA CAN CHE BEL NLD TUR ARG MEX COL ZAF EGY IND CHN JPN KOR "
    "AUS SEN CIV TUN DZA POL ROU UKR"
).split()
PASSWORD = "bench password 123"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(fraction * len(ordered))) - 1)]


def build(
    app: Any, cases: int, events: int, seed: int = 7, colleagues: int = 500
) -> dict[str, Any]:
    """Bulk-insert a realistic load; returns the users to sign in as. `colleagues` more
    prosecutors and caseworkers of the same authority (the people a case can be given to) are
    inserted as rows, sharing one password hash."""
    from sqlalchemy import insert, text

    from mla_tool.auth.models import User
    from mla_tool.auth.service import create_user
    from mla_tool.cases import workflow
    from mla_tool.cases.models import Case, CaseEvent, CaseMember, Deadline
    from mla_tool.extensions import db

    rng = random.Random(seed)
    with app.app_context():
        caseworker = create_user("cw@bench.example", PASSWORD, "caseworker", country_iso3="FRA")
        prosecutor = create_user("pros@bench.example", PASSWORD, "prosecutor", country_iso3="FRA")
        staff = [caseworker.id, prosecutor.id]
        for i in range(48):
            role = "prosecutor" if i % 3 else "caseworker"
            user = create_user(f"u{i}@bench.example", "x" * 12, role, country_iso3="FRA")
            staff.append(user.id)
        db.session.commit()
        db.session.execute(
            insert(User.__table__),
            [
                {
                    "email": f"colleague{i}@bench.example",
                    "display_name": f"Colleague {i:04d}",
                    "password_hash": caseworker.password_hash,
                    "role": "prosecutor" if i % 2 else "caseworker",
                    "country_iso3": "FRA",
                    "timezone": "UTC",
                    "active": True,
                    "is_sample": False,
                    "created_at": datetime(2026, 1, 1),
                }
                for i in range(colleagues)
            ],
        )
        db.session.commit()
        now = datetime(2026, 11, 1)
        today = date.today()
        case_rows, member_rows, deadline_rows = [], [], []
        statuses = {d: workflow.DIRECTION_STATUSES[d] for d in ("outgoing", "incoming")}
        for case_id in range(1, cases + 1):
            direction = "outgoing" if rng.random() < 0.55 else "incoming"
            creator = rng.choice(staff)
            created = now - timedelta(days=rng.uniform(0, 900))
            due = today + timedelta(days=rng.randint(-90, 180)) if rng.random() < 0.6 else None
            case_rows.append(
                {
                    "id": case_id,
                    "direction": direction,
                    "kind": rng.choice(("mla", "mla", "mla", "extradition", "preservation")),
                    "counterpart_state": rng.choice(STATES),
                    "owner_country": "FRA" if rng.random() < 0.9 else "BEL",
                    "title": f"Matter {case_id} concerning {rng.choice(STATES)} proceeds",
                    "reference": f"REF-{case_id:07d}",
                    "assigned_to": rng.choice(staff) if rng.random() < 0.7 else None,
                    "created_by": creator,
                    "due_date": due,
                    "status": rng.choice(statuses[direction]),
                    "confidential": rng.random() < 0.05,
                    "created_at": created,
                    "updated_at": created + timedelta(days=rng.uniform(0, 60)),
                    "is_sample": False,
                }
            )
            member_rows.append(
                {
                    "case_id": case_id,
                    "user_id": creator,
                    "role_in_case": "creator",
                    "added_at": created,
                }
            )
            if rng.random() < 0.1:
                deadline_rows.append(
                    {
                        "case_id": case_id,
                        "kind": "respond_by",
                        "due_on": today + timedelta(days=rng.randint(-20, 60)),
                        "label": "Reply",
                        "remind_days": [14, 3],
                        "done": rng.random() < 0.3,
                        "created_at": created,
                    }
                )
        started = time.perf_counter()
        for table, rows in (
            (Case.__table__, case_rows),
            (CaseMember.__table__, member_rows),
            (Deadline.__table__, deadline_rows),
        ):
            for start in range(0, len(rows), 20000):
                db.session.execute(insert(table), rows[start : start + 20000])
        types = ("transition", "note", "correspondence", "assignment", "deadline")
        batch: list[dict[str, Any]] = []
        for n in range(events):
            case_id = rng.randint(1, cases)
            batch.append(
                {
                    "case_id": case_id,
                    "at": now - timedelta(minutes=n),
                    "actor_id": rng.choice(staff),
                    "type": rng.choice(types),
                    "from_status": None,
                    "to_status": None,
                    "note": None,
                    "details": {},
                }
            )
            if len(batch) == 50000:
                db.session.execute(insert(CaseEvent.__table__), batch)
                batch = []
        if batch:
            db.session.execute(insert(CaseEvent.__table__), batch)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("SELECT setval('cases_id_seq', :n)"), {"n": cases})
            db.session.commit()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
        else:
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        print(
            f"loaded {cases} cases, {len(member_rows)} members, {len(deadline_rows)} deadlines,"
            f" {events} events in {time.perf_counter() - started:.1f} s"
        )
        return {"caseworker": caseworker.email, "prosecutor": prosecutor.email}


class Client:
    """A keep-alive HTTP client that keeps the session cookie."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: str | None = None, **headers: str
    ) -> tuple[int, str]:
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text

    def sign_in(self, email: str) -> None:
        _status, page = self.request("GET", "/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        body = urlencode({"email": email, "password": PASSWORD, "csrf_token": token})
        status, _ = self.request("POST", "/login", body=body)
        assert status == 302, f"sign-in failed ({status})"


#: A signed-in page with the same layout and one small query: the floor any page starts from.
FLOOR = "/notifications/"


def targets(token: str) -> dict[str, dict[str, str]]:
    return {
        "/healthz": {},
        FLOOR: {},
        "/cases/": {},
        "/dashboard": {},
        "/cases/?status=in_execution": {},
        "/cases/?overdue=1": {},
        "/cases/?country=DEU&direction=incoming": {},
        "/cases/?page=40": {},
        "/api/v1/cases": {"Authorization": f"Bearer {token}"},
    }


def measure(
    servers: dict[str, tuple[int, str]], email: str, rounds: int
) -> dict[str, dict[str, list[float]]]:
    """Per server (name -> port, API token): timings per path, requests interleaved over all."""
    clients = {}
    for name, (port, _token) in servers.items():
        clients[name] = Client(port)
        clients[name].sign_in(email)
    plan = {name: targets(token) for name, (_port, token) in servers.items()}
    timings = {name: {path: [] for path in paths} for name, paths in plan.items()}
    for name, paths in plan.items():  # warm-up
        for path, headers in paths.items():
            for _ in range(3):
                clients[name].request("GET", path, **headers)
    for _ in range(rounds):
        for path in plan[next(iter(plan))]:
            for name, paths in plan.items():
                started = time.perf_counter()
                status, _body = clients[name].request("GET", path, **paths[path])
                timings[name][path].append((time.perf_counter() - started) * 1000)
                assert status == 200, (name, path, status)
    return timings


def report(title: str, timings: dict[str, list[float]]) -> None:
    base = percentile(timings["/healthz"], 0.95)
    floor = statistics.median(timings[FLOOR])
    print(f"\n{title}")
    print(
        f"  {'endpoint':<42} {'p50 ms':>8} {'p95 ms':>8} {'p95 ratio':>10} {'p50/floor':>10}"
        f" {'paired':>7}"
    )
    for path, values in timings.items():
        p95 = percentile(values, 0.95)
        p50 = statistics.median(values)
        paired = statistics.median(a / b for a, b in zip(values, timings[FLOOR], strict=True))
        goal = "  (goal <= 3x; <= 1.5x the floor)" if path in ("/cases/", "/dashboard") else ""
        print(
            f"  {path:<42} {p50:8.2f} {p95:8.2f} {p95 / base:9.2f}x {p50 / floor:9.2f}x"
            f" {paired:6.2f}x{goal}"
        )
        if goal:
            result(f"{title.strip()} {path} p95 / healthz p95", p95 / base, "<=3")
            result(f"{title.strip()} {path} p50 / signed-in floor p50", p50 / floor, "<=1.5")
            result(f"{title.strip()} {path} median of paired ratios to the floor", paired, "")


def report_scale(title: str, large: dict[str, list[float]], small: dict[str, list[float]]) -> None:
    """The same page on the full database and on a small one, served side by side."""
    print(f"\n{title}: p95 on the full database / p95 on the small one")
    for path in large:
        ratio = percentile(large[path], 0.95) / percentile(small[path], 0.95)
        print(f"  {path:<42} {ratio:9.2f}x")
        if path in ("/cases/", "/dashboard"):
            result(f"{title} {path} p95 full / p95 small", ratio, "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200, help="rounds over the endpoints")
    parser.add_argument(
        "--colleagues", type=int, default=500, help="people of the same authority (assignees)"
    )
    parser.add_argument("--database-url", default=None, help="an empty PostgreSQL database")
    parser.add_argument(
        "--small-database-url",
        default=None,
        help="a second empty PostgreSQL database for the small-scale comparison",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder")
    args = parser.parse_args()

    from flask_migrate import upgrade
    from waitress.server import create_server

    from mla_tool import create_app
    from mla_tool.auth.service import find_user_by_email, issue_token
    from mla_tool.config import Settings
    from mla_tool.extensions import db

    small_cases, small_events = max(500, args.cases // 100), max(5000, args.events // 100)
    databases = {"full": args.database_url, "small": args.small_database_url}
    if args.database_url and not args.small_database_url:
        del databases["small"]  # a PostgreSQL run compares scales only when given a second one
    folders: list[Path] = []
    servers: dict[str, Any] = {}
    endpoints: dict[str, dict[str, tuple[int, str]]] = {"caseworker": {}, "prosecutor": {}}
    try:
        for name, url in databases.items():
            folder = Path(tempfile.mkdtemp(prefix=f"mla-bench-cases-{name}-"))
            folders.append(folder)
            env = {"MLA_DATA_DIR": str(folder)}
            if url:
                env["MLA_DATABASE_URL"] = url
            app = create_app(
                {"MLA_LOGIN_RATE_LIMIT": "100000 per minute"}, Settings.from_environment(env)
            )
            with app.app_context():
                upgrade()
            if name == "full":
                emails = build(app, args.cases, args.events, colleagues=args.colleagues)
                print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}")
            else:
                build(app, small_cases, small_events, colleagues=args.colleagues)
            server = create_server(app, host="127.0.0.1", port=0, threads=4)
            servers[name] = server
            threading.Thread(target=server.run, daemon=True).start()
            with app.app_context():
                for role, email in emails.items():
                    token = issue_token(find_user_by_email(email))
                    endpoints[role][name] = (server.effective_port, token)  # type: ignore[union-attr]
                db.session.commit()
        for role in ("caseworker", "prosecutor"):
            timings = measure(endpoints[role], emails[role], args.requests)
            title = f"signed in as {role} ({args.requests} rounds, HTTP keep-alive)"
            report(title, timings["full"])
            if "small" in timings:
                report_scale(
                    f"{role}: {args.cases} cases vs {small_cases} cases",
                    timings["full"],
                    timings["small"],
                )
        for server in servers.values():
            server.close()
    finally:
        for folder in folders:
            if args.keep:
                print(f"data kept in {folder}")
            else:
                shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
