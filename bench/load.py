"""Load: signed-in users doing mixed reads and writes against `mla-tool serve`, on SQLite or
PostgreSQL; throughput and p95 as ratios to /healthz measured in the same run.

    python bench/load.py [--users 20] [--seconds 30] [--threads 8] [--processes 1]
                         [--think 0]
                         [--database sqlite|postgresql] [--database-url URL]

Initialises a fresh data folder (and a throw-away PostgreSQL through scripts/start-postgres
with --database postgresql, unless --database-url names an empty database), creates one
caseworker per user with a case and a draft request, all of them members of one shared case,
and starts the production server (`mla-tool serve`, waitress) in its own process. The users
first hit /healthz for a third of the time (the trivial baseline), then do the mix of
bench/mixed_workload.py for the full time: sign in, list cases, open a case, create a case,
add a note, change a status, save a wizard step, download a PDF (the same mix tests/test_load.py
asserts on). Prints p50/p95 per action, throughput as a ratio to the baseline's, the 5xx count
and the acknowledged writes missing from the database; writes bench/results/load.json.
Goals: zero 5xx, zero lost writes. The throughput ratio (mixed actions, several requests each,
against single /healthz requests) is reported without a goal.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from _postgres import start_postgres, stop_postgres
from _result import result
from mixed_workload import (
    lost_writes,
    percentile,
    run_healthz,
    run_mix,
    start_server,
    summary_lines,
)

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    parser.add_argument(
        "--processes", type=int, default=1, help="serve processes; users spread over them"
    )
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean seconds a user reads between actions"
    )
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--database-url", default=None, help="an empty PostgreSQL database")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="mla-bench-load-", dir="/tmp"))
    pg_folder = Path(tempfile.mkdtemp(prefix="mla-bench-pg-", dir="/tmp"))  # its own: 0700 parents
    data_dir = folder / "data"
    data_dir.mkdir()
    database_url = args.database_url or f"sqlite:///{data_dir / 'mla_tool.sqlite'}"
    started_pg = args.database == "postgresql" and args.database_url is None
    if started_pg:
        database_url = start_postgres(pg_folder)
    server = None
    try:
        server = start_server(data_dir, database_url, args.users, args.threads, args.processes)
        base_t, base_failures, base_s = run_healthz(server, args.seconds / 3, args.users)
        tally, work_s = run_mix(server, args.seconds, think=args.think)
        server.stop()
        server = None
        missing = lost_writes(database_url, tally)
    finally:
        if server is not None:
            server.stop()
        if started_pg:
            stop_postgres(pg_folder)
        shutil.rmtree(pg_folder, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)

    base_rps = len(base_t) / base_s
    work_count = sum(len(v) for v in tally.timings.values())
    work_rps = work_count / work_s
    all_work = [x for v in tally.timings.values() for x in v]
    lost = sum(len(v) for v in missing.values())
    print(
        f"{args.users} users (think {args.think:g} s), {args.seconds:.0f} s of work, "
        f"{args.processes} process(es) of "
        f"waitress {args.threads} threads, "
        f"{database_url.split(':')[0]}"
    )
    print(f"  healthz: {len(base_t)} in {base_s:.1f} s, p95 {percentile(base_t, 0.95):.1f} ms")
    print("\n".join(summary_lines(tally, work_s)))
    print(
        f"throughput: work {work_rps:.1f} actions/s, /healthz {base_rps:.1f} req/s, "
        f"ratio {work_rps / base_rps:.2f}; 5xx {len(tally.server_errors)} (goal 0); "
        f"lost writes {lost} (goal 0)"
    )
    for sample in [*tally.server_errors[:5], *tally.unexpected[:5]]:
        print(f"  error: {sample}")
    for kind, values in missing.items():
        print(f"  lost {kind}: {len(values)}")
    summary = {
        "users": args.users,
        "processes": args.processes,
        "think_s": args.think,
        "seconds": args.seconds,
        "database": database_url.split(":")[0],
        "work_rps": work_rps,
        "healthz_rps": base_rps,
        "healthz_failures": base_failures,
        "ratio": work_rps / base_rps,
        "server_errors": len(tally.server_errors),
        "unexpected": len(tally.unexpected),
        "lost_writes": lost,
        "p95_ms": percentile(all_work, 0.95),
        "actions": {
            k: {"count": len(v), "p50_ms": percentile(v, 0.5), "p95_ms": percentile(v, 0.95)}
            for k, v in tally.timings.items()
        },
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "load.json").write_text(json.dumps(summary, indent=2))
    label = f"load ({summary['database']}, {args.processes} process(es), think {args.think:g} s)"
    result(f"{label}: {args.users} users, work actions/s / healthz req/s", summary["ratio"], "")
    result(f"{label}: 5xx in {args.seconds:.0f} s", len(tally.server_errors), "<=0", "")
    result(f"{label}: acknowledged writes lost", lost, "<=0", "")
    result(f"{label}: p95 of all work", summary["p95_ms"], "", "ms")
    result(
        f"{label}: p95 of work / p95 of healthz",
        summary["p95_ms"] / max(percentile(base_t, 0.95), 0.001),
        "",
    )


if __name__ == "__main__":
    main()
