"""passages of long messages, with their vectors

Revision ID: 0005
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"


def upgrade() -> None:
    with op.batch_alter_table("nodes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("passages", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("passage_vectors", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("nodes", schema=None) as batch_op:
        batch_op.drop_column("passage_vectors")
        batch_op.drop_column("passages")
