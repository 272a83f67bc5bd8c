"""Audited writes under contention on PostgreSQL: throughput with 1, 2, 4 and 16 writers against
plain inserts of the same size, and a save's latency while other users download PDFs.

    python bench/audit_contention.py [--seconds 3] [--rounds 3] [--saves 40]
                                     [--database-url postgresql+psycopg://...]

Starts a throw-away PostgreSQL through scripts/start-postgres (unless --database-url names an
empty database) and builds the app over it. The audited write is the app's own case note
(`cases.timeline.add_event`, which records `case.event` in the audit log) and its commit, each
writer a process of its own on a case of its own, as under `serve --processes N`. (Threads of one
process measured the interpreter's lock instead: a note costs about 3 ms of Python, so 4 or 16
threads held one core and neither mode scaled.) The entry is written with its own MAC in that
transaction, and chained by a short transaction of its own after the commit (two round trips,
shared by the writers that commit together). The baseline is the same transaction with the audit
entry written as a plain row of the same size into a table of the same shape and indexes (the
unique MAC too), never chained (no head row, no lock, no second transaction). Each writer count
runs `--seconds` per mode, the modes alternating, `--rounds` times; the medians, the ratio
audited / plain, and how each mode scales against its own lone writer are printed.

The save's latency: one user adds `--saves` notes one after another (the same service call)
alone, then while two other users download PDFs through /requests/<id>/document (the real route,
which audits the download and renders after its commit), each download a document not yet in
the cache, in the Flask test client of the same process. p50 and p95 of both, and their ratio.
Asserts nothing; the chain is verified at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import multiprocessing
import os
import shutil
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _app import csrf
from _postgres import start_postgres, stop_postgres
from _result import result
from mixed_workload import percentile

WRITERS = (1, 2, 4, 16)
DOWNLOADERS = 2
PASSWORD = "bench password 123"
LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh", "pt", "de")


def plain_table(metadata: Any) -> Any:
    """A table shaped like audit_entries (columns, unique seq and MAC, the same indexes)."""
    from sqlalchemy import Column, DateTime, Index, Integer, String, Table, Text

    table = Table(
        "bench_plain_entries",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("seq", Integer, unique=True),
        Column("at", DateTime, nullable=False, index=True),
        Column("actor_id", Integer),
        Column("actor_email", String(320)),
        Column("action", String(80), nullable=False, index=True),
        Column("object_type", String(60)),
        Column("object_id", String(80)),
        Column("details", Text, nullable=False),
        Column("prev_hash", String(64)),
        Column("entry_hash", String(64)),
        Column("key_id", String(40)),
        Column("format", Integer, nullable=False),
        Column("entry_mac", String(64), unique=True),
        Column("nonce", String(32)),
    )
    Index("ix_bench_plain_object", table.c.object_type, table.c.object_id)
    return table


def plain_recorder(table: Any, first: int) -> Callable[..., None]:
    """`audit_record`'s stand-in: the same row, hashed, inserted in the caller's transaction
    (with a seq and hashes, as the chained row will hold); each writer numbers from its own
    `first`."""
    from datetime import UTC, datetime

    from mla_tool.extensions import db

    numbers = itertools.count(first)

    def record(action: str, object_type: Any, object_id: Any, details: Any, actor: Any) -> None:
        seq = next(numbers)
        payload = f"{seq}|{action}|{object_type}|{object_id}|{details}"
        digest = hashlib.sha256(payload.encode()).hexdigest()
        db.session.execute(
            table.insert().values(
                seq=seq,
                at=datetime.now(UTC).replace(tzinfo=None),
                actor_id=actor.id,
                actor_email=actor.email,
                action=action,
                object_type=object_type,
                object_id=str(object_id),
                details=str(details),
                prev_hash="0" * 64,
                entry_hash=digest,
                key_id="bench",
                format=2,
                entry_mac=digest,
                nonce=digest[:32],
            )
        )

    return record


def writer_process(pipe: Any, environment: dict[str, str], case_id: int, user_id: int) -> None:
    """One writer, a process of its own as under `serve --processes N`: builds the app once, then
    for each order (mode, start, seconds) adds notes to its case from `start` (wall clock) until
    `start + seconds` and answers with how many it committed."""
    from mla_tool import create_app
    from mla_tool.auth.models import User
    from mla_tool.cases import timeline
    from mla_tool.cases.models import Case
    from mla_tool.cases.timeline import add_event
    from mla_tool.config import Settings
    from mla_tool.extensions import db

    app = create_app({"TESTING": True}, settings=Settings.from_environment(environment))
    plain = plain_recorder(plain_table(db.metadata), first=case_id * 1_000_000)
    recorders = {"audited": timeline.audit_record, "plain": plain}
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.commit()
        pipe.send("ready")
        while (order := pipe.recv()) is not None:
            mode, start, seconds = order
            timeline.audit_record = recorders[mode]
            time.sleep(max(0.0, start - time.time()))
            done, deadline = 0, start + seconds
            while time.time() < deadline:
                add_event(db.session.get(Case, case_id), "note", user, note=f"note {done}")
                db.session.commit()
                done += 1
            pipe.send(done)
        db.session.remove()


class Writers:
    """`max(WRITERS)` writer processes, started once; `rate` runs the first n of them together."""

    def __init__(self, environment: dict[str, str], cases: list[int], user_id: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.pipes, self.processes = [], []
        for case_id in cases:
            mine, theirs = context.Pipe()
            process = context.Process(
                target=writer_process, args=(theirs, environment, case_id, user_id), daemon=True
            )
            process.start()
            self.pipes.append(mine)
            self.processes.append(process)
        for pipe in self.pipes:
            assert pipe.recv() == "ready"

    def rate(self, mode: str, writers: int, seconds: float) -> float:
        """Case notes committed per second by `writers` processes writing at once."""
        start = time.time() + 0.3
        for pipe in self.pipes[:writers]:
            pipe.send((mode, start, seconds))
        return sum(pipe.recv() for pipe in self.pipes[:writers]) / seconds

    def close(self) -> None:
        for pipe in self.pipes:
            pipe.send(None)
        for process in self.processes:
            process.join(timeout=30)


def throughput(
    app: Any, environment: dict[str, str], cases: list[int], user_id: int, args: argparse.Namespace
) -> None:
    from mla_tool.extensions import db

    with app.app_context():
        plain_table(db.metadata).create(db.engine)
    writers_pool = Writers(environment, cases, user_id)
    measured: dict[tuple[str, int], list[float]] = {}
    try:
        for _ in range(args.rounds):
            for writers in WRITERS:
                for mode in ("audited", "plain"):
                    rate = writers_pool.rate(mode, writers, args.seconds)
                    measured.setdefault((mode, writers), []).append(rate)
    finally:
        writers_pool.close()
    print(
        f"case notes committed per second by 1 to {max(WRITERS)} writer processes, "
        f"median of {args.rounds} runs of {args.seconds} s"
    )
    print(f"{'writers':>8} {'audited':>9} {'plain':>9} {'ratio':>6}")
    for writers in WRITERS:
        audited = statistics.median(measured[("audited", writers)])
        plain = statistics.median(measured[("plain", writers)])
        print(f"{writers:>8} {audited:>9.0f} {plain:>9.0f} {audited / plain:>6.2f}")
        result(
            f"audited / plain case notes per second, {writers} writers", audited / plain, ">=0.5"
        )
    scaling = {}
    for mode in ("audited", "plain"):
        one = statistics.median(measured[(mode, 1)])
        scaling[mode] = {w: statistics.median(measured[(mode, w)]) / one for w in WRITERS}
        steps = " / ".join(f"{scaling[mode][w]:.2f}" for w in WRITERS[1:])
        print(f"{mode:>8} writes, {'/'.join(map(str, WRITERS[1:]))} writers ÷ 1 writer: {steps}")
    # On a machine of few cores the plain writes stop scaling when the cores are busy; what the
    # audit must not do is stop them sooner (one lock for every writer kept them flat).
    for writers in WRITERS[1:]:
        result(
            f"audited writes' scaling ÷ plain writes' scaling, {writers} writers / 1",
            scaling["audited"][writers] / scaling["plain"][writers],
            ">=0.8",
        )


def signed_in_client(app: Any, email: str) -> Any:
    client = app.test_client()
    token = csrf(client.get("/login").get_data(as_text=True))
    answer = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 302, answer.status_code
    return client


def save_latencies(
    app: Any, case_id: int, user_id: int, saves: int, stop: threading.Event
) -> list[float]:
    """One user's notes, one after another, each timed from the call to the end of its commit."""
    from mla_tool.auth.models import User
    from mla_tool.cases.models import Case
    from mla_tool.cases.timeline import add_event
    from mla_tool.extensions import db

    timings: list[float] = []
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.commit()
        for index in range(saves):
            if stop.is_set():
                break
            began = time.perf_counter()
            add_event(db.session.get(Case, case_id), "note", user, note=f"save {index}")
            db.session.commit()
            timings.append(time.perf_counter() - began)
            time.sleep(0.05)
        db.session.remove()
    return timings


def latency(
    app: Any, case_id: int, user_id: int, downloads: list[list[str]], args: argparse.Namespace
) -> None:
    alone = save_latencies(app, case_id, user_id, args.saves, threading.Event())
    stop, failures, rendered = threading.Event(), [], [0]
    clients = [signed_in_client(app, f"reader{i}@bench.example") for i in range(DOWNLOADERS)]

    def downloader(index: int) -> None:
        for url in downloads[index]:
            if stop.is_set():
                return
            answer = clients[index].get(url)
            if answer.status_code != 200 or not answer.data.startswith(b"%PDF"):
                failures.append(f"{url}: HTTP {answer.status_code}")
            rendered[0] += 1
        failures.append("the downloads ran out before the saves ended")

    threads = [threading.Thread(target=downloader, args=(i,)) for i in range(DOWNLOADERS)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # the downloads are under way
    during = save_latencies(app, case_id, user_id, args.saves, threading.Event())
    stop.set()
    for thread in threads:
        thread.join()
    ms = 1000
    print(
        f"a save (case note + commit), {len(alone)} alone and {len(during)} while "
        f"{DOWNLOADERS} users downloaded {rendered[0]} PDFs (each rendered, none cached)"
    )
    for label, timings in (("alone:", alone), ("during:", during)):
        p50, p95 = percentile(timings, 0.5) * ms, percentile(timings, 0.95) * ms
        print(f"  {label:<8} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
    for failure in failures[:5]:
        print(f"  download: {failure}")
    result(
        "save during PDF downloads / alone, p50",
        percentile(during, 0.5) / percentile(alone, 0.5),
        "",
    )
    result(
        "save during PDF downloads / alone, p95",
        percentile(during, 0.95) / percentile(alone, 0.95),
        "",
    )


def prepare(app: Any, requests_each: int) -> tuple[list[int], int, int, list[list[str]]]:
    """A writer with 16 cases, a saver with one, and two readers with their draft requests; per
    reader the URLs of documents to download, each (request, language) once."""
    from mla_tool.auth.service import create_user
    from mla_tool.cases.opening import open_case
    from mla_tool.extensions import db
    from mla_tool.forms.drafting import create_request
    from mla_tool.forms.samples import complete_request
    from mla_tool.vault.keys import ensure_master_key

    with app.app_context():
        db.create_all()
        ensure_master_key(Path(app.config["MLA_MASTER_KEY_FILE"]))
        writer = create_user("writer@bench.example", PASSWORD, "caseworker", country_iso3="FRA")
        db.session.flush()

        def case(title: str) -> int:
            return open_case(
                direction="outgoing", kind="mla", counterpart_state="EGY", title=title, actor=writer
            ).id

        cases = [case(f"Case {i}") for i in range(max(WRITERS))]
        saver_case = case("The saver's case")
        downloads = []
        for index in range(DOWNLOADERS):
            reader = create_user(
                f"reader{index}@bench.example", PASSWORD, "prosecutor", country_iso3="FRA"
            )
            ids = [create_request(reader, complete_request()).id for _ in range(requests_each)]
            downloads.append(
                [
                    f"/requests/{request_id}/document?lang={language}&format=pdf"
                    for request_id in ids
                    for language in LANGUAGES
                ]
            )
        db.session.commit()
        return cases, saver_case, writer.id, downloads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--saves", type=int, default=40)
    parser.add_argument("--database-url", default=None, help="an empty PostgreSQL database")
    args = parser.parse_args()

    from mla_tool import create_app
    from mla_tool.audit.verification import verify_chain
    from mla_tool.config import Settings
    from mla_tool.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="mla-bench-audit-", dir="/tmp"))
    pg_folder = Path(tempfile.mkdtemp(prefix="mla-bench-pg-", dir="/tmp"))
    database_url = args.database_url
    if database_url is None:
        database_url = start_postgres(pg_folder)
    try:
        environment = {"MLA_DATA_DIR": str(folder), "MLA_DATABASE_URL": database_url}
        settings = Settings.from_environment(environment)
        config = {"TESTING": True, "MLA_LOGIN_RATE_LIMIT": "100000 per minute"}
        app = create_app(config, settings=settings)
        # one connection per writer thread (the default pool holds 5 + 10)
        engine_options = {**app.config["SQLALCHEMY_ENGINE_OPTIONS"], "pool_size": 24}
        app = create_app({**config, "SQLALCHEMY_ENGINE_OPTIONS": engine_options}, settings=settings)
        cases, saver_case, user_id, downloads = prepare(app, requests_each=6)
        print(f"PostgreSQL, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
        throughput(app, environment, cases, user_id, args)
        latency(app, saver_case, user_id, downloads, args)
        with app.app_context():
            report = verify_chain()
            verdict = "verifies" if report.ok else f"BROKEN: {report.reason}"
            print(f"audit chain: {verdict}, {report.checked} entries")
            db.session.remove()
            db.engine.dispose()
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        if args.database_url is None:
            stop_postgres(pg_folder)
        shutil.rmtree(pg_folder, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
