"""Test data builders and fixtures shared by several test modules (several `mla-tool serve`
processes over one installation's database, as behind a proxy)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from tests.factories.vault_installations import Installation
from tests.factories.vault_serving import free_port

#: What every process of one installation shares besides its database (a real deployment sets it).
SHARED_SECRET_KEY = "one secret key for every process of the installation"


class ServedProcess:
    """A real `mla-tool serve` on a free loopback port."""

    def __init__(self, installation: Installation, extra_env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "MLA_DATA_DIR": str(installation.data_dir)}
        env.pop("MLA_DATABASE_URL", None)
        if installation.database_url:
            env["MLA_DATABASE_URL"] = installation.database_url
        env.update({"MLA_SECRET_KEY": SHARED_SECRET_KEY, **extra_env})
        # output to a file: a pipe nobody reads would stop the server once full
        self.log = installation.data_dir.parent / f"serve-{self.port}.log"
        with self.log.open("w") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-c", "from mla_tool.cli import main; main()", "serve"]
                + ["--port", str(self.port), "--threads", "2"],
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def wait_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"mla-tool serve on port {self.port} did not start")

    def stop(self) -> str:
        """Stop the process; what it wrote."""
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return self.log.read_text()


@contextmanager
def served_processes(
    installation: Installation, count: int = 2, extra_env: dict[str, str] | None = None
) -> Iterator[list[ServedProcess]]:
    """`count` processes started together over one installation, stopped afterwards."""
    processes = [ServedProcess(installation, extra_env or {}) for _ in range(count)]
    try:
        for process in processes:
            process.wait_ready()
        yield processes
    finally:
        for process in processes:
            process.stop()
