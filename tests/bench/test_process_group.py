"""The benches charge a server and the workers it forked to the server: its process group."""

from __future__ import annotations

import subprocess
import sys
import time

from kapex.bench.server import process_group

# A parent that forks a child, both sleeping: the shape of `kapex serve --workers 1`.
FORKING = "import os, time\nif os.fork() == 0:\n    time.sleep(30)\nelse:\n    time.sleep(30)\n"


def test_a_process_group_holds_the_server_and_its_forked_workers_only() -> None:
    server = subprocess.Popen([sys.executable, "-c", FORKING], start_new_session=True)
    try:
        for _ in range(50):
            members = {int(entry.name) for entry in process_group(server.pid)}
            if len(members) == 2:
                break
            time.sleep(0.1)
        assert server.pid in members and len(members) == 2
        assert not {int(entry.name) for entry in process_group(server.pid + 10**7)}
    finally:
        subprocess.run(["kill", "--", f"-{server.pid}"], check=False)
        server.wait()
