"""Directory search p95 over 5,000 generated authorities, as a ratio to /healthz in the same run.

    python bench/directory_search.py [--entries 5000] [--requests 300]

Uses a fresh SQLite database in a temporary folder, or MLA_DATABASE_URL when set (e.g. a
PostgreSQL URL). Requests go over real HTTP to a threaded server on localhost. Goal: ratio <= 2.
"""

from __future__ import annotations

import argparse
import http.client
import logging
import os
import random
import statistics
import tempfile
import threading
import time
from urllib.parse import urlencode

from _result import result
from werkzeug.serving import make_server

from mla_tool import create_app
from mla_tool.auth.service import create_user, issue_token
from mla_tool.config import Settings
from mla_tool.directory.authorities import _apply
from mla_tool.directory.models import Authority
from mla_tool.directory.states import all_states
from mla_tool.extensions import db


def _words(text: str) -> list[str]:
    return text.split()


ARABIC_WORDS = _words("وزارة العدل النيابة العامة مكتب التعاون الدولي الإدارة مكافحة الجرائم")
LATIN_WORDS = _words(
    "ministry justice office international cooperation prosecutor general directorate "
    "cybercrime unit federal department criminal affairs police bureau"
)
FUNCTIONS = ["central_authority_mla", "central_authority_extradition", "cybercrime_24_7"]
QUERIES = [
    {"q": "النائب"},
    {"q": "الادارة العامة"},
    {"q": "justice"},
    {"q": "cooperation international"},
    {"country": "EGY"},
    {"function": "cybercrime_24_7", "language": "ar"},
    {"country": "FRA", "q": "ministere"},
    {"q": "zzzz-nothing"},
]


def generate(count: int, rng: random.Random) -> None:
    states = [s.iso3 for s in all_states()]
    for index in range(count):
        authority = Authority(version=1)
        arabic = " ".join(rng.sample(ARABIC_WORDS, 4))
        latin = " ".join(rng.sample(LATIN_WORDS, 4)).title()
        _apply(
            authority,
            {
                "country_iso3": rng.choice(states),
                "functions": rng.sample(FUNCTIONS, rng.randint(1, 2)),
                "name": arabic if index % 2 else latin,
                "name_en": latin,
                "name_ar": arabic,
                "languages": rng.sample(["ar", "en", "fr", "es", "de"], 2),
                "channels": ["central_authority"],
                "address": f"{index} Example Street",
                "email": f"entry{index}@example.org",
                "legal_texts": [],
                "retired": False,
                "is_sample": True,
                "external_id": f"bench-{index}",
            },
        )
        db.session.add(authority)
        if index % 1000 == 999:
            db.session.flush()
    db.session.commit()


def measure(port: int, path: str, headers: dict[str, str], count: int) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    timings = []
    for _ in range(count):
        start = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        timings.append(time.perf_counter() - start)
        assert response.status == 200, (path, response.status)
    connection.close()
    return timings


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="mla-bench-")
    url = os.environ.get("MLA_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite"
    settings = Settings.from_environment({"MLA_DATA_DIR": folder, "MLA_DATABASE_URL": url})
    app = create_app({"MLA_LOGIN_RATE_LIMIT": "100000 per minute"}, settings=settings)
    with app.app_context():
        db.drop_all()
        db.create_all()
        rng = random.Random(7)
        started = time.perf_counter()
        generate(args.entries, rng)
        elapsed = time.perf_counter() - started
        print(f"generated {args.entries} authorities in {elapsed:.1f}s ({url.split(':')[0]})")
        user = create_user("bench@example.org", "bench password 123", "prosecutor")
        db.session.commit()
        token = issue_token(user)
        db.session.commit()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_port
    headers = {"Authorization": f"Bearer {token}"}
    try:
        measure(port, "/healthz", {}, 20)  # warm up
        per_query = max(args.requests // len(QUERIES), 10)
        search: list[float] = []
        rows = []
        for query in QUERIES:
            path = "/api/v1/authorities?" + urlencode({**query, "limit": 50})
            measure(port, path, headers, 3)
            timings = measure(port, path, headers, per_query)
            rows.append((query, p95(timings)))
            search.extend(timings)
        health = measure(port, "/healthz", {}, len(search))
        me = measure(port, "/api/v1/me", headers, len(search))
    finally:
        server.shutdown()
    for query, value in rows:
        print(f"  p95 {value * 1000:7.2f} ms  {query}")
    with app.app_context():
        from mla_tool.directory.authorities import find_authorities

        direct = []
        for query in QUERIES * 10:
            start = time.perf_counter()
            find_authorities(**query, limit=50)
            direct.append(time.perf_counter() - start)
    ratio = p95(search) / p95(health)
    print(f"search  p95 {p95(search) * 1000:.2f} ms over {len(search)} requests")
    print(f"healthz p95 {p95(health) * 1000:.2f} ms over {len(health)} requests")
    print(f"/me     p95 {p95(me) * 1000:.2f} ms (trivial endpoint behind bearer-token auth)")
    print(f"find_authorities() alone p95 {p95(direct) * 1000:.2f} ms")
    print(f"ratio search/healthz {ratio:.2f} (goal <= 2.0)")
    result(f"directory search p95 / healthz p95 ({args.entries} entries)", ratio, "<=2")
    print(f"ratio search/me      {p95(search) / p95(me):.2f} (cost of the search itself)")
    with app.app_context():
        db.drop_all()


if __name__ == "__main__":
    main()
