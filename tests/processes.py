"""Real KAPEX server processes for the tests that need them (``slow``): started with
``kapex serve`` exactly as a user would, on this machine's loopback only.

Ports come from ``KAPEX_TEST_PORTS`` (``first-last``, default 8120-8124) so that several
people's test runs on one machine do not collide; a busy port is skipped.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

KEY_SHAPE = re.compile(r"kpx_[A-Za-z0-9_-]{43}")
_first, _last = (int(p) for p in os.environ.get("KAPEX_TEST_PORTS", "8120-8124").split("-"))
_handed_out: set[int] = set()


def free_port() -> int:
    """A free loopback port from the test range (then any free port if all are taken)."""
    for port in range(_first, _last + 1):
        if port in _handed_out:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def release_ports() -> None:
    _handed_out.clear()


def serve_env(data_dir: Path, **extra: str) -> dict[str, str]:
    return {
        "KAPEX_DATA_DIR": str(data_dir),
        "KAPEX_PURGE_INTERVAL_SECONDS": "0",
        "ORT_DISABLE_TELEMETRY": "1",
        **extra,
    }


def make_cert(folder: Path) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 (cert, key)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return str(cert), str(key)


class Server:
    """One ``kapex serve`` process with its log file."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._handle = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kapex.cli.main", "serve", *args],
            env={**os.environ, **env},
            stdout=self._handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its workers form a group we can signal as one
        )

    def wait_ready(
        self,
        url: str,
        *,
        verify: bool | str = True,
        timeout: float = 90,
        headers: dict[str, str] | None = None,
    ) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(url, verify=verify, timeout=2, headers=headers).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"server not ready: {self.log.read_text()[-2000:]}")

    def kill_hard(self) -> None:
        """kill -9 the server and every worker it started: no shutdown, no cleanup."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill_hard()
        self._handle.close()
        return self.log.read_text()
