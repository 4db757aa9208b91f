"""The tables, as SQLAlchemy Core objects shared by SQLite and PostgreSQL.

Migrations (``store/migrations``) create exactly these; a test compares the migrated database
with this metadata so the two cannot drift. Every row that belongs to an end user carries
``tenant_id`` and ``user_id`` so that isolation and erasure are single-predicate queries.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

TS = DateTime(timezone=True)

tenants = Table(
    "tenants",
    metadata,
    Column("tenant_id", String(80), primary_key=True),
    Column("company_name", String(200), nullable=False),
    Column("slug", String(80), nullable=False, index=True),
    Column("email", String(320), nullable=False, unique=True),  # stored lower-cased
    Column("contact_name", String(200), nullable=False),
    Column("tier", String(20), nullable=False),
    Column("suspended", Integer, nullable=False, default=0),
    Column("trial_ends", TS, nullable=True),
    Column("custom_limits", JSON, nullable=True),
    Column("profile", JSON, nullable=True),
    Column("created_at", TS, nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("key_id", String(40), primary_key=True),
    Column("tenant_id", String(80), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("prefix", String(20), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("created_at", TS, nullable=False),
    Column("last_used_at", TS, nullable=True),
    Column("revoked_at", TS, nullable=True),
)

idempotency = Table(
    "idempotency",
    metadata,
    Column("tenant_id", String(80), primary_key=True),
    Column("idem_key", String(255), primary_key=True),
    Column("user_id", String(128), nullable=False),
    Column("request_hash", String(64), nullable=False),
    # The response so far: a batch's item responses are added as each item commits.
    Column("response", JSON, nullable=False),
    Column("created_at", TS, nullable=False),
    # Who is working on the key (a random token per claim) and until when; NULL once done.
    Column("claim_token", String(32), nullable=True),
    Column("lease_until", TS, nullable=True),
    Column("completed_at", TS, nullable=True),
)

users = Table(
    "users",
    metadata,
    Column("tenant_id", String(80), primary_key=True),
    Column("user_id", String(128), primary_key=True),
    Column("created_at", TS, nullable=False),
    Column("last_active_at", TS, nullable=False),
    # Bumped by every write to the user's graph; workers compare it to their cached index.
    Column("revision", Integer, nullable=False, default=0),
    Column("node_count", Integer, nullable=False, default=0),
    # Random per creation of the user: a user erased and created again restarts its
    # revisions, and a worker still holding the old one's view must not take the new one's
    # changes for its own (NULL for users created before migration 0006).
    Column("incarnation", String(32), nullable=True),
)

nodes = Table(
    "nodes",
    metadata,
    Column("node_id", String(36), primary_key=True),
    Column("tenant_id", String(80), nullable=False),
    Column("user_id", String(128), nullable=False),
    Column("node_type", String(20), nullable=False),
    # The user's revision that created the node: a per-user write order (turn order within
    # a session, which timestamps alone do not give when a session shares one date).
    Column("seq", Integer, nullable=False),
    Column("topic", String(200), nullable=False),
    # The topic this memory belongs to (engine/topic_groups.py); its own id, so erasing a
    # memory leaves no trace of its id in the memories of its topic.
    Column("topic_id", String(36), nullable=False),
    Column("summary", Text, nullable=False),
    Column("content", Text, nullable=False),
    Column("role", String(20), nullable=False),
    Column("session_id", String(128), nullable=True),
    Column("domain", String(40), nullable=False),
    Column("event_time", TS, nullable=False),
    Column("created_at", TS, nullable=False),
    Column("updated_at", TS, nullable=False),
    Column("last_accessed_at", TS, nullable=True),
    Column("base_score", Float, nullable=False),
    Column("signals", JSON, nullable=False),
    Column("processing_count", Integer, nullable=False, default=0),
    Column("last_remention_at", TS, nullable=True),
    Column("remention_count", Integer, nullable=False, default=0),
    Column("entities", JSON, nullable=False),
    Column("safety", JSON, nullable=False),
    Column("metadata", JSON, nullable=False),
    Column("model_id", String(80), nullable=False),
    Column("embedding", LargeBinary, nullable=False),
    # The newer memory that restates what this one stated (engine/supersession.py).
    Column("superseded_by", String(36), nullable=True),
    # A long message's passages (its words, cut to block-line size) and their vectors, by the
    # same model as ``embedding`` (float32 rows); NULL for a message that is one passage.
    Column("passages", JSON, nullable=True),
    Column("passage_vectors", LargeBinary, nullable=True),
    # The content's words as written (``engine/lexical.py``'s ``content_words``), joined by
    # spaces, computed at ingest so that loading a user does not split every memory's text
    # again; NULL for rows stored before migration 0007 (split at load instead).
    Column("words", Text, nullable=True),
    # Owner first, then the id: lookups of given nodes stay on this index even where the
    # planner has no statistics (SQLite would otherwise scan all of a user's nodes).
    Index("ix_nodes_owner", "tenant_id", "user_id", "node_id"),
)

node_events = Table(
    "node_events",
    metadata,
    Column("event_id", Integer, primary_key=True, autoincrement=True),
    Column("tenant_id", String(80), nullable=False),
    Column("user_id", String(128), nullable=False),
    Column("node_id", String(36), nullable=False),
    # remention | processed; a node's creation is its own event_time, not a row here.
    Column("kind", String(20), nullable=False),
    Column("at", TS, nullable=False),
    Index("ix_node_events_owner", "tenant_id", "user_id", "node_id"),
)

entities = Table(
    "entities",
    metadata,
    Column("entity_id", String(36), primary_key=True),
    Column("tenant_id", String(80), nullable=False),
    Column("user_id", String(128), nullable=False),
    Column("name", String(200), nullable=False),
    Column("norm_name", String(200), nullable=False),
    Column("label", String(20), nullable=False),
    Column("first_seen", TS, nullable=False),
    Column("last_seen", TS, nullable=False),
    Column("mention_count", Integer, nullable=False, default=1),
    UniqueConstraint("tenant_id", "user_id", "norm_name", name="uq_entities_owner_name"),
)

concepts = Table(
    "concepts",
    metadata,
    # Graph nodes that are neither memories nor entities: topics (keyed by topic id), the
    # user's interests, and facets (attributes) of entities. Keyed per user by kind and key.
    Column("concept_id", String(36), primary_key=True),
    Column("tenant_id", String(80), nullable=False),
    Column("user_id", String(128), nullable=False),
    Column("kind", String(20), nullable=False),  # topic | interest | facet
    Column("key", String(300), nullable=False),
    Column("label", String(300), nullable=False),
    Column("first_seen", TS, nullable=False),
    Column("last_seen", TS, nullable=False),
    Column("mention_count", Integer, nullable=False, default=1),
    UniqueConstraint("tenant_id", "user_id", "kind", "key", name="uq_concepts_owner_key"),
)

edges = Table(
    "edges",
    metadata,
    Column("edge_id", String(36), primary_key=True),
    Column("tenant_id", String(80), nullable=False),
    Column("user_id", String(128), nullable=False),
    Column("src_id", String(36), nullable=False),
    Column("dst_id", String(36), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("created_at", TS, nullable=False),
    Index("ix_edges_owner_src", "tenant_id", "user_id", "src_id"),
    Index("ix_edges_owner_dst", "tenant_id", "user_id", "dst_id"),
)

pins = Table(
    "pins",
    metadata,
    Column("pin_id", String(36), primary_key=True),
    Column("tenant_id", String(80), nullable=False),
    Column("user_id", String(128), nullable=False),
    Column("topic", String(500), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("note", Text, nullable=True),
    Column("model_id", String(80), nullable=False),
    Column("embedding", LargeBinary, nullable=False),
    Column("created_at", TS, nullable=False),
    Index("ix_pins_owner", "tenant_id", "user_id"),
)

user_changes = Table(
    "user_changes",
    metadata,
    # What each revision of a user changed (store/changes.py), written in the revision's own
    # transaction: a worker holding an older revision applies just these. Trimmed to the
    # most recent revisions; a worker further behind rebuilds the user.
    Column("change_id", Integer, primary_key=True, autoincrement=True),
    Column("tenant_id", String(80), nullable=False),
    Column("user_id", String(128), nullable=False),
    Column("revision", Integer, nullable=False),
    # added | updated | deleted | pins | rebuild | erased (the record of a deleted memory)
    Column("kind", String(20), nullable=False),
    # The memory added or updated. A deleted memory's id is erased everywhere, here too: its
    # deletion names it by ``seq`` (the revision that created it, which the views know).
    Column("node_id", String(36), nullable=True),
    Column("seq", Integer, nullable=True),
    Index("ix_user_changes_owner", "tenant_id", "user_id", "revision"),
)

user_snapshots = Table(
    "user_snapshots",
    metadata,
    # One packed view of a user as of ``revision`` (services/view_snapshot.py): a worker
    # loading the user reads this one row and applies the change record after ``revision``
    # instead of rebuilding the view from every memory. Derived data: deleting it only makes
    # the next load slower (it is rewritten then).
    Column("tenant_id", String(80), primary_key=True),
    Column("user_id", String(128), primary_key=True),
    Column("incarnation", String(32), nullable=True),
    Column("revision", Integer, nullable=False),
    # The embedding model of its vectors and the packing format: a snapshot of another is
    # not used.
    Column("model_id", String(80), nullable=False),
    Column("format", String(20), nullable=False),
    Column("blob", LargeBinary, nullable=False),
)

#: Tables holding data about one end user (erasure and the scan tests walk these).
USER_TABLES = (
    users,
    nodes,
    node_events,
    entities,
    concepts,
    edges,
    pins,
    idempotency,
    user_changes,
    user_snapshots,
)
#: Every table holding data of a tenant.
TENANT_TABLES = (tenants, api_keys, *USER_TABLES)


def fit(column: Column[str], value: str) -> str:
    """``value`` cut to ``column``'s length. Labels derived from what users write (topics,
    entity and concept names) must fit their columns: PostgreSQL refuses longer strings,
    SQLite would keep them, and both must store the same thing."""
    length = getattr(column.type, "length", None)
    return value[:length] if length else value
