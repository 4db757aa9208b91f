"""topics and supersession

Memories belong to real topics (``topic_id``; it replaces ``theme_id``, which grouped
near-paraphrases only under the id of their first memory), and a memory restated by a newer
one points at it (``superseded_by``). Stored profiles trade the per-topic count cap
(``max_per_topic``) for a share cap (``max_topic_share``), and lose ``pinned_share`` and
``relevant_share``: pins take their room before any share is counted, and relevant memories
take what the salient reservation leaves.

Revision ID: 0002
Revises: 0001
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"

# What a tenant's per-topic count cap becomes as a share of the block: 2 → 0.4, 3 → 0.5,
# 5 or more → 0.7 (the presets' values).
_SHARE_FOR_COUNT = {1: 0.3, 2: 0.4, 3: 0.5, 4: 0.6}


def upgrade() -> None:
    with op.batch_alter_table("nodes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("topic_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("superseded_by", sa.String(length=36), nullable=True))
    op.execute("UPDATE nodes SET topic_id = theme_id")
    with op.batch_alter_table("nodes", schema=None) as batch_op:
        batch_op.alter_column("topic_id", existing_type=sa.String(length=36), nullable=False)
        batch_op.drop_column("theme_id")
    op.execute("UPDATE concepts SET kind = 'topic' WHERE kind = 'theme'")
    _migrate_profiles()


def _migrate_profiles() -> None:
    conn = op.get_bind()
    tenants = sa.table("tenants", sa.column("tenant_id"), sa.column("profile", sa.JSON))
    for tenant_id, profile in conn.execute(sa.select(tenants.c.tenant_id, tenants.c.profile)):
        if isinstance(profile, str):
            profile = json.loads(profile)
        template = (profile or {}).get("injection_template")
        if not isinstance(template, dict):
            continue
        if "max_per_topic" in template:
            count = int(template.pop("max_per_topic"))
            template["max_topic_share"] = _SHARE_FOR_COUNT.get(count, 0.7)
        # Pins now take their room before any share is counted, and the relevant channel
        # takes whatever the salient reservation leaves.
        template.pop("pinned_share", None)
        template.pop("relevant_share", None)
        conn.execute(
            sa.update(tenants).where(tenants.c.tenant_id == tenant_id).values(profile=profile)
        )


def downgrade() -> None:
    with op.batch_alter_table("nodes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("theme_id", sa.String(length=36), nullable=True))
    op.execute("UPDATE nodes SET theme_id = topic_id")
    with op.batch_alter_table("nodes", schema=None) as batch_op:
        batch_op.alter_column("theme_id", existing_type=sa.String(length=36), nullable=False)
        batch_op.drop_column("superseded_by")
        batch_op.drop_column("topic_id")
    op.execute("UPDATE concepts SET kind = 'theme' WHERE kind = 'topic'")
