"""Load: simulated users doing realistic work against `mla-tool serve` on PostgreSQL.

    python bench/load.py [--users 50] [--seconds 30] [--threads 8] [--database-url URL]

Starts a throw-away PostgreSQL (scripts/start-postgres) unless --database-url names an empty
database, initialises it, creates one prosecutor per simulated user with a case holding a
256 KiB encrypted attachment, and starts the production server (`mla-tool serve`, waitress) in
its own process. Then, from this process, the users first hit /healthz for a third of the time
(the trivial baseline), then work for the full time: list their cases, draft and change
requests, run the completeness check, read drafts, preview the document, download the
attachment. Every answer other than the expected 2xx counts as an error. Prints p50/p95 per
action, throughput as a ratio to the baseline's, and writes bench/results/load.json.
Goals: zero errors, throughput ratio >= 0.5. Asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from _result import result

ROOT = Path(__file__).resolve().parent.parent
ATTACHMENT = os.urandom(256 * 1024)
#: action -> weight in the mix
MIX = {
    "list cases": 25,
    "create draft": 10,
    "change draft": 20,
    "check draft": 15,
    "read draft": 10,
    "document preview": 5,
    "download attachment": 15,
}


#: The first few exceptions met, to print with the report.
ERROR_SAMPLES: list[str] = []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Client:
    """One keep-alive connection with a bearer token."""

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.headers = {"Authorization": f"Bearer {token}"}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
        headers = dict(self.headers)
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=payload, headers=headers)
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def upload(self, path: str, name: str, data: bytes) -> int:
        boundary = "----mla-bench-boundary"
        body = (
            (
                f"--{boundary}\r\n"
                f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {**self.headers, "Content-Type": f"multipart/form-data; boundary={boundary}"}
        self.connection.request("POST", path, body=body, headers=headers)
        response = self.connection.getresponse()
        response.read()
        return response.status


def expect(answer: tuple[int, bytes], status: int, action: str) -> bool:
    if answer[0] != status and len(ERROR_SAMPLES) < 5:
        ERROR_SAMPLES.append(f"{action}: HTTP {answer[0]}: {answer[1][:200]!r}")
    return answer[0] == status


class VirtualUser:
    def __init__(self, client: Client, case_id: int, attachment_id: int) -> None:
        self.client = client
        self.case_id = case_id
        self.attachment_id = attachment_id
        self.drafts: list[int] = []
        self.rng = random.Random(case_id)

    def act(self, action: str) -> bool:
        """Do one action; True when the answer is what a working system gives."""
        c = self.client
        if action == "create draft" or (action != "list cases" and not self.drafts):
            status, body = c.call(
                "POST",
                "/api/v1/requests",
                {
                    "kind": "mla",
                    "requesting_state": "FRA",
                    "requested_state": "EGY",
                    "subject": "Laundering of the proceeds of corruption",
                    "facts": "وقائع " * 40,
                },
            )
            if status == 201:
                self.drafts.append(json.loads(body)["id"])
            return status == 201
        draft = self.rng.choice(self.drafts) if self.drafts else 0
        if action == "list cases":
            return expect(c.call("GET", "/api/v1/cases?per_page=25"), 200, action)
        if action == "change draft":
            facts = f"Transfers of {self.rng.randint(1, 10**6)} EUR through shell companies."
            answer = c.call("PATCH", f"/api/v1/requests/{draft}", {"facts": facts})
            return expect(answer, 200, action)
        if action == "check draft":
            return expect(c.call("GET", f"/api/v1/requests/{draft}/check"), 200, action)
        if action == "read draft":
            return c.call("GET", f"/api/v1/requests/{draft}")[0] == 200
        if action == "document preview":
            path = f"/api/v1/requests/{draft}/document?format=html&lang=ar"
            return c.call("GET", path)[0] == 200
        if action == "download attachment":
            path = f"/api/v1/cases/{self.case_id}/attachments/{self.attachment_id}"
            status, body = c.call("GET", path)
            return status == 200 and body == ATTACHMENT
        raise ValueError(action)


def run_phase(
    users: list[VirtualUser], seconds: float, pick: Any
) -> tuple[dict[str, list[float]], dict[str, int], float]:
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    samples = ERROR_SAMPLES
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def work(user: VirtualUser) -> None:
        while time.perf_counter() < deadline:
            action, call = pick(user)
            started = time.perf_counter()
            try:
                ok = call()
            except Exception as error:  # noqa: BLE001 - a failed call is an error to count
                ok = False
                with lock:
                    if len(samples) < 5:
                        samples.append(f"{action}: {type(error).__name__}: {error}")
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                timings[action].append(elapsed)
                if not ok:
                    errors[action] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, errors, time.perf_counter() - started


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)] if ordered else 0.0


def prepare(env: dict[str, str], count: int) -> list[str]:
    """Initialise the database and create one prosecutor per user; returns their API tokens."""
    code = (
        "import sys, json\n"
        "from mla_tool import create_app\n"
        "from mla_tool.auth.service import create_user, issue_token\n"
        "from mla_tool.extensions import db\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    tokens = []\n"
        f"    for i in range({count}):\n"
        "        user = create_user(f'load{i}@bench.example', 'a long bench password', "
        "'prosecutor', country_iso3='FRA')\n"
        "        tokens.append(issue_token(user))\n"
        "    db.session.commit()\n"
        "    json.dump(tokens, sys.stdout)\n"
    )
    mla_tool = str(Path(sys.executable).parent / "mla-tool")
    subprocess.run([mla_tool, "init"], env=env, check=True, capture_output=True)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return list(json.loads(done.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    parser.add_argument("--database-url", default=None, help="an empty PostgreSQL database")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="mla-bench-load-", dir="/tmp"))
    pg_folder = Path(tempfile.mkdtemp(prefix="mla-bench-pg-", dir="/tmp"))  # its own: 0700 parents
    env = {**os.environ, "MLA_DATA_DIR": str(folder / "data")}
    started_pg = args.database_url is None
    if started_pg:
        pg_env = {**os.environ, "MLA_PG_PORT": str(free_port())}
        done = subprocess.run(
            [str(ROOT / "scripts" / "start-postgres"), str(pg_folder)],
            env=pg_env,
            check=True,
            capture_output=True,
            text=True,
        )
        env["MLA_DATABASE_URL"] = done.stdout.strip().splitlines()[-1]
    else:
        env["MLA_DATABASE_URL"] = args.database_url
    env["MLA_LOGIN_RATE_LIMIT"] = "100000 per minute"
    server = None
    try:
        tokens = prepare(env, args.users)
        port = free_port()
        server_log = (folder / "server.log").open("wb")  # a full unread pipe would stall it
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "mla-tool"),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--threads",
                str(args.threads),
            ],
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(100):
            try:
                if Client(port, "").call("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        users = []
        for i, token in enumerate(tokens):
            client = Client(port, token)
            status, body = client.call(
                "POST",
                "/api/v1/cases",
                {
                    "direction": "outgoing",
                    "kind": "mla",
                    "counterpart_state": "EGY",
                    "title": f"Load case {i}",
                },
            )
            assert status == 201, (status, body[:300])
            case_id = json.loads(body)["id"]
            assert (
                client.upload(f"/api/v1/cases/{case_id}/attachments", "evidence.bin", ATTACHMENT)
                == 201
            )
            status, body = client.call("GET", f"/api/v1/cases/{case_id}/attachments")
            listed = json.loads(body)
            items = listed if isinstance(listed, list) else listed["items"]
            users.append(VirtualUser(client, case_id, items[0]["id"]))

        def trivial(user: VirtualUser) -> tuple[str, Any]:
            return "healthz", lambda: user.client.call("GET", "/healthz")[0] == 200

        actions, weights = list(MIX), list(MIX.values())

        def realistic(user: VirtualUser) -> tuple[str, Any]:
            action = user.rng.choices(actions, weights)[0]
            return action, lambda: user.act(action)

        base_t, base_e, base_s = run_phase(users, args.seconds / 3, trivial)
        work_t, work_e, work_s = run_phase(users, args.seconds, realistic)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if started_pg:
            subprocess.run(
                [str(ROOT / "scripts" / "stop-postgres"), str(pg_folder)], capture_output=True
            )
            shutil.rmtree(pg_folder, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)

    base_rps = sum(len(v) for v in base_t.values()) / base_s
    work_rps = sum(len(v) for v in work_t.values()) / work_s
    all_work = [x for v in work_t.values() for x in v]
    errors = sum(work_e.values()) + sum(base_e.values())
    print(
        f"{args.users} users, {args.seconds:.0f} s of work, waitress {args.threads} threads, "
        f"{env['MLA_DATABASE_URL'].split(':')[0]}"
    )
    print(f"  {'action':<22} {'count':>7} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for name, values in [("healthz", base_t["healthz"]), *sorted(work_t.items())]:
        errs = base_e.get(name, 0) if name == "healthz" else work_e.get(name, 0)
        print(
            f"  {name:<22} {len(values):7d} {errs:7d} {statistics.median(values):8.1f} "
            f"{p95(values):8.1f}"
        )
    print(
        f"throughput: work {work_rps:.1f} req/s, /healthz {base_rps:.1f} req/s, "
        f"ratio {work_rps / base_rps:.2f} (goal >= 0.5); errors {errors} (goal 0)"
    )
    for sample in ERROR_SAMPLES:
        print(f"  error: {sample}")
    summary = {
        "users": args.users,
        "seconds": args.seconds,
        "work_rps": work_rps,
        "healthz_rps": base_rps,
        "ratio": work_rps / base_rps,
        "errors": errors,
        "p95_ms": p95(all_work),
        "actions": {
            k: {"count": len(v), "errors": work_e.get(k, 0), "p95_ms": p95(v)}
            for k, v in work_t.items()
        },
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "load.json").write_text(json.dumps(summary, indent=2))
    result(f"load: {args.users} users, work req/s / healthz req/s", work_rps / base_rps, ">=0.5")
    result(f"load: errors in {args.seconds:.0f} s", errors, "<=0", "")
    result("load: p95 of all work", p95(all_work), "", "ms")


if __name__ == "__main__":
    main()
