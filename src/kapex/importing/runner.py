"""Sending a parsed file through ``/ingest/batch``, resumable without a duplicate turn.

How "exactly once" holds across an interruption (Ctrl-C, a crash, ``kill -9``):

1. Batches are cut deterministically from the file (at most ``batch_size`` turns and
   ``MAX_BATCH_BYTES`` of JSON), so a rerun of the same file produces the same batches.
2. Each batch's ``Idempotency-Key`` is derived from the file's sha256, the user and the
   batch's position. A batch the server stored but whose answer never arrived is sent again
   with the same key and the server returns its first answer, storing nothing (within the
   server's 24-hour idempotency window).
3. A checkpoint file records the batches the server acknowledged, so a rerun skips them
   without a request, even after the 24-hour window has passed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kapex.client.sync import Kapex
from kapex.importing.formats import Turn

#: Under the service's 1 MB body limit with room for the envelope.
MAX_BATCH_BYTES = 900_000
#: The service's limit on items per batch.
MAX_BATCH_SIZE = 100


@dataclass(frozen=True)
class Batch:
    index: int
    start: int  # position of the first turn in the file's turn list
    turns: list[Turn]

    def items(self) -> list[dict[str, Any]]:
        return [turn.item() for turn in self.turns]


def batches(turns: list[Turn], *, size: int) -> list[Batch]:
    """``turns`` cut into consecutive batches of at most ``size`` turns and MAX_BATCH_BYTES."""
    if not 1 <= size <= MAX_BATCH_SIZE:
        raise ValueError(f"batch size must be 1-{MAX_BATCH_SIZE}")
    cut: list[Batch] = []
    current: list[Turn] = []
    start = weight = 0
    for position, turn in enumerate(turns):
        cost = len(json.dumps(turn.item(), ensure_ascii=False).encode()) + 2
        if current and (len(current) == size or weight + cost > MAX_BATCH_BYTES):
            cut.append(Batch(index=len(cut), start=start, turns=current))
            current, start, weight = [], position, 0
        current.append(turn)
        weight += cost
    if current:
        cut.append(Batch(index=len(cut), start=start, turns=current))
    return cut


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    """Which batches of one (file, user, batching) import the server has acknowledged."""

    path: Path

    @classmethod
    def for_import(
        cls, state_dir: Path, *, run_id: str, base_url: str, tenant_id: str
    ) -> Checkpoint:
        """The checkpoint of one import into one tenant on one server (a rotated key keeps it;
        the same file imported elsewhere starts afresh)."""
        where = hashlib.sha256(f"{run_id}\n{base_url}\n{tenant_id}".encode()).hexdigest()[:40]
        return cls(state_dir / f"{where}.json")

    def done(self) -> int:
        """How many leading batches are acknowledged (0 when there is no checkpoint)."""
        try:
            return int(json.loads(self.path.read_text())["batches_done"])
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            return 0

    def record(self, batches_done: int, *, turns_done: int, source: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".tmp")
        partial.write_text(
            json.dumps({"source": source, "batches_done": batches_done, "turns_done": turns_done})
        )
        os.replace(partial, self.path)  # atomic: a kill never leaves half a checkpoint


@dataclass(frozen=True)
class Outcome:
    turns: int
    stored: int  # turns that became memories (the others were suppressed by a pin)
    resumed_from: int  # turns already acknowledged by an earlier run
    batches_sent: int


def run_id(*, digest: str, user_id: str, batch_size: int) -> str:
    """One import's identity: the same file, user and batching give the same idempotency keys
    (the server scopes keys to the tenant, so they need not name it)."""
    seed = f"{digest}\n{user_id}\n{batch_size}".encode()
    return hashlib.sha256(seed).hexdigest()[:40]


def send_all(
    client: Kapex,
    *,
    user_id: str,
    cut: list[Batch],
    identity: str,
    checkpoint: Checkpoint,
    source: str,
    on_batch: Callable[[int], object],
) -> Outcome:
    """Send every batch not yet acknowledged; ``on_batch(n)`` after each with its turn count."""
    done = checkpoint.done()
    already = sum(len(b.turns) for b in cut[:done])
    stored = sent = 0
    for batch in cut[done:]:
        answer = client.ingest_batch(
            user_id, batch.items(), idempotency_key=f"import-{identity}-{batch.index}"
        )
        stored += sum(1 for r in answer.results if r.node_id)
        sent += 1
        checkpoint.record(batch.index + 1, turns_done=batch.start + len(batch.turns), source=source)
        on_batch(len(batch.turns))
    return Outcome(
        turns=sum(len(b.turns) for b in cut),
        stored=stored,
        resumed_from=already,
        batches_sent=sent,
    )
