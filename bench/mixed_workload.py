"""A mixed workload of signed-in users against a real `mla-tool serve`: shared by tests/test_load.py
(which asserts zero 5xx and zero lost writes) and bench/load.py (which reports throughput and p95).

Every user is a caseworker of one state with a case and a draft request of their own; all of them
are members of one shared case, so that status changes and notes really collide. Each user signs
in through the login page, then picks actions at random: list cases, open a case, create a case,
add a note, change a status (through the API, where a lost race is a clear 409), save a wizard
step, download a PDF. Every write the server acknowledges is remembered with a unique marker so
that `lost_writes` can look for it in the database afterwards.
"""

from __future__ import annotations

import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import create_engine, text

PASSWORD = "a long load-test password"
#: action -> weight in the mix
MIX: dict[str, int] = {
    "sign in": 3,
    "list cases": 20,
    "open case": 20,
    "create case": 8,
    "add note": 15,
    "change status": 15,
    "save wizard step": 15,
    "download pdf": 4,
}
#: the moves a caseworker can make forever on an outgoing case: draft → under review ⇄ returned
CYCLE_TARGETS = frozenset({"under_review", "returned"})
TRANSITION_TARGET = re.compile(r'name="to" value="([a-z_]+)"')
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def mla_tool_command() -> str:
    return str(Path(sys.executable).parent / "mla-tool")


PREPARE = """
import json, sys
from mla_tool import create_app
from mla_tool.auth.service import create_user
from mla_tool.cases.membership import add_member
from mla_tool.cases.opening import open_case
from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request

count = int(sys.argv[1])
app = create_app()
with app.app_context():
    users = []
    for i in range(count):
        user = create_user(f"load{i}@load.example", sys.argv[2], "caseworker", country_iso3="FRA")
        users.append(user)
    db.session.flush()
    hot = open_case(direction="outgoing", kind="mla", counterpart_state="EGY",
                    title="Shared case", actor=users[0])
    out = {"hot_case": hot.id, "users": []}
    for i, user in enumerate(users):
        if i:
            add_member(hot, user, "member", users[0])
        own = open_case(direction="outgoing", kind="mla", counterpart_state="EGY",
                        title=f"Case of user {i}", actor=user)
        draft = create_request(user, {
            "kind": "mla", "requesting_state": "FRA", "requested_state": "EGY",
            "subject": "Laundering of the proceeds of corruption",
            "facts": "Transfers through shell companies.",
        })
        out["users"].append({"email": user.email, "case": own.id, "request": draft.id})
    db.session.commit()
    json.dump(out, sys.stdout)
"""


@dataclass
class Server:
    """Running `mla-tool serve` processes over one data folder and database (users are spread
    over them as a proxy would), and what was prepared for the users."""

    process: subprocess.Popen[bytes]
    port: int
    env: dict[str, str]
    hot_case: int
    users: list[dict[str, Any]]
    others: list[tuple[subprocess.Popen[bytes], int]] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def base_of(self, index: int) -> str:
        """The process user or client `index` talks to: round robin over the processes."""
        ports = [self.port, *(port for _process, port in self.others)]
        return f"http://127.0.0.1:{ports[index % len(ports)]}"

    def stop(self) -> None:
        processes = [self.process, *(process for process, _port in self.others)]
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def _serve(
    env: dict[str, str], data_dir: Path, threads: int, name: str
) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    log = (data_dir / f"{name}.log").open("wb")  # a full unread pipe would stall the server
    command = [mla_tool_command(), "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--threads", str(threads)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    return process, port


def _answers(base: str) -> bool:
    for _ in range(150):
        try:
            if requests.get(base + "/healthz", timeout=5).status_code == 200:
                return True
        except requests.ConnectionError:
            time.sleep(0.2)
    return False


def start_server(
    data_dir: Path, database_url: str | None, users: int, threads: int = 8, processes: int = 1
) -> Server:
    """Initialise a fresh data folder (and database), create the users, start `processes`
    servers on it."""
    env = {**os.environ, "MLA_DATA_DIR": str(data_dir), "MLA_LOGIN_RATE_LIMIT": "100000 per minute"}
    env.pop("MLA_DATABASE_URL", None)
    if database_url:
        env["MLA_DATABASE_URL"] = database_url
    subprocess.run([mla_tool_command(), "init"], env=env, check=True, capture_output=True)
    done = subprocess.run(
        [sys.executable, "-c", PREPARE, str(users), PASSWORD],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    prepared = json.loads(done.stdout)
    process, port = _serve(env, data_dir, threads, "server")
    others = [_serve(env, data_dir, threads, f"server-{n}") for n in range(1, processes)]
    server = Server(process, port, env, prepared["hot_case"], prepared["users"], others)
    if all(_answers(server.base_of(n)) for n in range(processes)):
        return server
    server.stop()
    raise RuntimeError("mla-tool serve did not answer /healthz")


@dataclass
class Tally:
    """What every thread saw: timings, server errors, unexpected answers, acknowledged writes."""

    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    server_errors: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    conflicts: int = 0
    case_titles: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    status_notes: list[str] = field(default_factory=list)
    step_facts: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class LoadUser:
    """One simulated caseworker with a browser-like session."""

    def __init__(self, server: Server, profile: dict[str, Any], tally: Tally, seed: int) -> None:
        self.server = server
        self.base = server.base_of(seed)
        self.profile = profile
        self.tally = tally
        self.rng = random.Random(seed)
        self.cases = [profile["case"], server.hot_case]
        self.session = requests.Session()
        self.csrf = ""

    def _check(self, action: str, response: requests.Response, ok: tuple[int, ...]) -> bool:
        if response.status_code >= 500:
            with self.tally.lock:
                self.tally.server_errors.append(f"{action}: HTTP {response.status_code}")
            return False
        if response.status_code not in ok:
            with self.tally.lock:
                self.tally.unexpected.append(f"{action}: HTTP {response.status_code}")
            return False
        return True

    def sign_in(self) -> None:
        session = requests.Session()
        page = session.get(self.base + "/login", timeout=60)
        token = CSRF.search(page.text)
        if not self._check("sign in form", page, (200,)) or token is None:
            return
        answer = session.post(
            self.base + "/login",
            data={"email": self.profile["email"], "password": PASSWORD, "csrf_token": token[1]},
            allow_redirects=False,
            timeout=60,
        )
        if self._check("sign in", answer, (302,)):
            self.session = session
            form = session.get(self.base + "/cases/new?direction=outgoing", timeout=60)
            found = CSRF.search(form.text)
            if self._check("new case form", form, (200,)) and found:
                self.csrf = found[1]

    def act(self, action: str) -> None:
        base = self.base
        marker = uuid.uuid4().hex
        get = self.session.get
        if action == "sign in" or not self.csrf:
            self.sign_in()
        elif action == "list cases":
            self._check(action, get(base + "/cases/", timeout=60), (200,))
        elif action == "open case":
            self._check(
                action, get(f"{base}/cases/{self.rng.choice(self.cases)}", timeout=60), (200,)
            )
        elif action == "create case":
            title = f"Load case {marker}"
            answer = self.session.post(
                base + "/cases/new?direction=outgoing",
                data={
                    "direction": "outgoing",
                    "kind": "mla",
                    "counterpart_state": "EGY",
                    "title": title,
                    "csrf_token": self.csrf,
                },
                allow_redirects=False,
                timeout=60,
            )
            if self._check(action, answer, (302,)):
                created = re.search(r"/cases/(\d+)", answer.headers.get("Location", ""))
                with self.tally.lock:
                    self.tally.case_titles.append(title)
                if created:
                    self.cases.append(int(created[1]))
        elif action == "add note":
            case_id = self.rng.choice(self.cases)
            answer = self.session.post(
                f"{base}/cases/{case_id}/notes",
                data={"note": f"Note {marker}", "csrf_token": self.csrf},
                timeout=60,
            )
            if self._check(action, answer, (200,)) and "Note added." in answer.text:
                with self.tally.lock:
                    self.tally.notes.append(f"Note {marker}")
            elif answer.status_code == 200:
                with self.tally.lock:
                    self.tally.unexpected.append(f"{action}: not added")
        elif action == "change status":
            self._change_status(self.rng.choice(self.cases[:2]))
        elif action == "save wizard step":
            answer = self.session.post(
                f"{base}/requests/{self.profile['request']}/step/facts",
                data={"facts": f"Facts {marker}", "csrf_token": self.csrf},
                allow_redirects=False,
                timeout=60,
            )
            if self._check(action, answer, (302,)):
                with self.tally.lock:
                    self.tally.step_facts.append(f"Facts {marker}")
        elif action == "download pdf":
            answer = get(
                f"{base}/requests/{self.profile['request']}/document?format=pdf", timeout=120
            )
            if self._check(action, answer, (200,)) and not answer.content.startswith(b"%PDF"):
                with self.tally.lock:
                    self.tally.unexpected.append(f"{action}: not a PDF")
        else:
            raise ValueError(action)

    def _change_status(self, case_id: int) -> None:
        """Open the case page, take one of the cycle's moves it offers, post it (as a user would);
        a move someone else made first is refused with a message, which counts as a conflict."""
        page = self.session.get(f"{self.base}/cases/{case_id}", timeout=60)
        if not self._check("change status (page)", page, (200,)):
            return
        offered = [to for to in TRANSITION_TARGET.findall(page.text) if to in CYCLE_TARGETS]
        if not offered:
            return
        marker = f"Status note {uuid.uuid4().hex}"
        answer = self.session.post(
            f"{self.base}/cases/{case_id}/transition",
            data={"to": self.rng.choice(offered), "note": marker, "csrf_token": self.csrf},
            timeout=60,
        )
        # a move lost to a simultaneous one is refused: 409 with the message (or, when the loser
        # read the case after the winner's move, the page again with the message)
        if not self._check("change status", answer, (200, 409)):
            return
        with self.tally.lock:
            if answer.status_code == 200 and "Status changed." in answer.text:
                self.tally.status_notes.append(marker)
            else:
                self.tally.conflicts += 1


def run_mix(
    server: Server, seconds: float, mix: dict[str, int] = MIX, think: float = 0.0
) -> tuple[Tally, float]:
    """Every prepared user in its own thread doing the mix for `seconds`; returns the tally.

    `think`: the mean seconds a user spends reading a page before the next action (drawn from
    an exponential distribution, as in an open workload); 0 sends the next action at once, which
    measures the saturation throughput, where each answer waits for the users ahead of it (by
    Little's law about users ÷ throughput, whatever the code does)."""
    tally = Tally()
    actions, weights = list(mix), list(mix.values())
    users = [LoadUser(server, p, tally, seed) for seed, p in enumerate(server.users)]
    # every user signs in before the measured time starts, as users of a working day already
    # are (fifty argon2 hashes at once would be the first seconds' work); signing in again is
    # one of the actions of the mix
    signed_in = threading.Barrier(len(users) + 1)
    go = threading.Event()
    window: dict[str, float] = {}

    def work(user: LoadUser) -> None:
        user.sign_in()
        signed_in.wait()
        go.wait()
        deadline = window["deadline"]
        if think > 0:  # users arrive spread over a first reading time, not all at once
            time.sleep(user.rng.uniform(0, think))
        while time.perf_counter() < deadline:
            action = user.rng.choices(actions, weights)[0]
            started = time.perf_counter()
            try:
                user.act(action)
            except requests.RequestException as error:
                with tally.lock:
                    tally.server_errors.append(f"{action}: {type(error).__name__}")
            with tally.lock:
                tally.timings[action].append((time.perf_counter() - started) * 1000)
            if think > 0:
                pause = min(user.rng.expovariate(1 / think), deadline - time.perf_counter())
                time.sleep(max(pause, 0.0))

    threads = [threading.Thread(target=work, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    signed_in.wait()
    started = time.perf_counter()
    window["deadline"] = started + seconds
    go.set()
    for thread in threads:
        thread.join()
    return tally, time.perf_counter() - started


def run_healthz(server: Server, seconds: float, clients: int) -> tuple[list[float], int, float]:
    """The trivial baseline: `clients` threads hitting /healthz; timings, failures, duration."""
    timings: list[float] = []
    failures = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def work(client: int) -> None:
        session = requests.Session()
        base = server.base_of(client)
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            status = session.get(base + "/healthz", timeout=60).status_code
            with lock:
                timings.append((time.perf_counter() - started) * 1000)
                failures[0] += status != 200

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, failures[0], time.perf_counter() - started


def lost_writes(database_url: str, tally: Tally) -> dict[str, list[Any]]:
    """Each acknowledged write that the database does not hold, by kind (empty when none)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            titles = {r[0] for r in connection.execute(text("SELECT title FROM cases"))}
            notes = {
                r[0]
                for r in connection.execute(
                    text("SELECT note FROM case_events WHERE type = 'note'")
                )
            }
            moves = {
                r[0]
                for r in connection.execute(
                    text("SELECT note FROM case_events WHERE type = 'transition'")
                )
            }
            versions = " ".join(
                json.dumps(r[0]) if not isinstance(r[0], str) else r[0]
                for r in connection.execute(text("SELECT data FROM request_versions"))
            )
    finally:
        engine.dispose()
    return {
        kind: missing
        for kind, missing in {
            "cases": [t for t in tally.case_titles if t not in titles],
            "notes": [n for n in tally.notes if n not in notes],
            "status changes": [n for n in tally.status_notes if n not in moves],
            "wizard saves": [f for f in tally.step_facts if f not in versions],
        }.items()
        if missing
    }


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(fraction * len(ordered))) - 1)] if ordered else 0.0


def summary_lines(tally: Tally, seconds: float) -> list[str]:
    lines = [f"  {'action':<18} {'count':>6} {'p50 ms':>8} {'p95 ms':>8}"]
    for name, values in sorted(tally.timings.items()):
        p50 = percentile(values, 0.5)
        lines.append(f"  {name:<18} {len(values):6d} {p50:8.1f} {percentile(values, 0.95):8.1f}")
    total = sum(len(v) for v in tally.timings.values())
    lines.append(
        f"  {total} actions in {seconds:.1f} s ({total / seconds:.1f}/s); "
        f"5xx or failed: {len(tally.server_errors)}; other unexpected: {len(tally.unexpected)}; "
        f"status changes refused after a race: {tally.conflicts}"
    )
    return lines
