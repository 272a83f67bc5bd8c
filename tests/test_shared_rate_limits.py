"""Login limits shared between processes: two `mla-tool serve` processes counting in one real
redis-server (MLA_RATELIMIT_STORAGE_URL) allow one budget of attempts between them, not two."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.factories.redis_server import (  # noqa: F401  (redis_url: a fixture)
    free_port,
    redis_url,
    stop,
    wait_for_port,
)


def _failed_sign_in(base: str) -> int:
    """One sign-in with a wrong password, from a fresh browser: its status code."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(f"{base}/login", timeout=30).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token, page[:500]
    body = urllib.parse.urlencode(
        {"csrf_token": token.group(1), "email": "nobody@example.org", "password": "wrong!!"}
    ).encode()
    try:
        return opener.open(f"{base}/login", data=body, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.slow  # two real mla-tool serve processes
def test_two_processes_share_one_login_budget(tmp_path: Path, redis_url: str) -> None:
    data_dir = tmp_path / "data"
    initialised = run_cli(data_dir, "init")
    assert initialised.returncode == 0, initialised.stderr
    env = {**os.environ, "MLA_DATA_DIR": str(data_dir)}
    env.pop("MLA_DATABASE_URL", None)
    env.update(MLA_RATELIMIT_STORAGE_URL=redis_url, MLA_LOGIN_RATE_LIMIT="3 per minute")
    processes, bases = [], []
    try:
        for n in range(2):
            port = free_port()
            log = tmp_path / f"serve-{n}.log"
            command = [sys.executable, "-m", "mla_tool.cli", "serve", "--port", str(port)]
            with log.open("wb") as out:
                processes.append(
                    subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
                )
            wait_for_port(port, processes[-1], log)
            bases.append(f"http://127.0.0.1:{port}")
        first, second = bases
        statuses = [_failed_sign_in(base) for base in (first, first, second, second, first)]
    finally:
        for process in processes:
            stop(process)
    # three attempts a minute in all: the second process's second attempt is already refused
    assert statuses == [401, 401, 401, 429, 429]
