"""idempotency claims: a key is claimed before the turn is stored

Revision ID: 0003
Revises: 0002

A key's row is now inserted first, as a claim with a lease, and completed in the same
transaction as the turn's node. Rows written before this revision were complete responses.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    with op.batch_alter_table("idempotency", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_token", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE idempotency SET completed_at = created_at")


def downgrade() -> None:
    op.execute("DELETE FROM idempotency WHERE completed_at IS NULL")
    with op.batch_alter_table("idempotency", schema=None) as batch_op:
        batch_op.drop_column("completed_at")
        batch_op.drop_column("lease_until")
        batch_op.drop_column("claim_token")
