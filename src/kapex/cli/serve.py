"""``kapex serve``: run the HTTP API with uvicorn."""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import tempfile
from pathlib import Path

from kapex.settings import Settings


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("serve", help="run the HTTP API")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--ssl-certfile", help="serve TLS with this certificate (PEM)")
    parser.add_argument("--ssl-keyfile", help="private key for --ssl-certfile (PEM)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    settings = Settings()
    # Fail here, with a readable message, rather than in every worker.
    settings.check_safe_to_start()
    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        raise SystemExit("kapex serve: give both --ssl-certfile and --ssl-keyfile, or neither")
    scheme = "https" if args.ssl_certfile else "http"
    # Never print credentials a database URL may carry: only what follows the "@".
    where = settings.sqlalchemy_url.split("@")[-1]
    print(f"KAPEX serving on {scheme}://{args.host}:{args.port}/api/v1 (data: {where})", flush=True)
    if args.workers > 1:
        _share_metrics_between_workers()
    uvicorn.run(
        "kapex.api.asgi:build",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        access_log=False,
        log_config=None,
        proxy_headers=False,  # our middleware decides which proxies to trust
        server_header=False,
    )
    return 0


def _share_metrics_between_workers() -> None:
    """Point every worker at one folder for its metric samples (prometheus_client's
    multiprocess mode), so ``/metrics`` on any worker reports all of them.

    Set before the workers start (they import the metrics afresh); an operator's own
    ``PROMETHEUS_MULTIPROC_DIR`` is used and emptied, otherwise a private folder is made and
    removed at exit.
    """
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        for stale in Path(folder).glob("*.db"):  # samples of an earlier run
            stale.unlink()
    else:
        folder = tempfile.mkdtemp(prefix="kapex-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
