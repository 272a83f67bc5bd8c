"""A request's PDF downloaded the first time (rendered) vs the next time (from the cache).

    python bench/pdf_cache.py [--runs 5] [--lang en]

Signs a prosecutor in through the real login form and, for each run, creates a complete sample
draft and downloads its PDF twice through /requests/<id>/document: the first download renders
and keeps the encrypted document, the second is served from it. Times are server time (Flask
test client). Prints the medians and the ratio cached / first; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from _app import csrf, sqlite_bench_app
from _result import result

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
PASSWORD = "bench password 123"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()

    from mla_tool.auth.service import create_user
    from mla_tool.extensions import db
    from mla_tool.forms.drafting import create_request
    from mla_tool.forms.samples import complete_request
    from mla_tool.vault.keys import ensure_master_key

    app, _folder = sqlite_bench_app(
        "mla-bench-pdf-cache-", {"TESTING": True, "MLA_LOGIN_RATE_LIMIT": "10000 per minute"}
    )
    with app.app_context():
        db.create_all()
        ensure_master_key(Path(app.config["MLA_MASTER_KEY_FILE"]))
        user = create_user("bench@example.org", PASSWORD, "prosecutor", country_iso3="FRA")
        ids = [create_request(user, complete_request(args.lang)).id for _ in range(args.runs + 1)]
        db.session.commit()

    client = app.test_client()
    token = csrf(client.get("/login").get_data(as_text=True))
    client.post(
        "/login", data={"email": "bench@example.org", "password": PASSWORD, "csrf_token": token}
    )

    def download(request_id: int) -> tuple[float, bytes]:
        start = time.perf_counter()
        response = client.get(f"/requests/{request_id}/document?lang={args.lang}&format=pdf")
        elapsed = time.perf_counter() - start
        assert response.status_code == 200 and response.data.startswith(b"%PDF"), response
        return elapsed, response.data

    download(ids[0])  # warm WeasyPrint and the fonts, as `mla-tool serve` does at start-up
    first, cached = [], []
    for request_id in ids[1:]:
        rendered_time, rendered = download(request_id)
        cached_time, again = download(request_id)
        assert again == rendered
        first.append(rendered_time)
        cached.append(cached_time)
    first_median, cached_median = statistics.median(first), statistics.median(cached)
    print(f"{args.runs} requests, language {args.lang}, Flask test client (server time), SQLite")
    print(f"first download (renders):      median {first_median * 1000:7.1f} ms")
    print(f"next download (from the cache): median {cached_median * 1000:7.1f} ms")
    print(f"ratio cached / first: {cached_median / first_median:.3f}x (absolute times are noisy)")
    result(
        f"PDF download from the cache / first download ({args.lang})",
        cached_median / first_median,
        "<=0.1",
    )


if __name__ == "__main__":
    main()
