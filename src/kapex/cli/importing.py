"""``kapex import FILE --user ID``: a conversation file into one user's memory, via the API.

Works with the client install alone (``pip install kapex``); talks to the server named by
``--base-url`` / ``KAPEX_BASE_URL`` with the key in ``KAPEX_API_KEY``. Rerunning the same
command after an interruption resumes where it stopped and stores no turn twice
(``kapex.importing.runner``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tqdm import tqdm

from kapex.client.errors import ApiError
from kapex.client.sync import Kapex
from kapex.importing import formats, runner


def _default_state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "kapex" / "imports"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "import",
        help="import a conversation file into one user's memory (resumable)",
        description=(
            "Import JSONL turns, a LoCoMo- or BEAM-style conversation, or a mem0 export into "
            "the memory of one end user, in batches through the API. Rerun the same command "
            "after an interruption to resume: no turn is stored twice."
        ),
    )
    parser.add_argument("file", type=Path, help="the file to import")
    parser.add_argument("--user", required=True, help="the end user the turns belong to")
    parser.add_argument(
        "--format",
        choices=["auto", *formats.FORMATS],
        default="auto",
        help="file format (default: detected from the content)",
    )
    parser.add_argument(
        "--speaker",
        help="LoCoMo: the speaker who is the user (the other becomes 'assistant'); "
        "default: both speakers are stored as the user's words",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=50,
        help=f"turns per request, 1-{runner.MAX_BATCH_SIZE} (default 50)",
    )
    parser.add_argument("--base-url", help="KAPEX API base (default: $KAPEX_BASE_URL)")
    parser.add_argument(
        "--state-dir",
        type=Path,
        default=None,
        help="where resume checkpoints are kept (default: ~/.local/state/kapex/imports)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path: Path = args.file
    if not path.is_file():
        print(f"kapex import: no such file: {path}", file=sys.stderr)
        return 2
    if not 1 <= args.batch_size <= runner.MAX_BATCH_SIZE:
        print(f"kapex import: --batch-size must be 1-{runner.MAX_BATCH_SIZE}", file=sys.stderr)
        return 2
    fmt = formats.detect(path) if args.format == "auto" else args.format
    parsed = formats.read(path, fmt=fmt, speaker=args.speaker)
    if not parsed.turns:
        print(f"kapex import: {path} holds no turns to import ({fmt}).", file=sys.stderr)
        return 2
    identity = runner.run_id(
        digest=runner.file_digest(path), user_id=args.user, batch_size=args.batch_size
    )
    cut = runner.batches(parsed.turns, size=args.batch_size)
    with Kapex(base_url=args.base_url) as client:
        try:
            tenant = client.account().tenant_id  # also checks the key before any work
        except ApiError as error:
            print(f"kapex import: {error}", file=sys.stderr)
            return 1
        checkpoint = runner.Checkpoint.for_import(
            args.state_dir or _default_state_dir(),
            run_id=identity,
            base_url=client.base_url,
            tenant_id=tenant,
        )
        return _send(args, client, parsed, cut, fmt=fmt, identity=identity, checkpoint=checkpoint)


def _send(
    args: argparse.Namespace,
    client: Kapex,
    parsed: formats.Parsed,
    cut: list[runner.Batch],
    *,
    fmt: str,
    identity: str,
    checkpoint: runner.Checkpoint,
) -> int:
    path: Path = args.file
    done = checkpoint.done()
    already = sum(len(b.turns) for b in cut[:done])
    print(
        f"Importing {len(parsed.turns)} turns ({fmt}) from {path.name} for user {args.user}"
        + (f", resuming after {already}" if already else "")
        + (f"; skipped {parsed.skipped} empty or system line(s)" if parsed.skipped else "")
        + "".join(f"; {note}" for note in parsed.notes),
        file=sys.stderr,
        flush=True,
    )
    with tqdm(total=len(parsed.turns), initial=already, unit="turn", file=sys.stderr) as bar:
        try:
            outcome = runner.send_all(
                client,
                user_id=args.user,
                cut=cut,
                identity=identity,
                checkpoint=checkpoint,
                source=str(path.resolve()),
                on_batch=bar.update,
            )
        except ApiError as error:
            bar.close()
            print(
                f"kapex import: stopped: {error}\nRerun the same command to resume; nothing "
                "acknowledged so far will be stored twice.",
                file=sys.stderr,
            )
            return 1
        except KeyboardInterrupt:
            bar.close()
            print("\nkapex import: interrupted. Rerun the same command to resume.", file=sys.stderr)
            return 130
    suppressed = outcome.turns - outcome.resumed_from - outcome.stored
    print(
        f"Done: {outcome.turns - outcome.resumed_from} turn(s) sent in "
        f"{outcome.batches_sent} batch(es)"
        + (f", {suppressed} withheld by a suppress pin" if suppressed else "")
        + ".",
        file=sys.stderr,
    )
    return 0
