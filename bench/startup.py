"""Start-up time: `mla-tool --help` and `create_app()` in a fresh process vs `import flask`.

    python bench/startup.py [--runs 7] [--source DIR] [--compare DIR] [--importtime]

Each measure is the wall time, and the CPU time (user + system, less disturbed by the other
processes of a shared machine), of a fresh Python process, so that nothing is already imported:
the CLI's `--help` (which lists the commands without loading the application), a cheap command
that needs it (`audit verify` on a data folder `init` made, empty: the app of a command, without
pages or API), one that migrates (`db current`), `create_app()` alone (the whole app, as
`mla-tool serve` makes it), the baseline `python -c "import flask"`, and beside it what any
command that opens the database imports first, Flask and SQLAlchemy's ORM (`flask_sqlalchemy`).
They run interleaved, `--runs` times each, so that they see the same machine load; medians are
compared. `--source` times another checkout of the package (e.g. `git archive <commit>
mla_tool migrations templates | tar -x -C DIR`: the package finds its migrations and templates
beside it); `--compare` times such a checkout in the same rounds (rows marked "before"), for a
before/after.
`--importtime` also prints the slowest imports of create_app (python -X importtime).
The processes may write bytecode (PYTHONDONTWRITEBYTECODE is dropped), so that the warm-up run
leaves the .pyc files an installed package has: otherwise every module changed since its last
.pyc is compiled again in every timed run.
Goal: the CLI under 0.5 s, which at the usual 0.14 s of `import flask` is <= 3.5x.
Prints, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _result import result

ROOT = Path(__file__).resolve().parent.parent

#: The command line as the console script runs it: `mla_tool.cli.run` (`main` in a checkout from
#: before it, for --compare).
CLI = "from mla_tool import cli; getattr(cli, 'run', cli.main)()"

COMMANDS = {
    "import flask": "import flask",
    # what any command that opens the database imports before one line of ours: Flask and
    # SQLAlchemy's ORM (the floor that the 0.5 s goal leaves the models and the command above)
    "import flask, flask_sqlalchemy": "import flask, flask_sqlalchemy",
    "create_app()": "from mla_tool import create_app; create_app()",
    "mla-tool --help": "import sys; sys.argv = ['mla-tool', '--help']; " + CLI,
    # a cheap command that needs the app (and so create_app) on an initialised, empty database
    "mla-tool audit verify": "import sys; sys.argv = ['mla-tool', 'audit', 'verify']; " + CLI,
    # a command that migrates: Flask-Migrate and Alembic are imported for it alone
    "mla-tool db current": "import sys; sys.argv = ['mla-tool', 'db', 'current']; " + CLI,
}


def timed(code: str, env: dict[str, str]) -> tuple[float, float]:
    """Seconds one fresh interpreter takes to run `code`: wall time, and CPU time (user and
    system), which other processes on a shared machine disturb less."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        check=True,
        capture_output=True,
        cwd=env["MLA_DATA_DIR"],
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def slowest_imports(env: dict[str, str], count: int = 12) -> list[tuple[int, str]]:
    """The `count` largest cumulative import times (microseconds) of `create_app()`, which imports
    the domains (the package itself imports none)."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "from mla_tool import create_app; create_app()"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
    )
    rows = []
    for line in run.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    return sorted(rows, reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout to time")
    parser.add_argument("--compare", type=Path, default=None, help="a checkout timed beside it")
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="mla-bench-startup-")
    env = {**os.environ, "PYTHONPATH": str(args.source.resolve()), "MLA_DATA_DIR": folder}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # timed as installed: from .pyc, never compiling
    plan = {name: (code, env) for name, code in COMMANDS.items()}
    if args.compare:
        before = {**env, "PYTHONPATH": str(args.compare.resolve())}
        for name, code in COMMANDS.items():
            if not name.startswith("import "):  # the baselines are the same in both
                plan[f"{name} before"] = (code, before)
    times: dict[str, list[float]] = {name: [] for name in plan}
    cpu: dict[str, list[float]] = {name: [] for name in plan}
    try:
        subprocess.run(  # an initialised, empty data folder for the command that needs the app
            [
                sys.executable,
                "-c",
                "import sys; sys.argv = ['mla-tool', 'init']; " + CLI,
            ],
            env=env,
            check=True,
            capture_output=True,
            cwd=folder,
        )
        for code, run_env in plan.values():  # warm the disk cache and the .pyc files
            timed(code, run_env)
        for _ in range(args.runs):
            for name, (code, run_env) in plan.items():
                wall, seconds = timed(code, run_env)
                times[name].append(wall)
                cpu[name].append(seconds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    medians = {name: statistics.median(values) for name, values in times.items()}
    cpu_medians = {name: statistics.median(values) for name, values in cpu.items()}
    base, cpu_base = medians["import flask"], cpu_medians["import flask"]
    print(f"source: {args.source}; {args.runs} runs each, interleaved (fresh process)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"  {'command':<30} {'wall s':>7} {'min s':>7} {'max s':>7} {'ratio':>7}"
        f" {'CPU s':>7} {'ratio':>7}"
    )
    for name, values in times.items():
        print(
            f"  {name:<30} {medians[name]:7.3f} {min(values):7.3f} {max(values):7.3f}"
            f" {medians[name] / base:6.2f}x {cpu_medians[name]:7.3f}"
            f" {cpu_medians[name] / cpu_base:6.2f}x"
        )
    result("mla-tool --help / import flask", medians["mla-tool --help"] / base, "<=3.5")
    result("create_app() / import flask", medians["create_app()"] / base, "<=3.5")
    for command in ("mla-tool audit verify", "mla-tool db current"):
        result(f"{command} / import flask", medians[command] / base, "<=3.5")
        result(f"{command} / import flask, CPU", cpu_medians[command] / cpu_base, "<=3.5")
    result("mla-tool --help", medians["mla-tool --help"], "<0.5", " s")
    result("mla-tool audit verify", medians["mla-tool audit verify"], "<0.5", " s")
    result("mla-tool db current", medians["mla-tool db current"], "<0.5", " s")
    if args.importtime:
        print("\nslowest imports of `create_app()` (cumulative):")
        for micros, module in slowest_imports(env):
            print(f"  {micros / 1e6:7.3f} s  {module}")


if __name__ == "__main__":
    main()
