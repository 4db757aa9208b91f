"""Each worker's view of a user, kept consistent with storage.

The consistency rule lives here and only here (``UserViews``): every write to a user's graph
bumps ``users.revision`` and appends what it changed to the user's change record
(``store/changes.py``) in the same transaction. A request reads the current revision (one
indexed primary-key lookup) and uses its cached view when the revisions match. When the view
is behind, it catches up: it reads the changes after its revision and applies just those
(the touched memories are read back by id), so a write on another worker costs this worker
one small query, not a reload. It reloads the user whole only when it never held it, when
the record no longer reaches back to its revision, or when pins or the embedding model
changed. A worker applies its own write in place when the write produced the very next
revision; otherwise the view is dropped and reloaded. A user erased and created again
starts its revisions anew under a new ``users.incarnation``: a view of the old one is never
caught up with the new one's changes.

A node's cached form has one constructor, ``node_view``, used for a row read back from
storage and for the row a write returns, so a warm and a cold worker answer identically.

Vectors are only ever compared with vectors of the same model. A node whose stored vector
was made by another model than the running embedder (``KAPEX_EMBEDDER`` changed, and
``kapex admin reembed`` not yet run) enters the index with a zero vector: words, names and
dates still find it, cosine never does. Pins are few, so a pin of another model is
re-embedded when the view loads (its meaning is what suppression matches on).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import hashlib
import logging
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import numpy as np

from kapex import metrics
from kapex.clock import as_utc
from kapex.engine.retrieval import UserIndex
from kapex.engine.signals import is_statement
from kapex.engine.supersession import Claim
from kapex.models.embedder import Embedder
from kapex.services import view_snapshot
from kapex.services.index_cache import IndexCache, NodeView, UserView
from kapex.services.message_vectors import stored_passages
from kapex.store import changes
from kapex.store.memory import GraphUpdate, MemoryStore, PinRecord, WriteResult
from kapex.store.snapshots import Snapshot

log = logging.getLogger(__name__)

#: A worker stores a user's snapshot when its view is this many revisions past the newest
#: snapshot it knows of, so a cold load applies at most about this many revisions of
#: changes on top of the snapshot it reads (each costs ~0.2 ms per memory it changed).
SNAPSHOT_EVERY = 50
#: Users with fewer memories are built from their rows on load (a few ms): no snapshot.
SNAPSHOT_MIN_NODES = 200


def vector_from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)


def legacy_thread(node_id: str) -> str:
    """The thread of a memory stored before threads existed: its own, named so that no other
    memory ever records this memory's id (erasure leaves no trace of a deleted memory)."""
    return "t-" + hashlib.sha256(node_id.encode()).hexdigest()[:32]


def node_view(row: Any, *, model_id: str | None = None, dim: int = 384) -> NodeView:
    """The cached form of a stored node row (the one constructor; see the module doc). Its
    vector is zeros (and its passages are left out) unless ``model_id`` (when given) made it."""
    signals = row.signals
    foreign = model_id is not None and row.model_id != model_id
    passages, passage_vectors = stored_passages(
        None if foreign else row.passages, row.passage_vectors, dim=dim
    )
    return NodeView(
        node_id=row.node_id,
        topic=row.topic,
        topic_id=row.topic_id,
        summary=row.summary,
        role=row.role,
        node_type=row.node_type,
        session_id=row.session_id,
        event_time=as_utc(row.event_time),
        created_at=as_utc(row.created_at),
        base_score=float(row.base_score),
        lcs=float(signals.get("lcs", 0.5)),
        processing_count=int(row.processing_count),
        last_remention_at=as_utc(row.last_remention_at) if row.last_remention_at else None,
        remention_count=int(row.remention_count),
        entities=list(row.entities),
        metadata=dict(row.metadata),
        vector=np.zeros(dim, np.float32) if foreign else vector_from_bytes(row.embedding),
        superseded_by=row.superseded_by,
        claims=[
            Claim(family=family, subjects=frozenset(subjects), things=frozenset(things))
            for family, subjects, things in signals.get("claims", ())
        ],
        statement=bool(signals.get("statement", is_statement(row.content))),
        passages=passages,
        passage_vectors=passage_vectors,
        seq=int(row.seq),
        thread=str(signals.get("thread") or legacy_thread(row.node_id)),
    )


class UserViews:
    def __init__(
        self,
        *,
        store: MemoryStore,
        cache: IndexCache,
        embedder: Embedder,
        snapshot_every: int = SNAPSHOT_EVERY,
        snapshot_min_nodes: int = SNAPSHOT_MIN_NODES,
        vectors: str = "float32",
        snapshot_vectors: str = "float32",
    ) -> None:
        self._store = store
        self._cache = cache
        self._embedder = embedder
        self._dim = embedder.dim
        self._snapshot_every = snapshot_every
        self._snapshot_min_nodes = snapshot_min_nodes
        # The index matrix's dtype (``Settings.index_vectors``) and the precision of the
        # vectors it holds: float16 when either setting says so (``snapshot_vectors``). A
        # snapshot stores the matrix in that precision, so float16 reads half the bytes;
        # each memory's vector is rounded to it when it enters a view (``_add_row``), so a
        # view restored from a snapshot, one built from the rows and one written to in
        # place hold the same vectors to the bit under any setting.
        self._vectors = vectors
        self._precision = "float16" if "float16" in (vectors, snapshot_vectors) else "float32"
        # Only snapshots of this packing, matrix dtype and precision are restored.
        self._format = f"{view_snapshot.FORMAT}/{vectors}/{self._precision}"
        # Snapshots are packed and written off the request path, one at a time.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kapex-snapshot")
        self._saving: set[tuple[str, str]] = set()
        self._saving_lock = threading.Lock()

    def close(self) -> None:
        """Finish the snapshot writes under way (before the engine is disposed)."""
        self._writer.shutdown(wait=True)

    def current(self, tenant_id: str, user_id: str) -> UserView | None:
        """The user's up-to-date view, or None when the user does not exist."""
        version = self._store.version(tenant_id, user_id)
        if version is None:
            self._cache.forget_user(tenant_id, user_id)
            return None
        revision, incarnation = version
        cached = self._cache.get(tenant_id, user_id)
        if cached is not None and cached.incarnation != incarnation:
            cached = None  # the user was erased and created again since: nothing carries over
        if cached is not None and cached.revision == revision:
            metrics.INDEX_CACHE.labels("hit").inc()
            return cached
        if cached is not None and 0 <= cached.revision < revision:
            with cached.lock, metrics.timed(metrics.STAGE_SECONDS, "view", "catch_up"):
                if self._caught_up(tenant_id, user_id, cached, revision):
                    metrics.INDEX_CACHE.labels("catch_up").inc()
                    self._cache.put(tenant_id, user_id, cached)
                    self._keep_snapshot(tenant_id, user_id, cached)
                    return cached
        with metrics.timed(metrics.STAGE_SECONDS, "view", "load"):
            return self._load(tenant_id, user_id, revision, incarnation)

    def _caught_up(self, tenant_id: str, user_id: str, view: UserView, revision: int) -> bool:
        """Apply the changes after ``view.revision`` to the view in place; False (the view
        untouched) when only a full load can bring it to ``revision``."""
        if view.revision >= revision:
            return True  # another request caught it up while this one waited for the lock
        found = self._store.changes_since(tenant_id, user_id, view.revision)
        covered = {c.revision for c in found}
        # Every revision from the view's to the one read must be recorded (none trimmed),
        # and none may need a reload.
        if not covered.issuperset(range(view.revision + 1, revision + 1)) or any(
            c.kind in (changes.PINS, changes.REBUILD) for c in found
        ):
            return False
        deleted = {view.created_at_seq(c.seq) for c in found if c.kind == changes.DELETED and c.seq}
        touched = {
            c.node_id for c in found if c.kind in (changes.ADDED, changes.UPDATED) and c.node_id
        }
        # Memories the view holds changed only in their state: read just that; new ones whole.
        held = [i for i in touched if i in view.nodes]
        states = self._store.node_states(tenant_id, user_id, held)
        rows = self._store.view_rows(
            tenant_id, user_id, [i for i in touched if i not in view.nodes]
        )
        for node_id in deleted | (touched - {r.node_id for r in [*states, *rows]}):
            if node_id:
                view.remove(node_id)
        for state in states:
            view.changed(state.node_id, **_refreshed(state))
        model_id = self._embedder.model_id
        for row in rows:  # in write order, as a full load adds them
            _add_row(view, row, model_id=model_id, dim=self._dim)
        # Rows read after the record may already show later writes; applying those again
        # when their records are read next time changes nothing. The view claims only the
        # revisions it applied without a gap.
        while view.revision + 1 in covered:
            view.revision += 1
        return True

    def _load(
        self, tenant_id: str, user_id: str, revision: int, incarnation: str | None
    ) -> UserView:
        """The user's view at ``revision`` or later: its snapshot caught up with the changes
        after it when one can be (one read and the catch-up), else built from every row."""
        with metrics.timed(metrics.STAGE_SECONDS, "view", "snapshot_read"):
            snapshot = self._store.snapshot(tenant_id, user_id)
        view = self._restored(tenant_id, user_id, snapshot, revision, incarnation)
        metrics.INDEX_CACHE.labels("miss" if view is None else "snapshot").inc()
        built = view is None
        if view is None:
            view = self._built(tenant_id, user_id, revision, incarnation)
        view.pins = [self._same_model(pin) for pin in self._store.list_pins(tenant_id, user_id)]
        view.pin_vectors = _pin_matrix(view, self._dim)
        self._cache.put(tenant_id, user_id, view)
        # A view built from its rows found no snapshot it could use: store one now.
        self._keep_snapshot(tenant_id, user_id, view, replace=built)
        self._submit(_release_free_memory)
        return view

    def _submit(self, task: Any, *args: Any) -> bool:
        try:
            self._writer.submit(task, *args)
        except RuntimeError:  # shut down: the process is stopping
            return False
        return True

    def _restored(
        self,
        tenant_id: str,
        user_id: str,
        snapshot: Snapshot | None,
        revision: int,
        incarnation: str | None,
    ) -> UserView | None:
        """The view ``snapshot`` holds, caught up to ``revision``; None when it cannot be
        used: of another creation of the user or another model or format, ahead of the user
        (a write rolled back after it was taken cannot be, but nothing is assumed), or
        behind further than the change record reaches."""
        if (
            snapshot is None
            or snapshot.incarnation != incarnation
            or snapshot.model_id != self._embedder.model_id
            or snapshot.format != self._format
            or snapshot.revision > revision
        ):
            return None
        assert not isinstance(snapshot.blob, list)  # parts are only ever written
        try:
            with _collection_paused():
                with metrics.timed(metrics.STAGE_SECONDS, "view", "snapshot_unpack"):
                    state = view_snapshot.unpack(snapshot.blob)
                with metrics.timed(metrics.STAGE_SECONDS, "view", "snapshot_restore"):
                    view = UserView.from_state(state, vectors=self._vectors)
        except (ValueError, KeyError, IndexError, TypeError):
            # Not what this release writes under this format: build from the rows instead.
            log.warning("a view snapshot of a user of tenant %s is unreadable", tenant_id)
            return None
        view.saved_revision = snapshot.revision
        with metrics.timed(metrics.STAGE_SECONDS, "view", "snapshot_catch_up"):
            if view.revision < revision and not self._caught_up(tenant_id, user_id, view, revision):
                return None
        return view

    def _built(
        self, tenant_id: str, user_id: str, revision: int, incarnation: str | None
    ) -> UserView:
        """The view built from every stored memory (its words split, its topic words and
        index entries derived, one memory at a time)."""
        view = self.empty()
        view.revision = revision
        view.incarnation = incarnation
        model_id = self._embedder.model_id
        foreign = 0
        for row in self._store.view_rows(tenant_id, user_id):
            _add_row(view, row, model_id=model_id, dim=self._dim)
            foreign += row.model_id != model_id
        if foreign:
            log.warning(
                "%d memories of a user of tenant %s were embedded by another model than %s: "
                "they are found by words only until `kapex admin reembed %s` is run",
                foreign,
                tenant_id,
                model_id,
                tenant_id,
            )
        return view

    def _keep_snapshot(
        self, tenant_id: str, user_id: str, view: UserView, *, replace: bool = False
    ) -> None:
        """Have the user's snapshot rewritten (off the request path) when ``view`` is
        ``snapshot_every`` revisions past the newest one it knows of, or at once when
        ``replace`` (the stored one, if any, could not serve a load)."""
        behind = view.revision - view.saved_revision >= self._snapshot_every
        if not (behind or replace) or len(view.nodes) < self._snapshot_min_nodes:
            return
        key = (tenant_id, user_id)
        with self._saving_lock:
            if key in self._saving:
                return
            self._saving.add(key)
        if not self._submit(self._save, tenant_id, user_id, view, replace):
            with self._saving_lock:
                self._saving.discard(key)

    def _save(self, tenant_id: str, user_id: str, view: UserView, replace: bool) -> None:
        try:
            stored = self._store.snapshot_revision(tenant_id, user_id, format=self._format)
            with view.lock:
                if not replace and stored is not None and stored > view.saved_revision:
                    view.saved_revision = stored  # another worker wrote one meanwhile
                behind = view.revision - view.saved_revision >= self._snapshot_every
                if view.revision < 0 or not (behind or replace):
                    return
                # A shallow copy under the lock (a few ms: the user's requests wait for
                # it); read, packed and written outside it.
                detached = view.detached()
            try:
                snapshot = Snapshot(
                    incarnation=detached.incarnation,
                    revision=detached.revision,
                    model_id=self._embedder.model_id,
                    format=self._format,
                    blob=view_snapshot.parts(detached.state()),
                )
                del detached
                # The parts view the vector matrix the copy borrowed: lent until written.
                saved = self._store.save_snapshot(tenant_id, user_id, snapshot)
            finally:
                view.index.returned()
            if saved:
                view.saved_revision = max(view.saved_revision, snapshot.revision)
        except Exception:
            log.warning(
                "could not store a view snapshot of a user of tenant %s", tenant_id, exc_info=True
            )
        finally:
            with self._saving_lock:
                self._saving.discard((tenant_id, user_id))
            _release_free_memory()

    def _same_model(self, pin: PinRecord) -> PinRecord:
        if pin.model_id == self._embedder.model_id:
            return pin
        vector = self._embedder.embed([pin.topic])[0]
        return replace(
            pin, model_id=self._embedder.model_id, embedding=vector.astype(np.float32).tobytes()
        )

    def empty(self) -> UserView:
        """A view for a user about to be created by this request."""
        index = UserIndex(dim=self._dim, vectors=self._vectors, precision=self._precision)
        return UserView(revision=0, index=index)

    def forget(self, tenant_id: str, user_id: str) -> None:
        self._cache.forget_user(tenant_id, user_id)

    def applied(
        self,
        tenant_id: str,
        user_id: str,
        view: UserView,
        *,
        result: WriteResult,
        change: GraphUpdate,
    ) -> None:
        """Bring ``view`` up to the revision a write of this worker produced, in place, or
        mark it stale when another write came in between (the rule in the module doc)."""
        other_user = view.revision > 0 and result.incarnation != view.incarnation
        if result.revision != view.revision + 1 or other_user:
            self._cache.forget_user(tenant_id, user_id)
            view.revision = -1
            return
        stored = result.row
        for node_id in result.evicted_node_ids:
            view.remove(node_id)
        nodes = view.nodes
        for node_id in change.processed_node_ids:
            if node_id in nodes:
                count = nodes[node_id].processing_count + change.processing_step
                view.changed(node_id, processing_count=count)
        for node_id in change.rementioned_node_ids:
            if node_id in nodes:
                view.changed(
                    node_id,
                    remention_count=nodes[node_id].remention_count + 1,
                    last_remention_at=as_utc(stored.event_time),
                )
        for node_id in change.superseded_node_ids:
            if node_id in nodes:
                view.changed(node_id, superseded_by=stored.node_id)
        _add_row(view, stored, model_id=None, dim=self._dim)
        view.revision = result.revision
        view.incarnation = result.incarnation
        self._cache.put(tenant_id, user_id, view)
        self._keep_snapshot(tenant_id, user_id, view)


def _add_row(view: UserView, row: Any, *, model_id: str | None, dim: int) -> None:
    """Add a stored node to a view, with the words split at ingest when the row has them."""
    words = row.words.split() if row.words is not None else None
    node = node_view(row, model_id=model_id, dim=dim)
    precision = view.index.precision
    if precision != np.float32:
        # The vector in the precision the view holds, which is what a view restored from a
        # snapshot of this one reads back (``UserViews.__init__``).
        node = replace(node, vector=node.vector.astype(precision).astype(np.float32))
    view.add(node, content=row.content, words=words)


_LIBC = ctypes.util.find_library("c")
_MALLOC_TRIM = getattr(ctypes.CDLL(_LIBC), "malloc_trim", None) if _LIBC else None


def _release_free_memory() -> None:
    """Give the C heap's free pages back to the system (glibc only; elsewhere nothing).

    A load or a snapshot write briefly holds several copies of a user's data (the blob, the
    driver's result buffer, the decoded header, the rows of a build from scratch). Freed,
    they stay in the process's heap: glibc returns memory only from the top of its heap, and
    after a large block is freed it serves later large ones from the heap as well. The
    worker's resident memory then grows by about the size of those copies per user loaded,
    beyond what the cache is charged. Measured after one cold load of 5,000 memories (a view
    charged 39.2 MB), in a fresh process: RSS +60 MB from the snapshot, +46 MB trimmed; +103
    MB built from the rows, +68 MB trimmed (the rest is Python's arenas, freed only when
    wholly empty)."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


@contextmanager
def _collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while a snapshot becomes a view: restoring creates
    tens of thousands of acyclic objects (the names, sessions and topic counts built at
    load), and each generation-2 pass they trigger walks every object of the worker (its
    models included), which cost more than the restore itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _refreshed(row: Any) -> dict[str, Any]:
    """What a write changes on an existing memory (``store/memory.py``'s ``_apply_update``):
    its processing and re-mention state and what supersedes it (``MemoryStore.node_states``
    reads exactly these)."""
    return {
        "processing_count": int(row.processing_count),
        "remention_count": int(row.remention_count),
        "last_remention_at": as_utc(row.last_remention_at) if row.last_remention_at else None,
        "superseded_by": row.superseded_by,
    }


def _pin_matrix(view: UserView, dim: int) -> np.ndarray:
    if not view.pins:
        return np.zeros((0, dim), np.float32)
    return np.vstack([vector_from_bytes(p.embedding) for p in view.pins])
