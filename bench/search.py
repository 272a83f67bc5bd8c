"""Case search against the plain case list, on a seeded database: p95 latency ratio.

    python bench/search.py [--cases 10000] [--rounds 30] [--database-url URL] [--keep]

Builds a fresh database through the real migrations (SQLite in a temporary data folder unless
--database-url names an empty PostgreSQL database) with case_list.py's cases, gives each case a
search entry naming persons (Latin and Arabic), an IP address and a phone number, then calls the
one search service (`list_cases` with `q`) in process, interleaved with the plain list, for a
rare name, an Arabic name, an IP address, a common word and a two-letter word (below a trigram:
LIKE). The same queries are also timed with the trigram index bypassed (LIKE over the table),
so the index's gain shows. Prints p50/p95 and ratios; asserts nothing.
Goal: search p95 <= 3x the plain case list's p95.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _result import result
from case_list import build, percentile

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NAMES = ("Martínez", "Dubois", "Schmidt", "Rossi", "Okafor", "Nguyen", "Haddad", "Kowalski")
ARABIC = ("عبد الله الخليل", "محمد العمري", "فاطمة الزهراء", "يوسف النجار", "ليلى حداد")
QUERIES = {
    "rare name": "zephyrine",
    "arabic name": "الخليل",
    "ip address": "203.0.113.77",
    "common word": "martinez",
    "two letters": "xq",
}


def seed_entries(app: Any, cases: int, seed: int = 11) -> None:
    """One search entry per case, as search_index writes them (folded)."""
    from sqlalchemy import insert, select

    from mla_tool.cases.models import Case
    from mla_tool.cases.search_models import SearchEntry
    from mla_tool.extensions import db
    from mla_tool.text_folding import folded_parts

    rng = random.Random(seed)
    with app.app_context():
        rows = []
        for case_id, title, reference in db.session.execute(
            select(Case.id, Case.title, Case.reference)
        ):
            persons = [rng.choice(NAMES), rng.choice(ARABIC)]
            if case_id % 997 == 0:
                persons.append("Zephyrine Baptiste")
            if case_id % 1499 == 0:
                persons.append("xq")
            ip = f"203.0.113.{case_id % 250}" if case_id % 50 == 0 else "198.51.100.1"
            text = folded_parts([reference, title, *persons, ip, f"+9627{case_id:08d}"])
            rows.append({"case_id": case_id, "request_id": None, "text": text})
        db.session.execute(insert(SearchEntry.__table__), rows)
        db.session.commit()
    print(f"search entries: {len(rows)} (of {cases} cases)")


def timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def measure(app: Any, email: str, rounds: int) -> dict[str, list[float]]:
    from mla_tool.auth.service import find_user_by_email
    from mla_tool.cases import search
    from mla_tool.cases.listing import CaseFilters, list_cases

    indexed = search.text_holds

    def scanned(text_column: Any, id_column: Any, patterns: list[str], _dialect: str) -> Any:
        return indexed(text_column, id_column, patterns, "none")  # LIKE over the table

    timings: dict[str, list[float]] = {}
    with app.test_request_context("/cases/"):
        user = find_user_by_email(email)
        for _ in range(rounds):
            timings.setdefault("case list", []).append(
                timed(lambda: list_cases(user, CaseFilters()).items)
            )
            for name, query in QUERIES.items():
                timings.setdefault(f"search: {name}", []).append(
                    timed(lambda q=query: list_cases(user, CaseFilters(q=q)).items)
                )
                search.text_holds = scanned
                try:
                    timings.setdefault(f"LIKE scan: {name}", []).append(
                        timed(lambda q=query: list_cases(user, CaseFilters(q=q)).items)
                    )
                finally:
                    search.text_holds = indexed
    return timings


def report(timings: dict[str, list[float]]) -> None:
    base = percentile(timings["case list"], 0.95)
    print(f"\n  {'query':<28} {'p50 ms':>8} {'p95 ms':>8} {'p95 / list':>11}")
    for name, values in timings.items():
        p95 = percentile(values, 0.95)
        print(f"  {name:<28} {statistics.median(values):8.2f} {p95:8.2f} {p95 / base:10.2f}x")
    for name in QUERIES:
        searched = percentile(timings[f"search: {name}"], 0.95)
        scan = percentile(timings[f"LIKE scan: {name}"], 0.95)
        result(f"search ({name}) p95 / case list p95", searched / base, "<=3")
        result(f"search ({name}) p95 / LIKE scan p95", searched / scan, "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--database-url", default=None, help="an empty PostgreSQL database")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from mla_tool import create_app
    from mla_tool.config import Settings

    folder = Path(tempfile.mkdtemp(prefix="mla-bench-search-"))
    try:
        env = {"MLA_DATA_DIR": str(folder)}
        if args.database_url:
            env["MLA_DATABASE_URL"] = args.database_url
        app = create_app({}, Settings.from_environment(env))
        with app.app_context():
            upgrade()
        emails = build(app, args.cases, args.cases)
        seed_entries(app, args.cases)
        print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}")
        for role in ("caseworker", "prosecutor"):
            print(f"\nsigned in as {role} ({args.rounds} rounds, in process)")
            report(measure(app, emails[role], args.rounds))
    finally:
        if args.keep:
            print(f"data kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
