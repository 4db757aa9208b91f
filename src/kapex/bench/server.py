"""A real ``kapex serve`` process for the benchmarks that measure over HTTP."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx


@dataclass(frozen=True)
class Served:
    base: str
    """The API's base URL, ``http://127.0.0.1:PORT/api/v1``."""
    pid: int
    startup_s: float
    """Seconds from launch until ``/health`` answered 200."""


def process_group(pgid: int) -> Iterator[Path]:
    """The ``/proc`` entry of every live process in process group ``pgid`` (a server and
    the workers it forked)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # Fields after "(comm)": state ppid pgrp …
            if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[2]) == pgid:
                yield entry
        except (OSError, IndexError, ValueError):
            continue


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def kapex_serve(
    data_dir: Path, *, port: int = 0, env: dict[str, str] | None = None
) -> Iterator[Served]:
    """Run ``kapex serve`` on ``data_dir`` (SQLite) until the block ends.

    ``port`` 0 takes a free one; ``env`` adds settings (``KAPEX_…``) to the environment.
    """
    port = port or free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "kapex.cli.main", "serve", "--port", str(port)],
        env={
            **os.environ,
            "KAPEX_DATA_DIR": str(data_dir),
            "KAPEX_PURGE_INTERVAL_SECONDS": "0",
            "ORT_DISABLE_TELEMETRY": "1",
            **(env or {}),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        with httpx.Client(timeout=30) as client:
            while True:
                try:
                    if client.get(f"{base}/health").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.05)
                if server.poll() is not None:
                    raise RuntimeError("kapex serve exited during start-up")
        yield Served(base=base, pid=server.pid, startup_s=time.perf_counter() - started)
    finally:
        server.terminate()
        server.wait(timeout=30)
